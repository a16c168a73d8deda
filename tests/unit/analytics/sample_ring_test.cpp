// A field's window of samples: what goes in comes out oldest first, through
// every wrap and growth of its block, and its edge is found by binary search.
#include "analytics/sample_ring.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>

using namespace qmsd;

TEST_CASE("a sample ring holds what a deque would, through wraps and growth") {
    SampleRing<int> ring;
    std::deque<int> expected;
    CHECK(ring.empty());
    int next = 0;
    // Rounds of adding more than dropping, then dropping more than adding:
    // the front wraps round the block while it doubles.
    for (int round = 0; round < 40; ++round) {
        int add = round % 3 == 2 ? 5 : 37;
        int drop = round % 3 == 2 ? 30 : 11;
        for (int i = 0; i < add; ++i) {
            ring.push_back(next);
            expected.push_back(next++);
        }
        for (int i = 0; i < drop && !expected.empty(); ++i) {
            CHECK(ring.front() == expected.front());
            ring.pop_front();
            expected.pop_front();
        }
        REQUIRE(ring.size() == expected.size());
        CHECK(std::equal(ring.begin(), ring.end(), expected.begin(), expected.end()));
        if (!expected.empty()) {
            CHECK(ring.back() == expected.back());
            CHECK(ring[expected.size() / 2] == expected[expected.size() / 2]);
        }
    }
}

TEST_CASE("a sample ring's edge is a binary search over its samples in order") {
    SampleRing<int> ring;
    for (int v = 0; v < 100; ++v) {
        ring.push_back(v * 2);
    }
    for (int i = 0; i < 70; ++i) {
        ring.pop_front(); // front is now 140, and the block has wrapped below
    }
    for (int v = 100; v < 120; ++v) {
        ring.push_back(v * 2);
    }
    auto edge = std::partition_point(ring.begin(), ring.end(), [](int v) { return v <= 200; });
    CHECK(*edge == 202);
    CHECK(ring.end() - edge == 19);
    CHECK(edge - ring.begin() == 31);
    CHECK(*(ring.end() - 5) == 230);
}
