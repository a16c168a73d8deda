// [voice]: spoken calls — the sentence, the clips, the sound device and how
// numbers are read.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

constexpr Key<VoiceConfig> voiceKeys[] = {
    {"enabled", false, &readInto<&VoiceConfig::enabled>},
    {"template", false, &readInto<&VoiceConfig::templateText>},
    {"clip_dir", false, &readInto<&VoiceConfig::clipDir>},
    {"device", false, &readInto<&VoiceConfig::device>},
    {"max_backlog", false, &readInto<&VoiceConfig::maxBacklog>},
    {"max_wait_seconds", false, &readInto<&VoiceConfig::maxWaitSeconds>},
    {"zero_tens", false, &readInto<&VoiceConfig::zeroTens>},
    {"thousand", false, &readInto<&VoiceConfig::thousand>},
    {"four_as_tu", false, &readInto<&VoiceConfig::fourAsTu>},
    {"code_reading", false, &readInto<&VoiceConfig::codeReading>},
};

void checkVoice(const OfficeConfig& config, Problems& problems) {
    const VoiceConfig& voice = config.voice;
    checkAtLeast("voice.max_backlog", voice.maxBacklog, 0, problems);
    checkAtLeast("voice.max_wait_seconds", voice.maxWaitSeconds, 1, problems);
    if (voice.zeroTens != "linh" && voice.zeroTens != "le") {
        problems.add("voice.zero_tens", "must be \"linh\" or \"le\"");
    }
    if (voice.thousand != "nghin" && voice.thousand != "ngan") {
        problems.add("voice.thousand", "must be \"nghin\" or \"ngan\"");
    }
    if (voice.codeReading != "number" && voice.codeReading != "digits") {
        problems.add("voice.code_reading", "must be \"number\" or \"digits\"");
    }
}

} // namespace

extern const ConfigSection voiceSection{"voice", false, &readTable<&OfficeConfig::voice, voiceKeys>, nullptr,
                                        &checkVoice};

} // namespace qmsd::config_detail
