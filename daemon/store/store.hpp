#pragma once
// The durable store: an append-only event log plus a `tickets` table kept in
// step with it inside the same transaction. Nothing is acknowledged before
// append() returns, and append() returns only after SQLite has synced (WAL,
// synchronous=FULL).
#include "core/result.hpp"
#include "engine/event.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace qmsd {

struct StoreHead {
    std::int64_t lastSeq = 0;
    TicketId lastTicketId = 0;
    std::optional<std::string> lastDay; // day of the newest event
};

// A staff member's login at a counter; only the token's hash is kept.
struct StaffSessionRow {
    std::string tokenHash;
    std::string staff;
    int counter = 0;
    TimePoint createdAt{};
    TimePoint expiresAt{};
};

// One current notice or procedure sheet (content_items): kind "notice" or
// "procedure", the item's id (a notice id, a field id), its encoded body.
struct ContentRow {
    std::string kind;
    std::string id;
    int version = 0;
    std::string body;
    std::int64_t seq = 0; // the event that made it so
};

struct StoreOptions {
    bool readOnly = false;
    // Test hook: cap the database size (PRAGMA max_page_count) to make the
    // "disk full" path reachable without filling a real disk.
    std::optional<long> maxPageCount;
    // The connection's page cache in KiB (PRAGMA cache_size), if not SQLite's 2000.
    std::optional<int> cacheKiB;
};

class Store {
  public:
    static constexpr int kSchemaVersion = 12;
    // WAL pages after which a commit copies the log into the database and
    // syncs it (PRAGMA wal_autocheckpoint; SQLite's default is 1000). That
    // checkpoint costs the commit running it a second sync of ~1-2 ms, most of
    // it the same whatever the pages: at 1000 pages (~125 issues) it fell on
    // ~0.8% of a kiosk's replies and was their p99. At 4000 it falls on one
    // issue in ~500, a quarter of the database syncs a day; the log file
    // stays at ~16 MB, which a restart after a crash reads once.
    static constexpr int kWalCheckpointPages = 4000;
    // The writer's connection (open() sets it so): WAL so readers (backup,
    // reports) never block the writer, FULL so a commit survives power loss
    // and not only a crash, and the checkpoint above. The benchmarks' raw
    // baselines call it too, so they write as the store does.
    static void configureWriter(SQLite::Database& db);
    // A side connection that commits now and then (report digests, the city
    // shipper's confirmed seq): not synced per commit, as what it writes is
    // rebuilt if lost, and checkpointing at the writer's threshold, so its
    // rare commits do not copy the log the writer lets grow.
    static void configureSideWriter(SQLite::Database& db);

    static Result<std::unique_ptr<Store>> open(const std::string& path, StoreOptions options = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // All or nothing, durable on return.
    Status append(const std::vector<Event>& events);
    Result<StoreHead> head();
    Result<std::vector<Event>> eventsOfDay(const std::string& day);
    Result<std::vector<Event>> eventsAfter(std::int64_t seq, int limit);
    Status savePressCounter(const std::string& device, std::uint32_t counter, TimePoint at);
    Result<std::map<std::string, std::uint32_t>> loadPressCounters();
    Status saveSession(const StaffSessionRow& row);
    Status deleteSession(const std::string& tokenHash);
    // Sessions still valid at `now`; expired ones are deleted.
    Result<std::vector<StaffSessionRow>> loadSessions(TimePoint now);
    struct EventFilter {
        std::string day; // required
        std::string field;
        std::string staff;
        std::string kind;
        int counter = 0;
        std::int64_t after = 0;
        int limit = 200;
    };
    Result<std::vector<Event>> findEvents(const EventFilter& filter);
    // A day's ticket_rated and rating_followed_up events, in order, with their
    // answers and comments (the leader's list of ratings).
    Result<std::vector<Event>> ratingEvents(const std::string& day);
    // The day of the ticket with this public id, if there is one (a phone
    // holding another day's ticket is told its time to rate is over).
    Result<std::optional<std::string>> dayOfPublicId(const std::string& publicId);

    // The current content (content_items), and the latest content events of
    // every day, newest first (the editors' history: who changed what, when).
    Result<std::vector<ContentRow>> loadContent();
    // Bookings the engine keeps (daemon/booking): those of `fromDay` on, and
    // older ones still `booked` (to be marked missed). Bodies as stored.
    Result<std::vector<std::string>> loadBookings(const std::string& fromDay);
    // Every booking of the days [from, to], for the reports and the lists. Bodies as stored.
    Result<std::vector<std::string>> bookingsBetween(const std::string& from, const std::string& to);
    Result<std::vector<Event>> contentEvents(int limit);

    // Per day and field over [from, to] (local days): counts by final state and
    // wait times in seconds (issue to first call), from the tickets table.
    struct DailyFieldRow {
        std::string day;
        std::string field;
        int issued = 0, served = 0, noShow = 0, cancelled = 0, expired = 0;
        std::optional<double> meanWaitSeconds; // empty: nobody of that day and field was called
        std::optional<double> maxWaitSeconds;
    };
    Result<std::vector<DailyFieldRow>> dailyReport(const std::string& from, const std::string& to);

    // Messages to citizens of a day (the outbox table), oldest first; `to` masked
    // by the caller. And the personal-data purge: every phone number of a day
    // before `day` is erased (tickets, events, outbox); returns how many rows.
    struct MessageRow {
        std::int64_t id = 0;
        std::string day, code, field, kind, to, text, state, why;
        TicketId ticketId = 0;
        int attempts = 0;
        TimePoint queuedAt{}, updatedAt{};
    };
    Result<std::vector<MessageRow>> messages(const std::string& day);
    Result<long long> erasePhonesBefore(const std::string& day);

    // Facts about the store (store_meta): "office_name", written at start-up.
    Status setMeta(const std::string& key, const std::string& value);
    Result<std::optional<std::string>> meta(const std::string& key);

    // Online backup to a new file (written beside it, then renamed into place).
    Status backupTo(const std::string& path);
    int schemaVersion() const { return schemaVersion_; }
    const std::string& path() const { return path_; }
    // For tests and tools: the raw connection.
    SQLite::Database& database() { return *db_; }

  private:
    Store(std::unique_ptr<SQLite::Database> db, std::string path);
    Status prepare();
    void appendOne(const Event& e);
    Result<std::vector<Event>> readEvents(SQLite::Statement& q);

    std::unique_ptr<SQLite::Database> db_;
    std::string path_;
    int schemaVersion_ = 0;
    std::unique_ptr<SQLite::Statement> insertEvent_;
    std::unique_ptr<SQLite::Statement> insertTicket_;
    std::unique_ptr<SQLite::Statement> updateTicket_;
    std::unique_ptr<SQLite::Statement> upsertContent_;
    std::unique_ptr<SQLite::Statement> deleteContent_;
    std::unique_ptr<SQLite::Statement> upsertBooking_;
    std::unique_ptr<SQLite::Statement> insertMessage_;
    std::unique_ptr<SQLite::Statement> updateMessage_;
};

// Turns an SQLite failure into our error codes (full disk, read-only, other).
Error storageError(int sqliteCode, const std::string& what);

} // namespace qmsd
