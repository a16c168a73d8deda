// The PIN throttle's arithmetic: reservations count before the check, a
// burst gets no further than the limit, a success clears, a release is free.
#include "http/auth.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::http;
using namespace std::chrono_literals;

namespace {
AttemptThrottle makeThrottle() { return AttemptThrottle(5, 5min, 30s, 15min); }
const TimePoint t0 = fromMillis(1'800'000'000'000);
} // namespace

TEST_CASE("a burst of reservations stops at the limit before any is checked", "[http][throttle]") {
    auto th = makeThrottle();
    const std::vector<std::string> keys{"addr:a", "staff:nv01"};
    int reserved = 0;
    for (int i = 0; i < 40; ++i) {
        reserved += th.reserve(keys, t0) == 0ms ? 1 : 0;
    }
    CHECK(reserved == 5);
    CHECK(th.reserve(keys, t0) == 1000ms); // "being checked": retry in a second
    for (int i = 0; i < 5; ++i) {
        th.fail(keys, t0);
    }
    CHECK(th.reserve(keys, t0) == 30s); // locked out
    CHECK(th.blockedFor("staff:nv01", t0 + 10s) == 20s);
    CHECK(th.reserve({"staff:nv02"}, t0) == 0ms); // another key is free
}

TEST_CASE("a reservation refused on one key takes none on the others", "[http][throttle]") {
    auto th = makeThrottle();
    for (int i = 0; i < 5; ++i) {
        REQUIRE(th.reserve({"addr:a"}, t0) == 0ms);
        th.fail({"addr:a"}, t0);
    }
    CHECK(th.reserve({"addr:a", "staff:nv01"}, t0) > 0ms);
    // staff:nv01 was not charged for it: five attempts are still left.
    for (int i = 0; i < 5; ++i) {
        CHECK(th.reserve({"staff:nv01"}, t0) == 0ms);
    }
}

TEST_CASE("lock-outs double up to the cap; a success starts afresh", "[http][throttle]") {
    auto th = makeThrottle();
    TimePoint now = t0;
    std::vector<Millis> locks;
    for (int round = 0; round < 7; ++round) {
        for (int i = 0; i < 5; ++i) {
            REQUIRE(th.reserve({"k"}, now) == 0ms);
            th.fail({"k"}, now);
        }
        locks.push_back(th.blockedFor("k", now));
        now += locks.back();
    }
    CHECK(locks == std::vector<Millis>{30s, 60s, 120s, 240s, 480s, 900s, 900s});
    REQUIRE(th.reserve({"k"}, now) == 0ms);
    th.succeed({"k"});
    for (int i = 0; i < 5; ++i) {
        REQUIRE(th.reserve({"k"}, now) == 0ms);
        th.fail({"k"}, now);
    }
    CHECK(th.blockedFor("k", now) == 30s);
}

TEST_CASE("a released reservation costs nothing; failures leave the window", "[http][throttle]") {
    auto th = makeThrottle();
    for (int i = 0; i < 20; ++i) {
        REQUIRE(th.reserve({"k"}, t0) == 0ms);
        th.release({"k"}); // e.g. the PIN check queue was full
    }
    for (int i = 0; i < 4; ++i) {
        REQUIRE(th.reserve({"k"}, t0) == 0ms);
        th.fail({"k"}, t0);
    }
    REQUIRE(th.reserve({"k"}, t0 + 6min) == 0ms); // the four are older than the window
    th.fail({"k"}, t0 + 6min);
    CHECK(th.blockedFor("k", t0 + 6min) == 0ms);
}
