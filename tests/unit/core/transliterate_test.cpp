// Vietnamese to ASCII for hardware that cannot show it.
#include "core/transliterate.hpp"

#include <catch2/catch.hpp>

using qmsd::toAscii;

TEST_CASE("every Vietnamese letter keeps its base letter") {
    CHECK(toAscii("Quầy 3 – Hộ tịch") == "Quay 3 - Ho tich");
    CHECK(toAscii("Đất đai") == "Dat dai");
    CHECK(toAscii("Chứng thực") == "Chung thuc");
    CHECK(toAscii("Người có công với cách mạng") == "Nguoi co cong voi cach mang");
    CHECK(toAscii("ỨNG DỤNG ƯU TIÊN Ở ĐÂY") == "UNG DUNG UU TIEN O DAY");
    CHECK(toAscii("ă â ê ô ơ ư đ Ă Â Ê Ô Ơ Ư Đ") == "a a e o o u d A A E O O U D");
    // All five tones on one vowel, lower and upper case.
    CHECK(toAscii("àáảãạ ÀÁẢÃẠ ằắẳẵặ ầấẩẫậ ềếểễệ ồốổỗộ ờớởỡợ ừứửữự ỳýỷỹỵ") ==
          "aaaaa AAAAA aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy");
}

TEST_CASE("decomposed text (base + combining marks) also comes out clean") {
    // "Hộ" written as H, o, U+0302, U+0323
    CHECK(toAscii("Ho\xCC\x82\xCC\xA3 ti\xCC\xA3\x63h") == "Ho tich");
}

TEST_CASE("ASCII passes through; what has no ASCII form becomes ?") {
    CHECK(toAscii("A012 -> 3") == "A012 -> 3");
    CHECK(toAscii("A012 → Quầy 3") == "A012 -> Quay 3");
    CHECK(toAscii("漢") == "?");
    CHECK(toAscii("\xE1\xBA") == "?"); // truncated sequence
}
