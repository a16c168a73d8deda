// Clip folders: the generated default set, overridden file by file by an
// office's recordings; and whole announcements from the real generated clips.
#include "voice/announcer.hpp"
#include "voice/clip_library.hpp"
#include "voice/wav_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace qmsd::voice;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / ("qmsd-voice-" + std::to_string(getpid()) + "-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string str() const { return path.string(); }
};

Pcm tone(int rate, double freq, int ms) {
    Pcm p;
    p.sampleRate = rate;
    const int n = rate * ms / 1000;
    for (int i = 0; i < n; ++i) {
        p.samples.push_back(static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * freq * i / rate)));
    }
    return p;
}

void write(const TempDir& dir, const std::string& id, const Pcm& pcm) {
    REQUIRE(writeWavFile((dir.path / (id + ".wav")).string(), pcm).ok());
}

bool generated() { return fs::exists(fs::path(QMSD_VOICE_BUILD_CLIP_DIR) / "num_0.wav"); }

} // namespace

TEST_CASE("an office's recording replaces the default clip of the same name") {
    TempDir defaults("defaults"), office("office");
    write(defaults, "num_1", tone(22050, 300, 200));
    write(defaults, "num_2", tone(22050, 300, 300));
    write(office, "num_2", tone(22050, 500, 700));
    write(office, "say_moi_ong_ba", tone(22050, 500, 900));
    auto lib = ClipLibrary::load(defaults.str(), office.str());
    REQUIRE(lib.ok());
    CHECK(lib->size() == 3);
    CHECK(lib->find("num_1")->samples.size() == 22050 * 200 / 1000);
    CHECK(lib->find("num_2")->samples.size() == 22050 * 700 / 1000);
    CHECK(lib->source("num_2") == (office.path / "num_2.wav").string());
    CHECK(lib->has("say_moi_ong_ba"));
    CHECK(lib->missing({"num_1", "num_3"}) == std::vector<std::string>{"num_3"});
}

TEST_CASE("a clip of another sample rate or format is an error naming the file") {
    TempDir defaults("defaults2"), office("office2");
    write(defaults, "num_1", tone(22050, 300, 200));
    write(defaults, "num_2", tone(22050, 300, 200));
    write(office, "num_1", tone(44100, 300, 200));
    auto lib = ClipLibrary::load(defaults.str(), office.str());
    REQUIRE_FALSE(lib.ok());
    // The office's rate wins; the default clip it did not replace is named.
    CHECK_THAT(lib.error().message, Catch::Contains("num_2.wav") && Catch::Contains("44100"));

    TempDir broken("broken");
    std::ofstream(broken.path / "chime.wav") << "not a wav";
    auto bad = ClipLibrary::load(broken.str(), "");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("chime.wav"));
    CHECK_FALSE(ClipLibrary::load((broken.path / "nope").string(), "").ok());
}

TEST_CASE("the generated default clip set is complete and 16-bit mono 22.05 kHz") {
    if (!generated()) {
        WARN("no generated clips in " QMSD_VOICE_BUILD_CLIP_DIR " (espeak-ng missing?)");
        return;
    }
    auto lib = ClipLibrary::load(QMSD_VOICE_BUILD_CLIP_DIR, "");
    REQUIRE(lib.ok());
    CHECK(lib->sampleRate() == 22050);
    CHECK(lib->missing(fixedVocabulary()).empty());
    for (const std::string& id : lib->ids()) {
        INFO(id);
        const Pcm& p = *lib->find(id);
        CHECK(p.durationMs() > 100); // a spoken word, not an empty file
        CHECK(p.durationMs() < 4000);
        CHECK(soundSpan(p, JoinSettings{}.silenceThreshold).has_value());
    }
}

TEST_CASE("a real announcement from the generated clips: length, joins, quiet") {
    if (!generated()) {
        WARN("no generated clips");
        return;
    }
    VoiceSettings settings;
    settings.defaultClipDir = QMSD_VOICE_BUILD_CLIP_DIR;
    auto announcer = Announcer::create(settings, {{"A012", 3, "Quầy 3"}, {"1023", 6, "Quầy 6"}});
    REQUIRE(announcer.ok());
    auto lib = ClipLibrary::load(QMSD_VOICE_BUILD_CLIP_DIR, "");
    REQUIRE(lib.ok());

    auto r = announcer->render({"1023", 3, "Quầy 3"});
    REQUIRE(r.ok());
    CHECK(r->spoken.text == "Mời công dân có số một nghìn không trăm hai mươi ba đến quầy số ba");
    const JoinSettings& s = settings.join;
    const int rate = lib->sampleRate();
    const std::size_t pad = static_cast<std::size_t>(msToSamples(s.padMs, rate));
    const std::size_t fade = static_cast<std::size_t>(msToSamples(s.crossfadeMs, rate));
    const std::size_t edge = static_cast<std::size_t>(msToSamples(s.edgeFadeMs, rate));

    // Length: every clip's sound plus two pads, minus one crossfade per join.
    std::size_t expected = 0;
    std::vector<std::size_t> sounds;
    for (const std::string& id : r->spoken.clips) {
        auto span = soundSpan(*lib->find(id), s.silenceThreshold);
        REQUIRE(span.has_value());
        sounds.push_back(span->last - span->first + 1);
        expected += sounds.back() + 2 * pad;
    }
    expected -= fade * (r->spoken.clips.size() - 1);
    CHECK(r->pcm.samples.size() == expected);
    CHECK(r->pcm.durationMs() > 2000);
    CHECK(r->pcm.durationMs() < 10000);

    // At every join the quiet between one clip's sound and the next is at
    // most 2 pads − crossfade (plus an edge fade where a file had no silence).
    std::size_t at = 0; // start of the current clip in the output
    for (std::size_t k = 0; k + 1 < sounds.size(); ++k) {
        const std::size_t soundEnd = at + pad + sounds[k];          // first sample after clip k's sound
        const std::size_t nextStart = soundEnd + 2 * pad - fade;    // clip k+1's first loud sample
        std::size_t quiet = 0, longest = 0;
        for (std::size_t i = soundEnd - edge; i < nextStart + edge; ++i) {
            quiet = std::abs(r->pcm.samples[i]) <= s.silenceThreshold ? quiet + 1 : 0;
            longest = std::max(longest, quiet);
        }
        INFO("join after " << r->spoken.clips[k]);
        CHECK(longest >= 2 * pad - fade);
        CHECK(longest <= 2 * pad - fade + 2 * edge);
        at += sounds[k] + 2 * pad - fade;
    }
}

TEST_CASE("start-up finds what a template and the counters need before anyone is called") {
    if (!generated()) {
        WARN("no generated clips");
        return;
    }
    VoiceSettings settings;
    settings.defaultClipDir = QMSD_VOICE_BUILD_CLIP_DIR;
    settings.templateText = "{chime} Kính mời {code} đến {counter_name}";
    auto a = Announcer::create(settings, {{"A1", 1, "Quầy 1"}});
    REQUIRE_FALSE(a.ok());
    CHECK_THAT(a.error().message, Catch::Contains("say_kinh_moi.wav"));
    settings.templateText = "{chime} Mời {code} đến {counter_name}";
    CHECK(Announcer::create(settings, {{"A1", 1, "Quầy 1"}}).ok());
    auto unknownWord = Announcer::create(settings, {{"A1", 1, "Phòng họp 1"}});
    REQUIRE_FALSE(unknownWord.ok());
    CHECK_THAT(unknownWord.error().message, Catch::Contains("say_hop.wav"));
}
