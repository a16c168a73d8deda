// What an editor may save: limits counted in characters (a Vietnamese notice
// at the limit has many more bytes), no control characters, clear reasons.
#include "content/content_checks.hpp"
#include "core/utf8.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;

namespace {

Notice notice(std::string text) {
    Notice n;
    n.text = std::move(text);
    return n;
}

std::string repeat(const std::string& unit, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) {
        out += unit;
    }
    return out;
}

} // namespace

TEST_CASE("a notice's text is bounded in characters, not bytes") {
    Notice atLimit = notice(repeat("ệ", ContentLimits::textChars)); // 3000 bytes
    CHECK(normalizeNotice(atLimit).ok());
    Notice over = notice(repeat("ệ", ContentLimits::textChars + 1));
    auto st = normalizeNotice(over);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::invalidArgument);
    CHECK(st.error().message == "'text' has 1001 characters, at most 1000 are allowed");
    Notice title = notice("x");
    title.title = repeat("Đ", ContentLimits::titleChars + 1);
    CHECK(normalizeNotice(title).error().message.find("'title'") == 0);
}

TEST_CASE(
    "a notice is trimmed, loses carriage returns, keeps line breaks, refuses other controls") {
    Notice n = notice("  Dòng một\r\nDòng hai \n");
    n.title = " Thông báo ";
    REQUIRE(normalizeNotice(n).ok());
    CHECK(n.text == "Dòng một\nDòng hai");
    CHECK(n.title == "Thông báo");
    Notice tab = notice("a\tb");
    CHECK(normalizeNotice(tab).error().message ==
          "'text' contains a control character (only line breaks may be used)");
    Notice newlineTitle = notice("x");
    newlineTitle.title = "a\nb";
    CHECK(normalizeNotice(newlineTitle).error().message == "'title' contains a control character");
    Notice empty = notice(" \n ");
    CHECK(normalizeNotice(empty).error().message == "'text' must not be empty");
    Notice bytes = notice("Ho\xFF tich");
    CHECK(normalizeNotice(bytes).error().message == "'text' is not valid UTF-8");
}

TEST_CASE("a notice names its screens and ends after it starts") {
    Notice none = notice("x");
    none.screens = 0;
    CHECK(normalizeNotice(none).error().message.find("'screens'") == 0);
    Notice backwards = notice("x");
    backwards.startsAt = fromMillis(2000);
    backwards.endsAt = fromMillis(1000);
    CHECK(normalizeNotice(backwards).error().message == "'ends_at' must be after 'starts_at'");
    Notice order = notice("x");
    order.order = 1001;
    CHECK(normalizeNotice(order).error().message == "'order' must be -1000 to 1000");
}

TEST_CASE("a procedure sheet is bounded and not empty") {
    ProcedureSheet p;
    p.field = "ho_tich";
    CHECK(normalizeProcedure(p).error().message.find("needs at least one of") != std::string::npos);
    p.documents.assign(ContentLimits::maxDocuments + 1, "Giấy tờ");
    CHECK(normalizeProcedure(p).error().message ==
          "'documents' has 31 items, at most 30 are allowed");
    p.documents = {"Tờ khai", "  "};
    CHECK(normalizeProcedure(p).error().message == "'documents[1]' must not be empty");
    p.documents = {"Tờ khai\r"};
    p.legalBasis = repeat("ạ", ContentLimits::legalBasisChars + 1);
    CHECK(normalizeProcedure(p).error().message.find("'legal_basis' has 2001 characters") == 0);
    p.legalBasis = "Luật Hộ tịch 2014\r\nNghị định 123/2015/NĐ-CP";
    REQUIRE(normalizeProcedure(p).ok());
    CHECK(p.documents == std::vector<std::string>{"Tờ khai"});
    CHECK(p.legalBasis == "Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP");
}
