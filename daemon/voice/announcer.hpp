#pragma once
// Turns a call into the audio to play: template → clip ids → trimmed clips
// joined. Everything that can be wrong with the clips (a missing word, a
// bad file, a silent clip) is found by create(), at start-up or reload,
// never at the moment a citizen is called.
#include "core/result.hpp"
#include "voice/announcement.hpp"
#include "voice/clip_library.hpp"
#include "voice/voice_settings.hpp"

#include <map>
#include <string>
#include <vector>

namespace qmsd::voice {

struct Rendered {
    Spoken spoken;
    Pcm pcm;
};

class Announcer {
  public:
    // `samples` are calls that must be sayable (one per counter and ticket
    // prefix is enough): each is rendered once as a check.
    static Result<Announcer> create(const VoiceSettings& settings, const std::vector<CallInfo>& samples);
    // The same, with clips already in memory (tests).
    static Result<Announcer> create(const VoiceSettings& settings, ClipLibrary clips,
                                    const std::vector<CallInfo>& samples);

    Result<Rendered> render(const CallInfo& call) const;
    int sampleRate() const { return sampleRate_; }

  private:
    AnnouncementTemplate template_;
    SpeechStyle style_;
    JoinSettings join_;
    std::map<std::string, Pcm, std::less<>> trimmed_;
    int sampleRate_ = 0;
};

} // namespace qmsd::voice
