#include "voice/wav_concat.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace qmsd::voice {
namespace {

std::int16_t scaled(std::int16_t s, double gain) {
    return static_cast<std::int16_t>(std::lround(static_cast<double>(s) * gain));
}

} // namespace

int msToSamples(int ms, int sampleRate) {
    return static_cast<int>(static_cast<std::int64_t>(ms) * sampleRate / 1000);
}

std::optional<SampleSpan> soundSpan(const Pcm& clip, int threshold) {
    const auto loud = [threshold](std::int16_t s) { return std::abs(static_cast<int>(s)) > threshold; };
    const auto first = std::find_if(clip.samples.begin(), clip.samples.end(), loud);
    if (first == clip.samples.end()) {
        return std::nullopt;
    }
    const auto last = std::find_if(clip.samples.rbegin(), clip.samples.rend(), loud);
    return SampleSpan{static_cast<std::size_t>(first - clip.samples.begin()),
                      clip.samples.size() - 1 - static_cast<std::size_t>(last - clip.samples.rbegin())};
}

Status validate(const JoinSettings& s) {
    if (s.silenceThreshold < 0 || s.silenceThreshold > 32767) {
        return makeError(ErrorCode::invalidArgument, "silence threshold must be 0..32767");
    }
    if (s.padMs < 0 || s.padMs > 1000) {
        return makeError(ErrorCode::invalidArgument, "pad must be 0..1000 ms");
    }
    if (s.crossfadeMs < 0 || s.crossfadeMs > s.padMs || s.edgeFadeMs < 0 || s.edgeFadeMs > s.padMs) {
        return makeError(ErrorCode::invalidArgument, "crossfade and edge fade must be 0..pad ms");
    }
    return Ok{};
}

Result<Pcm> trimClip(const Pcm& clip, const JoinSettings& s, const std::string& name) {
    const std::optional<SampleSpan> span = soundSpan(clip, s.silenceThreshold);
    if (!span) {
        return makeError(ErrorCode::invalidArgument,
                         name + ": no sound above the silence threshold (" +
                             std::to_string(s.silenceThreshold) + ")");
    }
    const auto pad = static_cast<std::size_t>(msToSamples(s.padMs, clip.sampleRate));
    const std::size_t from = span->first >= pad ? span->first - pad : 0;
    const std::size_t to = std::min(clip.samples.size() - 1, span->last + pad); // inclusive
    const std::size_t zerosBefore = pad - (span->first - from);
    const std::size_t zerosAfter = pad - (to - span->last);

    Pcm out;
    out.sampleRate = clip.sampleRate;
    out.samples.reserve(zerosBefore + (to - from + 1) + zerosAfter);
    out.samples.assign(zerosBefore, 0);
    out.samples.insert(out.samples.end(), clip.samples.begin() + static_cast<std::ptrdiff_t>(from),
                       clip.samples.begin() + static_cast<std::ptrdiff_t>(to + 1));
    out.samples.resize(out.samples.size() + zerosAfter, 0);

    // Fade the file's own edges: where it had quiet these are quiet anyway,
    // where it was cut mid-sound this removes the step that would click.
    const std::size_t real = to - from + 1;
    const std::size_t fade =
        std::min(static_cast<std::size_t>(msToSamples(s.edgeFadeMs, clip.sampleRate)), real / 2);
    for (std::size_t i = 0; i < fade; ++i) {
        const double gain = static_cast<double>(i + 1) / static_cast<double>(fade + 1);
        std::int16_t& head = out.samples[zerosBefore + i];
        std::int16_t& tail = out.samples[zerosBefore + real - 1 - i];
        head = scaled(head, gain);
        tail = scaled(tail, gain);
    }
    return out;
}

Result<Joined> joinTrimmed(std::span<const Pcm* const> trimmed, const JoinSettings& s) {
    Joined joined;
    if (trimmed.empty()) {
        return makeError(ErrorCode::invalidArgument, "nothing to join");
    }
    const int rate = trimmed.front()->sampleRate;
    joined.pcm.sampleRate = rate;
    const auto fade = static_cast<std::size_t>(msToSamples(s.crossfadeMs, rate));
    std::size_t total = 0;
    for (const Pcm* clip : trimmed) {
        if (clip->sampleRate != rate) {
            return makeError(ErrorCode::invalidArgument, "clips of different sample rates");
        }
        if (clip->samples.size() < 2 * fade) {
            return makeError(ErrorCode::invalidArgument, "clip shorter than two crossfades");
        }
        total += clip->samples.size();
    }
    std::vector<std::int16_t>& out = joined.pcm.samples;
    out.reserve(total);
    for (const Pcm* clip : trimmed) {
        const std::vector<std::int16_t>& in = clip->samples;
        std::size_t skip = 0;
        if (!out.empty()) {
            // Overlap this clip's leading pad with the previous clip's trailing pad.
            const std::size_t at = out.size() - fade;
            for (std::size_t i = 0; i < fade; ++i) {
                const double w = static_cast<double>(i + 1) / static_cast<double>(fade + 1);
                out[at + i] = static_cast<std::int16_t>(
                    std::lround(out[at + i] * (1.0 - w) + in[i] * w));
            }
            skip = fade;
        }
        joined.clipStarts.push_back(out.size() - skip);
        out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(skip), in.end());
    }
    return joined;
}

} // namespace qmsd::voice
