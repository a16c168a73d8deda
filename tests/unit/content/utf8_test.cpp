// UTF-8 as editors type it: what is valid, and lengths in characters.
#include "core/utf8.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;

TEST_CASE("valid UTF-8 is told from byte soup") {
    CHECK(isValidUtf8(""));
    CHECK(isValidUtf8("Hộ tịch – Đăng ký khai sinh"));
    CHECK(isValidUtf8("\xF0\x9F\x98\x80"));       // an emoji, four bytes
    CHECK_FALSE(isValidUtf8("\xC3"));             // cut short
    CHECK_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(isValidUtf8("\xE0\x80\xAF"));     // overlong, three bytes
    CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));     // a UTF-16 surrogate
    CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // beyond U+10FFFF
    CHECK_FALSE(isValidUtf8("Ho\xFFtich"));
    CHECK_FALSE(isValidUtf8("a\x80")); // a continuation byte on its own
}

TEST_CASE("lengths are characters, and prefixes never split one") {
    const std::string s = "Quầy 3 – Hộ tịch";
    CHECK(codePointCount(s) == 16);
    CHECK(s.size() > 16);
    CHECK(bytesOfCodePoints(s, 3) == 5); // "Quầ": 1 + 1 + 3 bytes
    CHECK(s.substr(0, bytesOfCodePoints(s, 3)) == "Quầ");
    CHECK(bytesOfCodePoints(s, 100) == s.size());
    CHECK(bytesOfCodePoints(s, 0) == 0);
}

TEST_CASE("control characters are found, line breaks only where allowed") {
    CHECK_FALSE(hasControlCharacter("Giờ làm việc: 7:30", false));
    CHECK(hasControlCharacter("a\nb", false));
    CHECK_FALSE(hasControlCharacter("a\nb", true));
    CHECK(hasControlCharacter("a\tb", true));
    CHECK(hasControlCharacter(std::string("a\0b", 3), true));
    CHECK(hasControlCharacter("a\x7f", true));
    CHECK(hasControlCharacter("a\xC2\x85", true));      // NEL, a C1 control
    CHECK_FALSE(hasControlCharacter("\xC2\xA0", true)); // a no-break space is text
}
