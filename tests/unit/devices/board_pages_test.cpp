// Text on an LED board's lines: wrapped at spaces, never a word cut unless it
// is longer than a line, paged by the board's height.
#include "devices/board_pages.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using Lines = std::vector<std::string>;

TEST_CASE("text wraps at spaces and no word is cut") {
    auto lines =
        wrapText("Bo phan mot cua nghi le Quoc khanh tu 01/9 den 03/9", 16, LineMeasure::bytes);
    CHECK(lines == Lines{"Bo phan mot cua", "nghi le Quoc", "khanh tu 01/9", "den 03/9"});
    for (const auto& l : lines) {
        CHECK(l.size() <= 16);
    }
    // Rejoined, it is the text again: nothing lost, nothing cut.
    std::string joined;
    for (const auto& l : lines) {
        joined += (joined.empty() ? "" : " ") + l;
    }
    CHECK(joined == "Bo phan mot cua nghi le Quoc khanh tu 01/9 den 03/9");
}

TEST_CASE("blanks collapse, line breaks stay, an over-long word is the only thing split") {
    CHECK(wrapText("  a   b  ", 8, LineMeasure::bytes) == Lines{"a b"});
    CHECK(wrapText("Dong mot\nDong hai", 20, LineMeasure::bytes) == Lines{"Dong mot", "Dong hai"});
    CHECK(wrapText("xem https://dichvucong.gov.vn ngay", 10, LineMeasure::bytes) ==
          Lines{"xem", "https://di", "chvucong.g", "ov.vn ngay"});
    CHECK(wrapText("", 10, LineMeasure::bytes).empty());
    CHECK(wrapText("abc", 0, LineMeasure::bytes).empty());
}

TEST_CASE("a board that takes UTF-8 counts characters, not bytes") {
    // 16 characters, 27 bytes: one line on a Unicode board.
    const std::string text = "Quầy 3 tạm dừng: Họp";
    CHECK(wrapText(text, 20, LineMeasure::codePoints) == Lines{text});
    CHECK(wrapText(text, 20, LineMeasure::bytes) == Lines{"Quầy 3 tạm", "dừng: Họp"});
    // A long word is split between characters, never inside one.
    CHECK(wrapText("Đđđđđ", 2, LineMeasure::codePoints) == Lines{"Đđ", "đđ", "đ"});
}

TEST_CASE(
    "pages: each text on its own lines, whole on a page when it fits, every page full height") {
    // Two lines a page, 12 characters a line.
    auto pages = paginate({"Hotline 1022", "Nghi le 2/9 ca ngay", "Gio lam viec 7:30"}, 12, 2,
                          LineMeasure::bytes);
    REQUIRE(pages.size() == 3);
    CHECK(pages[0] == Lines{"Hotline 1022", ""}); // the next text needs two lines: a new page
    CHECK(pages[1] == Lines{"Nghi le 2/9", "ca ngay"});
    CHECK(pages[2] == Lines{"Gio lam viec", "7:30"});
    // Short texts share a page.
    CHECK(paginate({"A", "B", "C"}, 10, 2, LineMeasure::bytes) ==
          std::vector<Lines>{{"A", "B"}, {"C", ""}});
    // A text longer than a page runs over as many as it needs.
    auto longer = paginate({"mot hai ba bon nam sau bay"}, 7, 2, LineMeasure::bytes);
    CHECK(longer == std::vector<Lines>{{"mot hai", "ba bon"}, {"nam sau", "bay"}});
    CHECK(paginate({}, 10, 2, LineMeasure::bytes).empty());
    CHECK(paginate({"x"}, 10, 0, LineMeasure::bytes).empty());
}
