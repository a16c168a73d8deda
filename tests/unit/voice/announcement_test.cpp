// Templates → clip ids and words, against a clip set given as a list of names.
#include "voice/announcement.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace qmsd::voice;

namespace {

struct Clips {
    std::set<std::string, std::less<>> ids;
    AnnouncementTemplate::HasClip has() const {
        return [this](std::string_view id) { return ids.count(id) > 0; };
    }
};

Clips fullSet() {
    Clips c;
    for (const std::string& id : fixedVocabulary()) {
        c.ids.insert(id);
    }
    c.ids.insert({"say_moi_cong_dan_co_so", "say_den_quay_so"});
    return c;
}

AnnouncementTemplate parse(std::string_view text) {
    auto t = AnnouncementTemplate::parse(text);
    REQUIRE(t.ok());
    return *t;
}

} // namespace

TEST_CASE("the default template says the issue's sentence with natural numbers") {
    const Clips clips = fullSet();
    auto spoken = parse(defaultTemplate).render({"1023", 3, "Quầy 3"}, {}, clips.has());
    REQUIRE(spoken.ok());
    CHECK(spoken->text == "Mời công dân có số một nghìn không trăm hai mươi ba đến quầy số ba");
    CHECK(spoken->clips.front() == "chime");
    CHECK(spoken->clips[1] == "say_moi_cong_dan_co_so");
}

TEST_CASE("a prefixed code: letter name, then the number without its zero padding") {
    const Clips clips = fullSet();
    const auto tmpl = parse(defaultTemplate);
    CHECK(tmpl.render({"A012", 3, ""}, {}, clips.has())->text ==
          "Mời công dân có số a mười hai đến quầy số ba");
    CHECK(tmpl.render({"B105", 12, ""}, {}, clips.has())->text ==
          "Mời công dân có số bê một trăm linh năm đến quầy số mười hai");
    CHECK(tmpl.render({"P000", 1, ""}, {}, clips.has())->text ==
          "Mời công dân có số pê không đến quầy số một");
    SpeechStyle digits;
    digits.codeReading = CodeReading::digits;
    CHECK(tmpl.render({"A012", 3, ""}, digits, clips.has())->text ==
          "Mời công dân có số a không một hai đến quầy số ba");
}

TEST_CASE("codes with Đ, lower case, or characters that cannot be read") {
    CHECK(clipsText(*codeClips("Đ7", {})) == "đê bảy");
    CHECK(clipsText(*codeClips("c21", {})) == "xê hai mươi mốt");
    CHECK(clipsText(*codeClips("AB-24", {})) == "a bê hai mươi tư");
    CHECK_FALSE(codeClips("A#1", {}).ok());
    CHECK_FALSE(codeClips("", {}).ok());
}

TEST_CASE("a phrase without its own clip is said word by word") {
    Clips clips = fullSet();
    clips.ids.insert({"say_xin", "say_moi", "say_den", "say_ban"});
    auto spoken = parse("Xin mời {code}, đến bàn {counter}").render({"A1", 2, ""}, {}, clips.has());
    REQUIRE(spoken.ok());
    CHECK(spoken->clips ==
          std::vector<std::string>{"say_xin", "say_moi", "letter_a", "num_1", "say_den", "say_ban", "num_2"});
}

TEST_CASE("a missing clip is an error naming the files that would fix it") {
    const Clips clips = fullSet();
    auto spoken = parse("Mời ông bà {code}").render({"A1", 2, ""}, {}, clips.has());
    REQUIRE_FALSE(spoken.ok());
    CHECK_THAT(spoken.error().message, Catch::Contains("say_moi_ong_ba.wav"));
    CHECK_THAT(spoken.error().message, Catch::Contains("say_ong.wav"));
}

TEST_CASE("counter names are read: words by phrase clips, digits as numbers") {
    Clips clips = fullSet();
    clips.ids.insert({"say_quay", "say_moi", "say_den"});
    auto spoken = parse("Mời {code} đến {counter_name}").render({"A21", 15, "Quầy 15"}, {}, clips.has());
    REQUIRE(spoken.ok());
    CHECK(spoken->text == "Mời a hai mươi mốt đến Quầy mười lăm");
}

TEST_CASE("digits in the template's own text are numbers too") {
    Clips clips = fullSet();
    clips.ids.insert({"say_den_phong", "say_moi"});
    CHECK(parse("Mời {code} đến phòng 204").render({"A1", 1, ""}, {}, clips.has())->text ==
          "Mời a một đến phòng hai trăm linh bốn");
}

TEST_CASE("bad templates are refused with a reason") {
    CHECK_THAT(AnnouncementTemplate::parse("Mời {cod} đến").error().message, Catch::Contains("{cod}"));
    CHECK_FALSE(AnnouncementTemplate::parse("Mời {code đến").ok());
    CHECK_FALSE(AnnouncementTemplate::parse("Mời công dân").ok()); // never says the number
    // "bà" and "ba" would be one file, say_ba.wav
    CHECK_THAT(AnnouncementTemplate::parse("Mời bà {code} ba").error().message,
               Catch::Contains("say_ba.wav"));
}

TEST_CASE("phrase clip names drop tone marks and punctuation") {
    CHECK(phraseClip("Mời công dân có số") == "say_moi_cong_dan_co_so");
    CHECK(phraseClip("đến quầy, số") == "say_den_quay_so");
    CHECK(phraseClip("Đất đai") == "say_dat_dai");
}
