#pragma once
// Joins clips into one announcement without gaps or clicks: each clip is cut
// to its sound plus a fixed pad of its own quiet on each side (zeros where the
// file has none), its outer edges are faded, and neighbours overlap by a short
// linear crossfade inside those pads. So between two words there is exactly
// 2·pad − crossfade of near-silence, whatever silence the files came with.
#include "core/result.hpp"
#include "voice/pcm.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qmsd::voice {

struct JoinSettings {
    int silenceThreshold = 300; // |sample| at or below this is quiet (about −40 dBFS)
    int padMs = 30;             // quiet kept before and after each clip's sound
    int crossfadeMs = 10;       // overlap of neighbouring pads; at most padMs
    int edgeFadeMs = 5;         // fade at each clip's outer edges; at most padMs
};

struct SampleSpan {
    std::size_t first = 0; // first sample above the threshold
    std::size_t last = 0;  // last sample above the threshold
};

// Where a clip's sound is; nullopt for a clip that is all quiet.
std::optional<SampleSpan> soundSpan(const Pcm& clip, int threshold);

Status validate(const JoinSettings& settings);

// One clip cut to its sound ± pad, edges faded: (last − first + 1) + 2·pad
// samples. `name` labels the error for a clip with no sound.
Result<Pcm> trimClip(const Pcm& clip, const JoinSettings& settings, const std::string& name);

struct Joined {
    Pcm pcm;
    std::vector<std::size_t> clipStarts; // where each trimmed clip begins in pcm
};

// Joins already trimmed clips (trimClip) of one sample rate. Length is
// Σ lengths − crossfade·(count − 1).
Result<Joined> joinTrimmed(std::span<const Pcm* const> trimmed, const JoinSettings& settings);

int msToSamples(int ms, int sampleRate);

} // namespace qmsd::voice
