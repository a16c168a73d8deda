// A ticket's public id (core/public_id.hpp): the key of its status URL. It
// must stay 32 lowercase hex digits (old links, the packed form), must not be
// guessable from the ids around it, and must sort in issue order so the
// store's index on it grows at its end.
#include "core/public_id.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace qmsd;
using namespace std::chrono;

namespace {

bool isLowerHex(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

TEST_CASE("a public id is 32 lowercase hex digits led by its millisecond") {
    // 2026-12-07 08:30:00.123 in Ho Chi Minh City (UTC+7).
    system_clock::time_point at{milliseconds{1796607000123}};
    std::string id = makePublicId(at);
    REQUIRE(id.size() == 32);
    CHECK(isLowerHex(id));
    CHECK(id.substr(0, 12) == "01a24e1f3e3b"); // 1796607000123 in hex
    CHECK(makePublicId(system_clock::time_point{}).substr(0, 12) == "000000000000");
    CHECK(makePublicId(system_clock::time_point{milliseconds{-5}}).substr(0, 12) == "000000000000");
}

TEST_CASE("public ids sort in the order they were made") {
    system_clock::time_point t{milliseconds{1796607000123}};
    std::vector<std::string> ids;
    for (int i = 0; i < 200; ++i) {
        ids.push_back(makePublicId(t + milliseconds{i}));
    }
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    // Across the years a stored day is kept, too.
    CHECK(makePublicId(t) < makePublicId(t + hours{24 * 366 * 5}));
}

TEST_CASE("public ids of the same millisecond differ in 80 random bits") {
    system_clock::time_point t{milliseconds{1796607000123}};
    std::set<std::string> ids;
    std::vector<std::set<char>> digits(20);
    for (int i = 0; i < 1000; ++i) {
        std::string id = makePublicId(t);
        ids.insert(id);
        for (std::size_t d = 0; d < 20; ++d) {
            digits[d].insert(id[12 + d]);
        }
    }
    CHECK(ids.size() == 1000);
    // Every random digit takes many values: none is fixed or counted up.
    for (std::size_t d = 0; d < 20; ++d) {
        INFO("random digit " << d);
        CHECK(digits[d].size() >= 12);
    }
}
