#include "app/voice_setup.hpp"
#include "core/data_dir.hpp"

#include <filesystem>

namespace qmsd {

voice::VoiceSettings voiceSettingsFrom(const VoiceConfig& c) {
    voice::VoiceSettings s;
    s.enabled = c.enabled;
    s.templateText = c.templateText;
    s.clipDir = c.clipDir;
    s.device = c.device;
    // The set installed beside this binary (core/data_dir.hpp), the install
    // prefix's, or the one this build generated (the demo runs from the tree).
    std::error_code ec;
    std::filesystem::path beside = installedDataDir() / "voice";
    s.defaultClipDir = !installedDataDir().empty() && std::filesystem::is_directory(beside, ec)
                           ? beside.string()
                           : std::filesystem::is_directory(QMSD_VOICE_CLIP_DIR, ec) ? QMSD_VOICE_CLIP_DIR
                                                                                    : QMSD_VOICE_BUILD_CLIP_DIR;
    s.speech.numbers.zeroTensLe = c.zeroTens == "le";
    s.speech.numbers.thousandNgan = c.thousand == "ngan";
    s.speech.numbers.fourAsTu = c.fourAsTu;
    s.speech.codeReading = c.codeReading == "digits" ? voice::CodeReading::digits : voice::CodeReading::number;
    s.queue.maxBacklog = static_cast<std::size_t>(std::max(c.maxBacklog, 0));
    s.queue.maxWait = Millis{static_cast<std::int64_t>(c.maxWaitSeconds) * 1000};
    return s;
}

Result<std::unique_ptr<voice::VoiceService>> startVoice(boost::asio::io_context& io, const OfficeConfig& config,
                                                       voice::VoiceService::Publish publish) {
    voice::VoiceSettings settings = voiceSettingsFrom(config.voice);
    // Every code and counter this office can call, so a clip missing for any
    // of them is found now, not at the first call that needs it.
    std::vector<voice::CallInfo> samples;
    for (const auto& c : config.counters) {
        for (const auto& f : config.fields) {
            samples.push_back({formatTicketCode(f.numbering, f.numbering.last), c.number, c.name});
        }
    }
    auto announcer = voice::Announcer::create(settings, samples);
    if (!announcer) {
        return makeError(ErrorCode::configInvalid, "[voice]: " + announcer.error().message);
    }
    auto names = std::make_shared<std::map<int, std::string>>();
    for (const auto& c : config.counters) {
        (*names)[c.number] = c.name;
    }
    return std::make_unique<voice::VoiceService>(
        io, std::move(*announcer), settings, std::move(publish), [names](int counter) {
            auto it = names->find(counter);
            return it == names->end() ? std::to_string(counter) : it->second;
        });
}

} // namespace qmsd
