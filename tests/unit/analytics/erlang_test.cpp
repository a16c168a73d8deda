// Erlang B/C against the published test vectors of ANALYTICS.md, and the
// properties that make N* the right answer.
#include "analytics/erlang.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qmsd;
using Catch::Matchers::WithinRel;

TEST_CASE("Erlang C, service level and mean wait for A=10, N=14") {
    // AHT 180 s, target 20 s: the textbook call-centre example.
    CHECK_THAT(erlang::erlangC(14, 10.0), WithinRel(0.1741319, 1e-6));
    CHECK_THAT(erlang::serviceLevel(14, 10.0, 180, 20), WithinRel(0.88835, 1e-5));
    REQUIRE(erlang::meanWait(14, 10.0, 180));
    CHECK_THAT(*erlang::meanWait(14, 10.0, 180), WithinRel(7.8359, 1e-5));
}

TEST_CASE("Erlang C for A=10, N=11 and its service level with long services") {
    CHECK_THAT(erlang::erlangC(11, 10.0), WithinRel(0.68211820468933, 1e-12));
    CHECK_THAT(erlang::serviceLevel(11, 10.0, 420, 120), WithinRel(0.4874036579826867, 1e-12));
}

TEST_CASE("large offices: C(100, 90), B(100, 90), C(150, 140)") {
    CHECK_THAT(erlang::erlangC(100, 90.0), WithinRel(0.2169404809, 1e-9));
    CHECK_THAT(erlang::erlangB(100, 90.0), WithinRel(0.0269573805, 1e-8));
    CHECK_THAT(erlang::erlangC(150, 140.0), WithinRel(0.3035293277, 1e-9));
}

TEST_CASE("40 tickets an hour of 10 minutes, 80% within 15 minutes needs 8 counters") {
    double a = erlang::load(40.0 / 60.0, 10.0);
    CHECK_THAT(a, WithinRel(20.0 / 3.0, 1e-12));
    CHECK(erlang::countersNeeded(a, 10.0, 15.0, 0.80) == 8);
    // The same office measured in seconds gives the same answer.
    CHECK(erlang::countersNeeded(erlang::load(40.0 / 3600.0, 600.0), 600.0, 900.0, 0.80) == 8);
}

TEST_CASE("an unstable queue: every arrival waits, no mean wait, no service level") {
    CHECK(erlang::erlangC(5, 5.0) == 1.0);
    CHECK(erlang::erlangC(5, 7.5) == 1.0);
    CHECK_FALSE(erlang::meanWait(5, 5.0, 10));
    CHECK_FALSE(erlang::waitQuantile(5, 6.0, 10, 0.8));
    CHECK(erlang::serviceLevel(5, 6.0, 10, 15) == 0.0);
}

TEST_CASE("no load: nobody waits and no counter is needed") {
    CHECK(erlang::erlangC(3, 0.0) == 0.0);
    CHECK(erlang::serviceLevel(3, 0.0, 10, 15) == 1.0);
    CHECK(erlang::countersNeeded(0.0, 10, 15, 0.8) == 0);
    CHECK(erlang::load(0.0, 10) == 0.0);
}

TEST_CASE("Erlang B recursion agrees with the factorial formula on small cases") {
    for (int n = 1; n <= 12; ++n) {
        for (double a : {0.3, 1.0, 4.5, 9.0}) {
            double sum = 0, term = 1;
            for (int k = 0; k <= n; ++k) {
                if (k > 0) {
                    term *= a / k;
                }
                sum += term;
            }
            CHECK_THAT(erlang::erlangB(n, a), WithinRel(term / sum, 1e-12));
        }
    }
}

TEST_CASE("the wait quantile is the wait a share p of arrivals does not exceed") {
    // P(W > w) = C·exp(−(N−A)·w/AHT), so the service level at the quantile is p.
    for (double p : {0.5, 0.8, 0.9, 0.95}) {
        auto w = erlang::waitQuantile(14, 10.0, 180, p);
        REQUIRE(w);
        if (*w > 0) {
            CHECK_THAT(erlang::serviceLevel(14, 10.0, 180, *w), WithinRel(p, 1e-12));
        } else {
            CHECK(erlang::erlangC(14, 10.0) <= 1 - p);
        }
    }
    CHECK(*erlang::waitQuantile(14, 10.0, 180, 0.5) == 0.0); // C = 0.17 < 0.5
}

TEST_CASE("N* reaches the target and one counter fewer does not") {
    for (double a = 0.2; a <= 150; a *= 1.37) {
        for (double target : {5.0, 15.0, 30.0}) {
            for (double share : {0.6, 0.8, 0.95}) {
                int n = erlang::countersNeeded(a, 10.0, target, share);
                INFO("A=" << a << " t=" << target << " share=" << share << " N*=" << n);
                REQUIRE(n > a);
                CHECK(erlang::serviceLevel(n, a, 10.0, target) >= share);
                if (n - 1 > a) {
                    CHECK(erlang::serviceLevel(n - 1, a, 10.0, target) < share);
                }
                // Square-root staffing: N* stays within a few √A of A.
                CHECK(n <= a + 4 * std::sqrt(a) + 2);
            }
        }
    }
}

TEST_CASE("N* never falls as the load rises") {
    int previous = 0;
    for (double a = 0.05; a <= 140; a += 0.35) {
        int n = erlang::countersNeeded(a, 10.0, 15.0, 0.8);
        INFO("A=" << a);
        CHECK(n >= previous);
        previous = n;
    }
}

TEST_CASE("a maximum occupancy adds counters when the wait target alone would not") {
    double a = 50;
    int byWait = erlang::countersNeeded(a, 10.0, 60.0, 0.5);
    int byOccupancy = erlang::countersNeeded(a, 10.0, 60.0, 0.5, 0.8);
    CHECK(byOccupancy >= std::ceil(a / 0.8));
    CHECK(byOccupancy > byWait);
}
