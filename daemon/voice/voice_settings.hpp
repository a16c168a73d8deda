#pragma once
// The [voice] section of the office config, as this module wants it. Plain
// data with defaults; the config loader fills and range-checks it.
#include "voice/announcement.hpp"
#include "voice/announcement_queue.hpp"
#include "voice/wav_concat.hpp"

#include <string>

namespace qmsd::voice {

struct VoiceSettings {
    bool enabled = false;
    std::string templateText{defaultTemplate};
    std::string defaultClipDir; // the generated set: <prefix>/share/qmsd/voice
    std::string clipDir;        // the office's recorded clips, file by file over the defaults
    std::string device = "default"; // ALSA PCM name; "" = only offered to TV pages
    SpeechStyle speech;
    QueueSettings queue;
    JoinSettings join;
};

} // namespace qmsd::voice
