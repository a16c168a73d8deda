#include "voice/announcer.hpp"

#include "voice/vocabulary.hpp"

namespace qmsd::voice {

Result<Announcer> Announcer::create(const VoiceSettings& settings,
                                    const std::vector<CallInfo>& samples) {
    Result<ClipLibrary> clips = ClipLibrary::load(settings.defaultClipDir, settings.clipDir);
    if (!clips) {
        return clips.error();
    }
    return create(settings, std::move(*clips), samples);
}

Result<Announcer> Announcer::create(const VoiceSettings& settings, ClipLibrary clips,
                                    const std::vector<CallInfo>& samples) {
    if (Status st = validate(settings.join); !st) {
        return st.error();
    }
    Result<AnnouncementTemplate> tmpl = AnnouncementTemplate::parse(settings.templateText);
    if (!tmpl) {
        return tmpl.error();
    }
    const std::vector<std::string> missing = clips.missing(fixedVocabulary());
    if (!missing.empty()) {
        std::string list;
        for (const std::string& id : missing) {
            list += (list.empty() ? "" : ", ") + id + ".wav";
        }
        return makeError(ErrorCode::invalidArgument, "clip folder lacks " + list);
    }
    Announcer a;
    a.template_ = std::move(*tmpl);
    a.style_ = settings.speech;
    a.join_ = settings.join;
    a.sampleRate_ = clips.sampleRate();
    for (const std::string& id : clips.ids()) {
        const std::string name = clips.source(id).empty() ? id : clips.source(id);
        Result<Pcm> t = trimClip(*clips.find(id), settings.join, name);
        if (!t) {
            return t.error();
        }
        a.trimmed_.emplace(id, std::move(*t));
    }
    for (const CallInfo& call : samples) {
        if (Result<Rendered> r = a.render(call); !r) {
            return makeError(r.error().code, "announcing " + call.code + " at counter " +
                                                 std::to_string(call.counterNumber) + ": " +
                                                 r.error().message);
        }
    }
    return a;
}

Result<Rendered> Announcer::render(const CallInfo& call) const {
    const auto has = [this](std::string_view id) { return trimmed_.find(id) != trimmed_.end(); };
    Result<Spoken> spoken = template_.render(call, style_, has);
    if (!spoken) {
        return spoken.error();
    }
    std::vector<const Pcm*> parts;
    parts.reserve(spoken->clips.size());
    for (const std::string& id : spoken->clips) {
        parts.push_back(&trimmed_.find(id)->second);
    }
    Result<Joined> joined = joinTrimmed(parts, join_);
    if (!joined) {
        return joined.error();
    }
    return Rendered{std::move(*spoken), std::move(joined->pcm)};
}

} // namespace qmsd::voice
