#include "store/schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <string>

namespace qmsd {
namespace {

// Append only: a released migration is never edited, a new one is added.
constexpr std::array<const char*, 12> kMigrations{
    // v1: the event log and the per-ticket projection.
    R"sql(
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY,
    at_ms      INTEGER NOT NULL,
    day        TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    actor      TEXT,
    ticket_id  INTEGER,
    field      TEXT,
    to_field   TEXT,
    counter    INTEGER,
    staff      TEXT,
    number     INTEGER,
    code       TEXT,
    priority   TEXT,
    reason     TEXT,
    public_id  TEXT,
    phone      TEXT
);
CREATE INDEX events_by_day ON events(day, seq);
CREATE INDEX events_by_ticket ON events(ticket_id);
CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY,
    day          TEXT    NOT NULL,
    issue_field  TEXT    NOT NULL,
    field        TEXT    NOT NULL,
    number       INTEGER NOT NULL,
    code         TEXT    NOT NULL,
    priority     TEXT,
    public_id    TEXT,
    phone        TEXT,
    state        TEXT    NOT NULL,
    issued_at_ms INTEGER NOT NULL,
    called_at_ms INTEGER,
    started_at_ms INTEGER,
    ended_at_ms  INTEGER,
    counter      INTEGER,
    staff        TEXT,
    recalls      INTEGER NOT NULL DEFAULT 0,
    transfers    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (day, issue_field, number)
);
CREATE UNIQUE INDEX tickets_by_public_id ON tickets(public_id) WHERE public_id IS NOT NULL;
CREATE INDEX tickets_by_day_field ON tickets(day, field);
)sql",
    // v2: kiosk request ids (a double tap is one ticket, across restarts too) and
    // staff sessions (a restart does not log the counters out).
    R"sql(
ALTER TABLE events ADD COLUMN request_id TEXT;
CREATE TABLE staff_sessions (
    token_hash    TEXT PRIMARY KEY,
    staff         TEXT    NOT NULL,
    counter       INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
)sql",
    // v3: citizens' ratings per ticket, and each keypad's press counter as last
    // acted on (a press is neither lost nor counted twice across restarts).
    R"sql(
ALTER TABLE tickets ADD COLUMN rating INTEGER;
CREATE TABLE device_state (
    device        TEXT PRIMARY KEY,
    press_counter INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
)sql",
    // v4: the reports' per-day digest cache (daemon/reports/digest_cache.hpp).
    // Derived data: safe to empty at any time, it is rebuilt on demand.
    R"sql(
CREATE TABLE report_days (
    day         TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,
    config_hash INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL,
    digest      BLOB    NOT NULL
);
)sql",
    // v5: the estimated wait a ticket was issued with, to check estimates
    // against the waits that followed (NULL: none was shown).
    R"sql(
ALTER TABLE events ADD COLUMN estimate_s INTEGER;
)sql",
    // v6: the editors' information (issue 13). Content events carry the whole
    // item in `payload`; a counter's pause its expected return in `until_ms`.
    // content_items is the current content, written in the same transaction
    // as its events: content outlives the day, and a restart replays only
    // today, so this table (not a replay of every day) seeds it.
    R"sql(
ALTER TABLE events ADD COLUMN payload TEXT;
ALTER TABLE events ADD COLUMN until_ms INTEGER;
CREATE TABLE content_items (
    kind    TEXT    NOT NULL,
    id      TEXT    NOT NULL,
    version INTEGER NOT NULL,
    body    TEXT    NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX events_content ON events(kind, seq) WHERE payload IS NOT NULL;
)sql",
    // v7: citizens' ratings on the four-level scale (engine/rating.hpp): a
    // rating's answers to the office's questions and the citizen's comment (a
    // follow-up's note), and an index for the day's ratings (the leader's
    // list, the reports' details). ticket_rated events written before keep
    // their box key 1..5 (read through levelFromBoxKey); the tickets
    // projection is moved onto the levels here.
    R"sql(
ALTER TABLE events ADD COLUMN answers TEXT;
ALTER TABLE events ADD COLUMN comment TEXT;
CREATE INDEX events_ratings_by_day ON events(day, seq) WHERE kind IN ('ticket_rated', 'rating_followed_up');
UPDATE tickets SET rating = CASE WHEN rating >= 5 THEN 4 WHEN rating = 4 THEN 3 WHEN rating = 3 THEN 2 ELSE 1 END
 WHERE rating IS NOT NULL;
)sql",
    // v8: facts about the store itself. `office_name` is written by the
    // daemon at start-up, so `qmsd restore` can refuse another office's backup.
    R"sql(
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql",
    // v9: shipping to the city's PostgreSQL (daemon/upstream): this
    // installation's id and the last seq the centre confirmed, and the
    // office's config each time it changed (shipped so the centre names
    // things as the office did).
    R"sql(
CREATE TABLE upstream_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE config_snapshots (
    id          INTEGER PRIMARY KEY,
    taken_at_ms INTEGER NOT NULL,
    after_seq   INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    config      TEXT    NOT NULL
);
)sql",
    // v10: messages to citizens' phones (daemon/messages): one row per
    // message_queued event (id = its seq), moved on by message_updated in
    // the same transaction, kept for the leader's list after the day is over.
    // `to_phone` is erased with the tickets' numbers after the retention days.
    R"sql(
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    day           TEXT    NOT NULL,
    ticket_id     INTEGER,
    code          TEXT,
    field         TEXT,
    kind          TEXT    NOT NULL,
    to_phone      TEXT,
    text          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    why           TEXT,
    queued_at_ms  INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
CREATE INDEX outbox_by_day ON outbox(day, id);
CREATE INDEX tickets_by_day ON tickets(day) WHERE phone IS NOT NULL;
CREATE INDEX events_with_phone ON events(day) WHERE phone IS NOT NULL;
)sql",
    // v11: appointments (daemon/booking): the current state of each booking,
    // written by the same transaction as each booking event (whose payload is
    // the whole booking; id = the seq of its booking_made), since bookings outlive the day the engine is
    // rebuilt from. `body` is that payload; the other columns index it.
    R"sql(
CREATE TABLE bookings (
    id     INTEGER PRIMARY KEY,
    code   TEXT    NOT NULL,
    day    TEXT    NOT NULL,
    field  TEXT    NOT NULL,
    minute INTEGER NOT NULL,
    state  TEXT    NOT NULL,
    phone  TEXT,
    body   TEXT    NOT NULL,
    seq    INTEGER NOT NULL
);
CREATE INDEX bookings_by_day ON bookings(day, field, minute);
CREATE INDEX bookings_by_code ON bookings(code);
CREATE INDEX bookings_open ON bookings(day) WHERE state = 'booked';
)sql",
    // v12: the reports' rating details (reports/rating_details.hpp) through an
    // index of only the ratings that have answers or a comment. Through
    // events_ratings_by_day every rating of a day was looked up in the table
    // to find that most have neither: 6% of a week's first report.
    R"sql(
CREATE INDEX events_rating_details_by_day ON events(day, seq)
 WHERE kind = 'ticket_rated' AND (answers IS NOT NULL OR comment IS NOT NULL);
)sql",
};

} // namespace

Result<int> migrateSchema(SQLite::Database& db, int targetVersion) {
    try {
        int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version > targetVersion) {
            return makeError(ErrorCode::storageFailed,
                             "database schema version " + std::to_string(version) +
                                 " is newer than this qmsd understands (" +
                                 std::to_string(targetVersion) + ")");
        }
        while (version < targetVersion && version < static_cast<int>(kMigrations.size())) {
            SQLite::Transaction tx(db);
            db.exec(kMigrations[static_cast<std::size_t>(version)]);
            ++version;
            db.exec("PRAGMA user_version = " + std::to_string(version));
            tx.commit();
        }
        return version;
    } catch (const SQLite::Exception& e) {
        return makeError(ErrorCode::storageFailed, std::string("schema migration failed: ") + e.what());
    }
}

} // namespace qmsd
