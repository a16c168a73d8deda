// Vietnamese for printers: Windows-1258 bytes (from the code page's published
// table), composing decomposed input, and the font having every letter.
#include "escpos/raster_text.hpp"
#include "escpos/text_encoding.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace qmsd::escpos;

TEST_CASE("CP1258: letters with circumflex, breve, horn and đ are single bytes") {
    CHECK(encodeCp1258("Đ đ ă â ê ô ơ ư") == "\xD0 \xF0 \xE3 \xE2 \xEA \xF4 \xF5 \xFD");
}

TEST_CASE("CP1258: tones are a base letter then a combining mark") {
    // CC grave, EC acute, DE tilde, D2 hook above, F2 dot below
    CHECK(encodeCp1258("ệ") == "\xEA\xF2");
    CHECK(encodeCp1258("Lĩnh vực") == "L\x69\xDEnh v\xFD\xF2"
                                      "c");
    CHECK(encodeCp1258("Đất đai") == "\xD0\xE2\xEC"
                                     "t \xF0"
                                     "ai");
    CHECK(encodeCp1258("Số") == "S\xF4\xEC");
    CHECK(encodeCp1258("ả") == "a\xD2");
    // Latin-1 letters CP1258 keeps whole
    CHECK(encodeCp1258("à é") == "\xE0 \xE9");
}

TEST_CASE("CP1258: what it cannot hold becomes ?") {
    CHECK(encodeCp1258("A★B") == "A?B");
}

TEST_CASE("Decomposed Vietnamese (NFD, or a keyboard's 'tổ hợp') prints as the same letters") {
    CHECK(decodeVietnamese("e\xCC\xA3\xCC\x82") == U"ệ"); // e + dot below + circumflex
    CHECK(decodeVietnamese("\xC3\xAA\xCC\xA3") == U"ệ");  // ê + dot below
    CHECK(decodeVietnamese("Vi\xC3\xAA\xCC\xA3t") == U"Việt");
    CHECK(encodeCp1258("e\xCC\xA3\xCC\x82") == "\xEA\xF2");
    CHECK(decodeVietnamese("\xFF"
                           "a") == U"\uFFFDa"); // invalid UTF-8
}

TEST_CASE("DejaVu Sans has every letter of the ticket") {
    auto fonts = FontRenderer::open();
    REQUIRE(fonts.ok());
    const char* all = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
                      "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừ"
                      "ỬửỮữỰựỲỳỴỵỶỷỸỹ";
    CHECK((*fonts)->missingGlyphs(all, false).empty());
    CHECK((*fonts)->missingGlyphs(all, true).empty());
    CHECK((*fonts)->missingGlyphs("A\u4E00", false) == U"\u4E00"); // a letter DejaVu lacks is found
}

namespace {
int blackDots(const Bitmap& b) {
    int n = 0;
    for (int y = 0; y < b.height; ++y)
        for (int x = 0; x < b.width; ++x)
            n += b.get(x, y) ? 1 : 0;
    return n;
}
} // namespace

TEST_CASE("Rendered text draws its diacritics, fits the paper, and wraps long lines") {
    auto opened = FontRenderer::open();
    REQUIRE(opened.ok());
    FontRenderer& fonts = **opened;
    const TextStyle body{30, false, Align::center};
    const Bitmap vi = fonts.render("Đất đai", 576, body);
    const Bitmap ascii = fonts.render("Dat dai", 576, body);
    CHECK(vi.width == 576);
    CHECK(vi.height == ascii.height);
    CHECK(blackDots(vi) > blackDots(ascii)); // the marks are there

    const Bitmap one = fonts.render("UBND", 384, body);
    const Bitmap wrapped =
        fonts.render("Ủy ban nhân dân phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", 384, body);
    CHECK(wrapped.width == 384);
    CHECK(wrapped.height >= 3 * one.height);
    // Centred: as many dots in the left half as in the right, give or take.
    int left = 0, right = 0;
    for (int y = 0; y < one.height; ++y)
        for (int x = 0; x < one.width; ++x)
            (x < one.width / 2 ? left : right) += one.get(x, y) ? 1 : 0;
    CHECK(left > 0);
    CHECK(right > 0);
    CHECK(std::abs(left - right) < (left + right) / 4);
}

TEST_CASE("Capitals with stacked marks are drawn whole, not clipped at the top") {
    auto opened = FontRenderer::open();
    REQUIRE(opened.ok());
    FontRenderer& fonts = **opened;
    for (bool bold : {false, true}) {
        const Bitmap tall = fonts.render("BẢN IN LẠI ẤẨỄ", 576, {30, bold, Align::center});
        const Bitmap plain = fonts.render("BAN IN LAI AAE", 576, {30, bold, Align::center});
        int topRowDots = 0;
        for (int x = 0; x < tall.width; ++x)
            topRowDots += tall.get(x, 0) ? 1 : 0;
        CHECK(topRowDots == 0); // a mark touching the edge would have been cut off
        CHECK(tall.height > plain.height);
    }
}

// The bytes come from glibc's iconv; the reference here is Python's own cp1258
// codec (a table nobody here wrote), with Vietnamese tones split off as the
// code page requires: every letter with every tone, typed precomposed, fully
// decomposed (NFD) or as a keyboard's "tổ hợp" (base with modifier + tone),
// and every other character CP1258 holds in one byte.
TEST_CASE("CP1258: every Vietnamese letter with every tone equals Python's codec") {
    const char* script = R"PY(
import unicodedata as ud
tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
def cp(c):
    try:
        return c.encode("cp1258")
    except UnicodeEncodeError:
        d = ud.normalize("NFD", c)
        t = [x for x in d if x in tones[1:]][0]
        return ud.normalize("NFC", d.replace(t, "", 1)).encode("cp1258") + t.encode("cp1258")
cases = {}
for b in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ":
    for t in tones:
        c = ud.normalize("NFC", b + t)
        cases[c] = cp(c)
        cases[ud.normalize("NFD", c)] = cp(c)
        if t and len(ud.normalize("NFC", b)) == 1:
            cases[ud.normalize("NFC", b) + t] = cp(c)
for i in range(0x80, 0x100):
    try:
        ch = bytes([i]).decode("cp1258")
    except UnicodeDecodeError:
        continue
    if not ud.combining(ch):
        cases[ch] = bytes([i])
for k, v in cases.items():
    print(k.encode().hex(), v.hex())
)PY";
    std::string cmd = "/usr/bin/python3 -c '" + std::string(script) + "'";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    auto unhex = [](const std::string& h) {
        std::string out;
        for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
            out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
        }
        return out;
    };
    char line[256];
    int cases = 0;
    while (std::fgets(line, sizeof line, p) != nullptr) {
        std::string l(line);
        auto space = l.find(' ');
        REQUIRE(space != std::string::npos);
        std::string input = unhex(l.substr(0, space));
        std::string expected = unhex(l.substr(space + 1, l.find_last_not_of("\r\n") - space));
        INFO("input " << l.substr(0, space));
        CHECK(encodeCp1258(input) == expected);
        ++cases;
    }
    CHECK(::pclose(p) == 0);
    CHECK(cases > 400); // 146 letters in 2–3 spellings, plus the code page's other characters
}
