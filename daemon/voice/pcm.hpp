#pragma once
// Mono 16-bit PCM in memory: what clips are loaded as, what the joiner makes
// and what the player plays.
#include <cstdint>
#include <vector>

namespace qmsd::voice {

struct Pcm {
    int sampleRate = 22050;
    std::vector<std::int16_t> samples;

    // Whole milliseconds, rounded down.
    std::int64_t durationMs() const {
        return sampleRate > 0 ? static_cast<std::int64_t>(samples.size()) * 1000 / sampleRate : 0;
    }
};

} // namespace qmsd::voice
