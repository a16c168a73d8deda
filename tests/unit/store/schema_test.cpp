// Schema versions and migrations.
#include "store/store.hpp"
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <map>

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

TEST_CASE("a version 1 database is migrated to the current schema with its events intact") {
    TempDir dir;
    {
        SQLite::Database db(dir.file("q.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        // Schema v1 as released: no request_id, no staff_sessions.
        db.exec("CREATE TABLE events (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, day TEXT NOT NULL,"
                " kind TEXT NOT NULL, actor TEXT, ticket_id INTEGER, field TEXT, to_field TEXT,"
                " counter INTEGER, staff TEXT, number INTEGER, code TEXT, priority TEXT, reason TEXT,"
                " public_id TEXT, phone TEXT);"
                "CREATE TABLE tickets (id INTEGER PRIMARY KEY, day TEXT NOT NULL, issue_field TEXT NOT NULL,"
                " field TEXT NOT NULL, number INTEGER NOT NULL, code TEXT NOT NULL, priority TEXT,"
                " public_id TEXT, phone TEXT, state TEXT NOT NULL, issued_at_ms INTEGER NOT NULL,"
                " called_at_ms INTEGER, started_at_ms INTEGER, ended_at_ms INTEGER, counter INTEGER,"
                " staff TEXT, recalls INTEGER NOT NULL DEFAULT 0, transfers INTEGER NOT NULL DEFAULT 0,"
                " UNIQUE (day, issue_field, number));"
                "INSERT INTO events(seq, at_ms, day, kind, actor, ticket_id, field, number, code)"
                " VALUES (1, 1000, '2026-11-23', 'ticket_issued', 'kiosk:k1', 1, 'ho_tich', 1, 'A001');"
                "PRAGMA user_version = 1;");
    }
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    CHECK((*store)->schemaVersion() == Store::kSchemaVersion);
    auto events = (*store)->eventsOfDay("2026-11-23");
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK(events->front().code == "A001");
    CHECK(events->front().requestId.empty());
    CHECK(events->front().estimateSeconds == -1); // v5's column, NULL for old rows
    CHECK((*store)->database().tableExists("staff_sessions"));
}

TEST_CASE("a ticket's estimated wait is stored with its issue event, and none stays none") {
    TempDir dir;
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    std::vector<Event> batch;
    for (int i = 1; i <= 3; ++i) {
        Event e;
        e.seq = i;
        e.ticketId = i;
        e.day = "2026-11-23";
        e.kind = EventKind::ticketIssued;
        e.field = "ho_tich";
        e.number = i;
        e.code = "A00" + std::to_string(i);
        e.estimateSeconds = i == 1 ? -1 : (i == 2 ? 0 : 1500);
        batch.push_back(e);
    }
    REQUIRE((*store)->append(batch).ok());
    auto events = (*store)->eventsOfDay("2026-11-23");
    REQUIRE(events.ok());
    REQUIRE(events->size() == 3);
    CHECK((*events)[0].estimateSeconds == -1);
    CHECK((*events)[1].estimateSeconds == 0); // "no wait" is an estimate too
    CHECK((*events)[2].estimateSeconds == 1500);
}

TEST_CASE("staff sessions survive a reopen until they expire") {
    TempDir dir;
    TimePoint now = localTime("2026-11-23", 8, 0);
    {
        auto store = Store::open(dir.file("q.db"));
        REQUIRE(store.ok());
        REQUIRE((*store)->saveSession({"h1", "nv01", 1, now, now + std::chrono::hours{2}}).ok());
        REQUIRE((*store)->saveSession({"h2", "nv02", 2, now, now + std::chrono::hours{9}}).ok());
        REQUIRE((*store)->saveSession({"h3", "nv03", 3, now, now + std::chrono::hours{9}}).ok());
        REQUIRE((*store)->saveSession({"h4", "nv01", 4, now, now + std::chrono::hours{9}}).ok()); // replaces h1
        REQUIRE((*store)->deleteSession("h3").ok());
    }
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    auto live = (*store)->loadSessions(now + std::chrono::hours{3});
    REQUIRE(live.ok());
    REQUIRE(live->size() == 2);
    std::map<std::string, int> counters;
    for (const auto& r : *live) {
        counters[r.staff] = r.counter;
    }
    CHECK(counters == std::map<std::string, int>{{"nv01", 4}, {"nv02", 2}});
}

TEST_CASE("version 7 moves the tickets' 1-5 box ratings onto the four levels") {
    TempDir dir;
    REQUIRE(Store::open(dir.file("q.db")).ok());
    {
        // Back to version 6 as released: no answers/comment columns, no ratings
        // index, no store_meta (version 8).
        SQLite::Database db(dir.file("q.db"), SQLite::OPEN_READWRITE);
        // (and without v9's upstream tables, v10's outbox, v11's bookings and
        // v12's rating details index, which came after it)
        db.exec("DROP INDEX events_rating_details_by_day; DROP INDEX events_ratings_by_day;"
                "ALTER TABLE events DROP COLUMN answers;"
                "ALTER TABLE events DROP COLUMN comment; DROP TABLE store_meta;"
                "DROP TABLE upstream_state; DROP TABLE config_snapshots;"
                "DROP TABLE outbox; DROP INDEX tickets_by_day; DROP INDEX events_with_phone;"
                "DROP TABLE bookings;");
        for (int score = 0; score <= 5; ++score) {
            db.exec("INSERT INTO tickets(id, day, issue_field, field, number, code, state, issued_at_ms, rating)"
                    " VALUES (" + std::to_string(score + 1) + ", '2026-11-23', 'ho_tich', 'ho_tich', " +
                    std::to_string(score + 1) + ", 'A00" + std::to_string(score + 1) + "', 'finished', 1000, " +
                    (score == 0 ? std::string("NULL") : std::to_string(score)) + ")");
        }
        db.exec("PRAGMA user_version = 6");
    }
    auto store = Store::open(dir.file("q.db"));
    REQUIRE(store.ok());
    CHECK((*store)->schemaVersion() == Store::kSchemaVersion);
    SQLite::Statement q((*store)->database(), "SELECT rating FROM tickets ORDER BY id");
    std::vector<int> levels;
    while (q.executeStep()) {
        levels.push_back(q.getColumn(0).isNull() ? 0 : q.getColumn(0).getInt());
    }
    // Unrated stays unrated; keys 1 and 2 → Không hài lòng, 3 → Bình thường, 4 → Hài lòng, 5 → Rất hài lòng.
    CHECK(levels == std::vector<int>{0, 1, 1, 2, 3, 4});
    CHECK((*store)->database().execAndGet("SELECT count(*) FROM pragma_table_info('events') WHERE name IN "
                                          "('answers', 'comment')").getInt() == 2);
}
