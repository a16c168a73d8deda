// The compact texts every ticket of the day carries (core/shared_name.hpp,
// core/inline_text.hpp): they must read back exactly what was stored.
#include "core/inline_text.hpp"
#include "core/shared_name.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace qmsd;

TEST_CASE("a shared name is one copy per text and compares like the text") {
    std::string field = "ho_tich";
    SharedName a(field);
    SharedName b(std::string("ho_") + "tich");
    SharedName c("dat_dai");
    CHECK(&a.str() == &b.str()); // one pooled copy
    CHECK(a == b);
    CHECK(a == field);
    CHECK(a == std::string_view("ho_tich"));
    CHECK_FALSE(a == c);
    CHECK(c < a); // by text, as std::string orders them
    CHECK(SharedName().empty());
    CHECK(SharedName() == "");
    std::map<std::string, int> counts{{"ho_tich", 3}};
    CHECK(counts.at(a) == 3); // usable where a const std::string& is taken
    CHECK(a + "/1" == "ho_tich/1");
    CHECK(SharedName("Hộ tịch").str() == "Hộ tịch");
}

TEST_CASE("inline text keeps up to its size inside and anything longer whole") {
    const std::string hex = "0123456789abcdef0123456789abcdef"; // 32
    InlineText<32> id(hex);
    CHECK(id.view() == hex);
    CHECK(id.size() == 32);
    InlineText<32> longer(hex + "!");
    CHECK(longer.view() == hex + "!");
    InlineText<32> copy = longer;
    CHECK(copy.view() == hex + "!");
    copy = id;
    CHECK(copy.view() == hex);
    CHECK(longer.view() == hex + "!"); // the copy did not share the long text
    InlineText<32> shortText("pub1");
    CHECK(shortText == "pub1");
    CHECK_FALSE(shortText == "pub");
    CHECK(InlineText<32>().empty());
    CHECK(std::string("/t/") + shortText == "/t/pub1");
    InlineText<32> moved = std::move(longer);
    CHECK(moved.view() == hex + "!");
}
