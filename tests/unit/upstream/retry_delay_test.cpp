// When a shipper tries the centre again (daemon/upstream/retry_delay.hpp).
#include "upstream/retry_delay.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace qmsd;
using namespace qmsd::upstream;

namespace {

// libpq's words for a closed port, and the server's while it recovers from a crash.
const char* kRefused = "cannot connect to PostgreSQL: connection to server at \"127.0.0.1\", port 5432 failed: "
                       "Connection refused Is the server running on that host and accepting TCP/IP connections?";
const char* kStartingUp = "cannot connect to PostgreSQL: connection to server at \"127.0.0.1\", port 5432 failed: "
                          "FATAL: the database system is starting up";
const char* kTimeout = "cannot connect to PostgreSQL: no answer within 10 s";
const char* kDiskFull = "PostgreSQL postgres@127.0.0.1:5432/qmsd_city: shipping: [53100] could not extend file";

} // namespace

TEST_CASE("a server that is not there yet is asked again within seconds, however long it was away") {
    RetryPolicy p;
    Millis backoff{0};
    for (int i = 0; i < 20; ++i) { // a long outage: the nominal wait never grows
        auto step = nextRetry(p, backoff, i % 2 ? kRefused : kStartingUp, 0.999);
        CHECK(step.nominal == p.absentRetry);
        CHECK(step.wait <= p.absentRetry);
        CHECK(step.wait >= p.absentRetry / 2);
        backoff = step.nominal;
    }
}

TEST_CASE("other failures double the wait from 1 s up to the cap") {
    RetryPolicy p;
    Millis backoff{0};
    std::vector<long> nominal;
    for (int i = 0; i < 9; ++i) {
        backoff = nextRetry(p, backoff, i % 2 ? kTimeout : kDiskFull, 0.5).nominal;
        nominal.push_back(static_cast<long>(backoff.count()));
    }
    CHECK(nominal == std::vector<long>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000});
    // A refusal after a long doubling drops back to the short retry.
    CHECK(nextRetry(p, Millis{60000}, kRefused, 0.5).nominal == p.absentRetry);
}

TEST_CASE("waits are spread over half to all of the nominal length") {
    RetryPolicy p;
    std::set<long> waits;
    for (double u : {0.0, 0.25, 0.5, 0.75, 0.9999}) {
        auto step = nextRetry(p, Millis{16000}, kTimeout, u);
        CHECK(step.nominal == Millis{32000});
        CHECK(step.wait >= Millis{16000});
        CHECK(step.wait <= Millis{32000});
        waits.insert(static_cast<long>(step.wait.count()));
    }
    CHECK(waits.size() == 5); // 200 offices that failed together do not return together
    CHECK(nextRetry(p, Millis{16000}, kTimeout, 0.0).wait == Millis{16000});
}

TEST_CASE("only the words of an absent server count as absent") {
    CHECK(serverAbsent(kRefused));
    CHECK(serverAbsent(kStartingUp));
    CHECK(serverAbsent("FATAL: the database system is shutting down"));
    CHECK_FALSE(serverAbsent(kTimeout));
    CHECK_FALSE(serverAbsent(kDiskFull));
    CHECK_FALSE(serverAbsent("FATAL: password authentication failed for user \"office_a\""));
}
