// Joining clips: exact length, the quiet between words, no clicks, and the
// same result whatever silence a clip file came with.
#include "voice/wav_concat.hpp"
#include "voice/wav_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>

using namespace qmsd::voice;

namespace {

constexpr int kRate = 22050;

// A tone that starts and stops at full amplitude (cosine from its peak): cut
// like this, it clicks wherever it meets something else.
Pcm hardTone(double freq, int samples, int leadingZeros = 0, int trailingZeros = 0) {
    Pcm p;
    p.sampleRate = kRate;
    p.samples.assign(static_cast<std::size_t>(leadingZeros), 0);
    for (int i = 0; i < samples; ++i) {
        p.samples.push_back(static_cast<std::int16_t>(
            std::lround(12000.0 * std::cos(2 * M_PI * freq * i / kRate))));
    }
    p.samples.resize(p.samples.size() + static_cast<std::size_t>(trailingZeros), 0);
    return p;
}

int maxStep(const std::vector<std::int16_t>& s, std::size_t from = 0, std::size_t to = SIZE_MAX) {
    int m = 0;
    for (std::size_t i = std::max<std::size_t>(from, 1); i < std::min(to, s.size()); ++i) {
        m = std::max(m, std::abs(s[i] - s[i - 1]));
    }
    return m;
}

// The first and last sample above the threshold, found here independently.
std::pair<std::size_t, std::size_t> loudSpan(const Pcm& p, int threshold) {
    std::size_t first = SIZE_MAX, last = 0;
    for (std::size_t i = 0; i < p.samples.size(); ++i) {
        if (std::abs(p.samples[i]) > threshold) {
            first = std::min(first, i);
            last = i;
        }
    }
    return {first, last};
}

std::vector<Pcm> trimAll(const std::vector<Pcm>& clips, const JoinSettings& s) {
    std::vector<Pcm> out;
    for (const Pcm& c : clips) {
        auto t = trimClip(c, s, "test");
        REQUIRE(t.ok());
        out.push_back(*t);
    }
    return out;
}

Joined join(const std::vector<Pcm>& trimmed, const JoinSettings& s) {
    std::vector<const Pcm*> ptrs;
    for (const Pcm& p : trimmed) {
        ptrs.push_back(&p);
    }
    auto j = joinTrimmed(ptrs, s);
    REQUIRE(j.ok());
    return *j;
}

} // namespace

TEST_CASE("length is the sum of the sounds, plus pads, minus crossfades, to the sample") {
    const JoinSettings s;
    const std::vector<Pcm> raw{hardTone(440, 3000, 800, 2500), hardTone(330, 5000, 0, 0),
                               hardTone(550, 1234, 4000, 17)};
    const std::size_t pad = static_cast<std::size_t>(s.padMs) * kRate / 1000;
    const std::size_t fade = static_cast<std::size_t>(s.crossfadeMs) * kRate / 1000;
    std::size_t expected = 0;
    for (const Pcm& c : raw) {
        auto [first, last] = loudSpan(c, s.silenceThreshold);
        expected += last - first + 1 + 2 * pad;
    }
    expected -= fade * (raw.size() - 1);
    const Joined j = join(trimAll(raw, s), s);
    CHECK(j.pcm.samples.size() == expected);
    CHECK(j.pcm.sampleRate == kRate);
}

TEST_CASE("between two clips the quiet is exactly 2 pads minus the crossfade") {
    JoinSettings s;
    const std::size_t gap = (2 * static_cast<std::size_t>(s.padMs) - s.crossfadeMs) * kRate / 1000;
    // Clips with generous silence of their own, as recorded or synthesized files have.
    const std::vector<Pcm> raw{hardTone(440, 3000, 5000, 9000), hardTone(330, 4000, 7000, 3000),
                               hardTone(550, 2000, 3000, 3000)};
    const Joined j = join(trimAll(raw, s), s);
    std::vector<std::size_t> runs; // quiet runs strictly inside the announcement
    auto [first, last] = loudSpan(j.pcm, s.silenceThreshold);
    std::size_t run = 0;
    for (std::size_t i = first; i <= last; ++i) {
        if (std::abs(j.pcm.samples[i]) <= s.silenceThreshold) {
            ++run;
        } else if (run > 0) {
            runs.push_back(run);
            run = 0;
        }
    }
    std::size_t longest = 0;
    std::size_t joins = 0;
    for (std::size_t r : runs) {
        longest = std::max(longest, r);
        joins += r > 20 ? 1 : 0; // longer than a tone's zero crossing
    }
    CHECK(longest == gap);
    CHECK(joins == 2);
}

TEST_CASE("clips cut off mid-sound join without a click") {
    const JoinSettings s;
    const std::vector<Pcm> raw{hardTone(440, 3000), hardTone(330, 3000), hardTone(550, 3000)};
    int inside = 0; // the steepest step the tones themselves make
    for (const Pcm& c : raw) {
        inside = std::max(inside, maxStep(c.samples));
    }
    // Naive concatenation jumps from +12000 to ... at the joins: the click we avoid.
    std::vector<std::int16_t> naive;
    for (const Pcm& c : raw) {
        naive.insert(naive.end(), c.samples.begin(), c.samples.end());
    }
    naive.insert(naive.begin(), 0); // and from silence into full amplitude
    CHECK(maxStep(naive) > inside * 3 / 2);

    const Joined j = join(trimAll(raw, s), s);
    CHECK(maxStep(j.pcm.samples) <= inside + 200);
    CHECK(j.pcm.samples.front() == 0);
    CHECK(std::abs(j.pcm.samples.back()) <= s.silenceThreshold);
}

TEST_CASE("a clip's own leading and trailing silence does not change the result") {
    const JoinSettings s;
    const Pcm tight = hardTone(440, 3000, 0, 0);
    const Pcm roomy = hardTone(440, 3000, 5000, 5000);
    const Pcm roomier = hardTone(440, 3000, 20000, 7000);
    auto a = trimClip(roomy, s, "a");
    auto b = trimClip(roomier, s, "b");
    auto c = trimClip(tight, s, "c");
    REQUIRE((a.ok() && b.ok() && c.ok()));
    const bool same = a->samples == b->samples;
    CHECK(same);
    // Without silence of its own the clip gets zeros instead, and a fade: same length.
    CHECK(a->samples.size() == c->samples.size());
}

TEST_CASE("a silent clip and bad settings are refused") {
    JoinSettings s;
    Pcm quiet;
    quiet.samples.assign(5000, 100);
    CHECK_THAT(trimClip(quiet, s, "num_7.wav").error().message, Catch::Contains("num_7.wav"));
    s.crossfadeMs = s.padMs + 1;
    CHECK_FALSE(validate(s).ok());
}

TEST_CASE("WAV files round-trip and unusable formats are named") {
    Pcm p = hardTone(440, 777);
    auto back = parseWav(encodeWav(p), "x.wav");
    REQUIRE(back.ok());
    CHECK(back->samples == p.samples);
    CHECK(back->sampleRate == kRate);

    std::vector<std::uint8_t> stereo = encodeWav(p);
    stereo[22] = 2; // channels
    auto bad = parseWav(stereo, "quay.wav");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("quay.wav") && Catch::Contains("mono"));
    std::vector<std::uint8_t> mp3{'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK_THAT(parseWav(mp3, "chime.wav").error().message, Catch::Contains("RIFF"));
}
