// A session ends in the store before it ends in memory: a logout the store
// refuses leaves the token working (and the caller is told), so a restart can
// never bring back a token a client was told is gone, nor lose one it was not.
#include "http/auth.hpp"
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::http;
using namespace qmsd::test;

TEST_CASE("closeSession reports a store that refuses, and keeps the session", "[http][sessions]") {
    TempDir dir;
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    TimePoint now = localTime("2026-11-23", 8, 0);
    TimePoint midnight = localTime("2026-11-24", 0, 0);
    std::string token;
    {
        Auth auth(**store, now);
        auto opened = auth.openSession("nv01", 1, now, midnight);
        REQUIRE(opened.ok());
        token = *opened;
        std::string hash = hashToken(token);
        (*store)->database().exec("PRAGMA query_only = 1");
        auto st = auth.closeSession(hash);
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().code == ErrorCode::storageReadOnly);
        CHECK(auth.identify(token, now).ok()); // not ended: memory agrees with the disk
        (*store)->database().exec("PRAGMA query_only = 0");
    }
    { // a restart: the session is there, as the client was told
        Auth auth(**store, now);
        REQUIRE(auth.identify(token, now).ok());
        REQUIRE(auth.closeSession(hashToken(token)).ok());
        CHECK_FALSE(auth.identify(token, now).ok());
    }
    Auth afterRestart(**store, now);
    CHECK_FALSE(afterRestart.identify(token, now).ok());
}

TEST_CASE("sessions load even when the expired ones cannot be tidied away", "[http][sessions]") {
    TempDir dir;
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    TimePoint now = localTime("2026-11-23", 8, 0);
    std::string live;
    std::string old;
    {
        Auth auth(**store, now);
        old = *auth.openSession("nv02", 2, now - std::chrono::hours{30}, now - std::chrono::hours{8});
        live = *auth.openSession("nv01", 1, now, localTime("2026-11-24", 0, 0));
    }
    // A store that cannot write (a full disk refuses the same way): the DELETE
    // of expired rows fails, the live session must still load.
    (*store)->database().exec("CREATE TRIGGER no_delete BEFORE DELETE ON staff_sessions "
                              "BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    Auth auth(**store, now);
    CHECK(auth.identify(live, now).ok());
    CHECK_FALSE(auth.identify(old, now).ok());
}
