// Schema versions and migrations.
#include "store/store.hpp"
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

TEST_CASE("a new database is created at the current schema version, in WAL mode") {
    TempDir dir;
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    CHECK((*store)->schemaVersion() == Store::kSchemaVersion);
    auto& db = (*store)->database();
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == Store::kSchemaVersion);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA synchronous").getInt() == 2); // FULL
    CHECK(db.tableExists("events"));
    CHECK(db.tableExists("tickets"));
}

TEST_CASE("reopening keeps the data and does not migrate again") {
    TempDir dir;
    {
        auto store = Store::open(dir.file("q.db"));
        REQUIRE(store.ok());
        Event e;
        e.seq = 1;
        e.day = "2026-11-23";
        e.kind = EventKind::counterOpened;
        e.counter = 1;
        e.staff = "nv01";
        REQUIRE((*store)->append({e}).ok());
    }
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    auto head = (*store)->head();
    REQUIRE(head.ok());
    CHECK(head->lastSeq == 1);
    CHECK(head->lastDay == "2026-11-23");
}

TEST_CASE("a database from a newer qmsd is refused with a clear message") {
    TempDir dir;
    {
        SQLite::Database db(dir.file("q.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA user_version = 99");
    }
    auto store = Store::open(dir.file("q.db"));
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().message.find("schema version 99 is newer") != std::string::npos);
}

TEST_CASE("a file that is not a database is refused, naming the file") {
    TempDir dir;
    {
        std::FILE* f = std::fopen(dir.file("q.db").c_str(), "w");
        std::fputs("this is not an SQLite database, just some text long enough to matter........"
                   "................................................................................",
                   f);
        std::fclose(f);
    }
    auto store = Store::open(dir.file("q.db"));
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().message.find("q.db") != std::string::npos);
}

TEST_CASE("two tickets with the same day, field and number cannot both be stored") {
    TempDir dir;
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    Event e;
    e.seq = 1;
    e.day = "2026-11-23";
    e.kind = EventKind::ticketIssued;
    e.ticketId = 1;
    e.field = "ho_tich";
    e.number = 7;
    e.code = "A007";
    REQUIRE((*store)->append({e}).ok());
    e.seq = 2;
    e.ticketId = 2;
    auto st = (*store)->append({e});
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::storageFailed);
    CHECK((*store)->head()->lastSeq == 1); // the whole batch was rolled back
}
