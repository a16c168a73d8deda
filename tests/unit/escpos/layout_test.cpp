// The ticket in the two printer-font modes (raster mode is parsed, decoded and
// looked at in tests/integration/printing).
#include "escpos/ticket_layout.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace qmsd::escpos;

namespace {
TicketPrint ticket() {
    TicketPrint t;
    t.office = "UBND Phường Bến Nghé";
    t.field = "Đất đai";
    t.code = "A012";
    t.priority = "Người cao tuổi";
    t.issuedAt = "08:15 23/11/2026";
    t.peopleAhead = 3;
    t.waitText = "khoảng 10–15 phút";
    t.statusUrl = "https://qms.example.vn/t/2026-11-23/A012";
    t.note = "Đường dây nóng: 1022";
    return t;
}

bool contains(const Bytes& hay, std::string_view needle) {
    const Bytes n(needle.begin(), needle.end()); // as bytes: char is signed
    return std::search(hay.begin(), hay.end(), n.begin(), n.end()) != hay.end();
}
} // namespace

TEST_CASE("Code page mode selects the configured code page and sends CP1258 text") {
    LayoutOptions o;
    o.textMode = TextMode::codepage;
    o.codePage = 52;
    auto bytes = layoutTicket(ticket(), o, nullptr);
    REQUIRE(bytes.ok());
    CHECK(contains(*bytes, "\x1B@\x1Bt\x34"));
    CHECK(contains(*bytes, "L\x69\xDEnh v\xFD\xF2"
                           "c: \xD0\xE2\xEC"
                           "t \xF0"
                           "ai\n"));
    CHECK(contains(*bytes, "\x1D!\x33"
                           "A012\n"));         // the number 4 × 4
    CHECK_FALSE(contains(*bytes, "\xC4\x90")); // no UTF-8 left in
}

TEST_CASE("ASCII mode: no code page, Vietnamese without marks, cut at the very end") {
    LayoutOptions o;
    o.textMode = TextMode::ascii;
    auto bytes = layoutTicket(ticket(), o, nullptr);
    REQUIRE(bytes.ok());
    CHECK_FALSE(contains(*bytes, "\x1Bt"));
    CHECK(contains(*bytes, "Linh vuc: Dat dai\n"));
    CHECK(contains(*bytes, "So nguoi cho truoc: 3\n"));
    CHECK(contains(*bytes, "Uu tien: Nguoi cao tuoi\n"));
    CHECK(contains(*bytes, "Du kien cho: khoang 10-15 phut\n")); // the en dash as "-"
    const Bytes tail(bytes->end() - 6, bytes->end());
    CHECK(tail == Bytes{0x1B, 'd', 4, 0x1D, 'V', 1});
}

TEST_CASE("A reprint says so on the ticket; no estimate, no line") {
    LayoutOptions o;
    o.textMode = TextMode::ascii;
    TicketPrint t = ticket();
    t.reprint = true;
    t.waitText.clear();
    auto bytes = layoutTicket(t, o, nullptr);
    REQUIRE(bytes.ok());
    CHECK(contains(*bytes, "BAN IN LAI\n"));
    CHECK_FALSE(contains(*bytes, "Du kien cho"));
}

TEST_CASE("Raster mode without a font, or a width a raster row cannot have, is refused") {
    LayoutOptions o;
    CHECK_FALSE(layoutTicket(ticket(), o, nullptr).ok());
    o.textMode = TextMode::ascii;
    o.widthDots = 500;
    CHECK_FALSE(layoutTicket(ticket(), o, nullptr).ok());
}
