#include "store/store.hpp"

#include "booking/booking_codec.hpp"
#include "engine/rating.hpp"
#include "store/schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace qmsd {
namespace {

constexpr const char* kEventColumns =
    "seq, at_ms, day, kind, actor, ticket_id, field, to_field, counter, staff, number, code, "
    "priority, reason, public_id, phone, request_id, estimate_s, payload, until_ms, answers, comment";

void bindText(SQLite::Statement& s, int idx, const std::string& v) {
    if (v.empty()) {
        s.bind(idx); // NULL
    } else {
        s.bind(idx, v);
    }
}

void bindInt(SQLite::Statement& s, int idx, std::int64_t v) {
    if (v == 0) {
        s.bind(idx);
    } else {
        s.bind(idx, static_cast<std::int64_t>(v));
    }
}

std::string textOf(SQLite::Statement& q, int col) {
    auto c = q.getColumn(col);
    return c.isNull() ? std::string{} : c.getString();
}

// How each event kind moves the tickets projection: the new state, and which
// timestamp column (if any) takes the event time.
struct TicketUpdate {
    const char* state;    // nullptr = unchanged
    const char* stampCol; // nullptr = none
};

TicketUpdate ticketUpdateFor(const Event& e) {
    switch (e.kind) {
    case EventKind::ticketCalled:
        return {"called", "called_at_ms"};
    case EventKind::ticketStarted:
        return {"serving", "started_at_ms"};
    case EventKind::ticketFinished:
        return {"finished", "ended_at_ms"};
    case EventKind::ticketNoShow:
        return {"no_show", "ended_at_ms"};
    case EventKind::ticketParked:
        return {"parked", nullptr};
    case EventKind::ticketTransferred:
    case EventKind::ticketReinstated:
        return {"waiting", nullptr};
    case EventKind::ticketCancelled:
        return {"cancelled", "ended_at_ms"};
    case EventKind::ticketExpired:
        return {"expired", "ended_at_ms"};
    default:
        return {nullptr, nullptr};
    }
}

} // namespace

Error storageError(int sqliteCode, const std::string& what) {
    switch (sqliteCode & 0xff) {
    case SQLITE_FULL:
        return makeError(ErrorCode::storageFull, what);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return makeError(ErrorCode::storageReadOnly, what);
    default:
        return makeError(ErrorCode::storageFailed, what);
    }
}

Store::Store(std::unique_ptr<SQLite::Database> db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {}

Store::~Store() = default;

namespace {

// Whether `path` can be written, or why not ("Read-only file system",
// "Permission denied"): SQLite would only say "unable to open database file",
// or open it read-only and fail at the first commit.
std::optional<std::string> unwritable(const std::string& path) {
    if (::access(path.c_str(), W_OK) == 0) {
        return std::nullopt;
    }
    return std::string(std::strerror(errno));
}

// A store qmsd must write to: its file (if it exists) and its folder (for
// the -wal and -shm files beside it) writable.
Status checkWritable(const std::string& path) {
    std::filesystem::path file(path);
    std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        if (auto why = unwritable(file.string())) {
            return makeError(ErrorCode::storageReadOnly, "the store " + path + " is read-only (" + *why +
                                                             "): qmsd must be able to write to it");
        }
    }
    if (auto why = unwritable(dir.string())) {
        return makeError(ErrorCode::storageReadOnly,
                         "the store " + path + " is read-only: its folder " + dir.string() + " cannot be written (" +
                             *why + "), and SQLite keeps its -wal and -shm files there");
    }
    return Ok{};
}

} // namespace

void Store::configureWriter(SQLite::Database& db) {
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA wal_autocheckpoint=" + std::to_string(kWalCheckpointPages));
}

void Store::configureSideWriter(SQLite::Database& db) {
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA wal_autocheckpoint=" + std::to_string(kWalCheckpointPages));
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
    if (!options.readOnly) {
        if (auto st = checkWritable(path); !st) {
            return st.error();
        }
    }
    try {
        int flags = options.readOnly ? SQLite::OPEN_READONLY
                                     : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
        auto db = std::make_unique<SQLite::Database>(path, flags, 5000);
        std::unique_ptr<Store> store(new Store(std::move(db), path));
        if (!options.readOnly && sqlite3_db_readonly(store->db_->getHandle(), "main") == 1) {
            // Writable by access() but opened read-only all the same (an
            // immutable file, a file system that refuses writes).
            return makeError(ErrorCode::storageReadOnly,
                             "the store " + path + " is read-only (SQLite could open it for reading only): "
                             "qmsd must be able to write to it");
        }
        if (!options.readOnly) {
            configureWriter(*store->db_);
            if (options.cacheKiB) {
                store->db_->exec("PRAGMA cache_size=-" + std::to_string(*options.cacheKiB));
            }
            if (options.maxPageCount) {
                store->db_->exec("PRAGMA max_page_count=" + std::to_string(*options.maxPageCount));
            }
            auto version = migrateSchema(*store->db_, kSchemaVersion);
            if (!version) {
                return version.error();
            }
            store->schemaVersion_ = *version;
        } else {
            store->schemaVersion_ = store->db_->execAndGet("PRAGMA user_version").getInt();
        }
        if (auto st = store->prepare(); !st) {
            return st.error();
        }
        return store;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path + ": " + e.what());
    }
}

Status Store::prepare() {
    if (schemaVersion_ != kSchemaVersion) {
        return makeError(ErrorCode::storageFailed,
                         path_ + ": schema version " + std::to_string(schemaVersion_) +
                             ", expected " + std::to_string(kSchemaVersion));
    }
    insertEvent_ = std::make_unique<SQLite::Statement>(
        *db_, std::string("INSERT INTO events(") + kEventColumns +
                  ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insertTicket_ = std::make_unique<SQLite::Statement>(
        *db_, "INSERT INTO tickets(id, day, issue_field, field, number, code, priority, public_id, "
              "phone, state, issued_at_ms) VALUES (?,?,?,?,?,?,?,?,?,'waiting',?)");
    // One statement covers every later event: ?1 id, ?2 new state or NULL,
    // ?3 field or NULL, ?4 counter or NULL, ?5 staff or NULL, ?6..?9 timestamps
    // (called/started/ended) or NULL, ?10 recall increment, ?11 transfer increment.
    updateTicket_ = std::make_unique<SQLite::Statement>(
        *db_, "UPDATE tickets SET state = COALESCE(?2, state), field = COALESCE(?3, field), "
              "counter = CASE WHEN ?2 = 'waiting' THEN NULL ELSE COALESCE(?4, counter) END, staff = COALESCE(?5, staff), "
              "called_at_ms = COALESCE(?6, called_at_ms), "
              "started_at_ms = COALESCE(?7, started_at_ms), "
              "ended_at_ms = COALESCE(?8, ended_at_ms), "
              "recalls = CASE WHEN ?9 IS NOT NULL THEN 0 ELSE recalls + ?10 END, "
              "transfers = transfers + ?11 WHERE id = ?1");
    upsertContent_ = std::make_unique<SQLite::Statement>(
        *db_,
        "INSERT INTO content_items(kind, id, version, body, seq) VALUES (?,?,?,?,?) "
        "ON CONFLICT(kind, id) DO UPDATE SET version = excluded.version, body = excluded.body, "
        "seq = excluded.seq");
    deleteContent_ = std::make_unique<SQLite::Statement>(
        *db_, "DELETE FROM content_items WHERE kind = ? AND id = ?");
    upsertBooking_ = std::make_unique<SQLite::Statement>(
        *db_, "INSERT INTO bookings(id, code, day, field, minute, state, phone, body, seq) VALUES (?,?,?,?,?,?,?,?,?) "
              "ON CONFLICT(id) DO UPDATE SET day = excluded.day, field = excluded.field, "
              "minute = excluded.minute, state = excluded.state, phone = excluded.phone, body = excluded.body, "
              "seq = excluded.seq");
    insertMessage_ = std::make_unique<SQLite::Statement>(
        *db_, "INSERT INTO outbox(id, day, ticket_id, code, field, kind, to_phone, text, state, why, queued_at_ms, "
              "updated_at_ms) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)");
    updateMessage_ = std::make_unique<SQLite::Statement>(
        *db_, "UPDATE outbox SET state = ?2, why = CASE WHEN ?3 IS NOT NULL OR ?2 = 'sent' THEN ?3 ELSE why END, "
              "attempts = attempts + (?2 = 'sending'), updated_at_ms = ?4 WHERE id = ?1");
    return Ok{};
}

void Store::appendOne(const Event& e) {
    auto& ins = *insertEvent_;
    ins.reset();
    ins.bind(1, static_cast<std::int64_t>(e.seq));
    ins.bind(2, static_cast<std::int64_t>(toMillis(e.at)));
    ins.bind(3, e.day);
    ins.bind(4, std::string(eventKindName(e.kind)));
    bindText(ins, 5, e.actor);
    bindInt(ins, 6, e.ticketId);
    bindText(ins, 7, e.field);
    bindText(ins, 8, e.toField);
    bindInt(ins, 9, e.counter);
    bindText(ins, 10, e.staff);
    bindInt(ins, 11, e.number);
    bindText(ins, 12, e.code);
    bindText(ins, 13, e.priority);
    bindText(ins, 14, e.reason);
    bindText(ins, 15, e.publicId);
    bindText(ins, 16, e.phone);
    bindText(ins, 17, e.requestId);
    if (e.estimateSeconds >= 0) {
        ins.bind(18, e.estimateSeconds);
    } else {
        ins.bind(18); // NULL
    }
    bindText(ins, 19, e.payload);
    bindInt(ins, 20, e.until == TimePoint{} ? 0 : toMillis(e.until));
    bindText(ins, 21, e.answers);
    bindText(ins, 22, e.comment);
    ins.exec();

    if (e.kind == EventKind::noticeSaved || e.kind == EventKind::procedureSaved) {
        auto& c = *upsertContent_;
        c.reset();
        c.bind(1, e.kind == EventKind::noticeSaved ? "notice" : "procedure");
        c.bind(2, e.kind == EventKind::noticeSaved ? e.reason : e.field);
        c.bind(3, e.number);
        c.bind(4, e.payload);
        c.bind(5, static_cast<std::int64_t>(e.seq));
        c.exec();
        return;
    }
    if (e.kind == EventKind::noticeDeleted || e.kind == EventKind::procedureDeleted) {
        auto& d = *deleteContent_;
        d.reset();
        d.bind(1, e.kind == EventKind::noticeDeleted ? "notice" : "procedure");
        d.bind(2, e.kind == EventKind::noticeDeleted ? e.reason : e.field);
        d.exec();
        return;
    }

    if (isBookingEvent(e.kind)) {
        auto booking = decodeBooking(e.payload);
        if (!booking) { // planned by this engine, so only a bug gets here: the event itself is kept
            return;
        }
        auto& b = *upsertBooking_;
        b.reset();
        b.bind(1, static_cast<std::int64_t>(booking->id));
        b.bind(2, booking->code);
        b.bind(3, booking->day);
        b.bind(4, booking->field);
        b.bind(5, booking->minute);
        b.bind(6, std::string(bookingStateName(booking->state)));
        bindText(b, 7, booking->phone);
        b.bind(8, e.payload);
        b.bind(9, static_cast<std::int64_t>(e.seq));
        b.exec();
        return;
    }
    if (e.kind == EventKind::messageQueued) {
        auto& q = *insertMessage_;
        q.reset();
        q.bind(1, static_cast<std::int64_t>(e.seq));
        q.bind(2, e.day);
        bindInt(q, 3, e.ticketId);
        bindText(q, 4, e.code);
        bindText(q, 5, e.field);
        q.bind(6, e.reason);
        bindText(q, 7, e.phone);
        q.bind(8, e.payload);
        q.bind(9, e.comment.empty() ? "queued" : "skipped");
        bindText(q, 10, e.comment);
        q.bind(11, static_cast<std::int64_t>(toMillis(e.at)));
        q.exec();
        return;
    }
    if (e.kind == EventKind::messageUpdated) {
        auto& u = *updateMessage_;
        u.reset();
        u.clearBindings();
        u.bind(1, static_cast<std::int64_t>(e.number));
        u.bind(2, e.reason);
        bindText(u, 3, e.comment);
        u.bind(4, static_cast<std::int64_t>(toMillis(e.at)));
        u.exec();
        return;
    }
    if (e.kind == EventKind::ticketIssued) {
        auto& t = *insertTicket_;
        t.reset();
        t.bind(1, static_cast<std::int64_t>(e.ticketId));
        t.bind(2, e.day);
        t.bind(3, e.field);
        t.bind(4, e.field);
        t.bind(5, e.number);
        t.bind(6, e.code);
        bindText(t, 7, e.priority);
        bindText(t, 8, e.publicId);
        bindText(t, 9, e.phone);
        t.bind(10, static_cast<std::int64_t>(toMillis(e.at)));
        t.exec();
        return;
    }
    if (e.ticketId == 0) {
        return;
    }
    TicketUpdate how = ticketUpdateFor(e);
    auto& u = *updateTicket_;
    u.reset();
    u.clearBindings();
    u.bind(1, static_cast<std::int64_t>(e.ticketId));
    if (how.state != nullptr) {
        u.bind(2, how.state);
    }
    if (e.kind == EventKind::ticketTransferred) {
        u.bind(3, e.toField);
    }
    if (e.kind == EventKind::ticketCalled || e.kind == EventKind::ticketParked) {
        u.bind(4, e.counter);
    }
    if (!e.staff.empty() && e.kind == EventKind::ticketCalled) {
        u.bind(5, e.staff);
    }
    std::int64_t at = toMillis(e.at);
    std::string stamp = how.stampCol != nullptr ? how.stampCol : "";
    if (stamp == "called_at_ms") {
        u.bind(6, at);
    } else if (stamp == "started_at_ms") {
        u.bind(7, at);
    } else if (stamp == "ended_at_ms") {
        u.bind(8, at);
    }
    if (e.kind == EventKind::ticketCalled) {
        u.bind(9, 1); // a new call starts the recall count again
    }
    u.bind(10, e.kind == EventKind::ticketRecalled ? 1 : 0);
    u.bind(11, e.kind == EventKind::ticketTransferred ? 1 : 0);
    u.exec();
    if (e.kind == EventKind::ticketRated) {
        SQLite::Statement r(*db_, "UPDATE tickets SET rating = ? WHERE id = ?");
        r.bind(1, ratingLevelOf(e.number, e.reason));
        r.bind(2, static_cast<std::int64_t>(e.ticketId));
        r.exec();
    }
}

Status Store::append(const std::vector<Event>& events) {
    if (events.empty()) {
        return Ok{};
    }
    try {
        SQLite::Transaction tx(*db_);
        for (const auto& e : events) {
            appendOne(e);
        }
        tx.commit();
        return Ok{};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": commit failed: " + e.what());
    }
}

Result<StoreHead> Store::head() {
    try {
        StoreHead h;
        SQLite::Statement q(*db_, "SELECT (SELECT MAX(seq) FROM events), (SELECT MAX(id) FROM "
                                  "tickets), (SELECT day FROM events ORDER BY seq DESC LIMIT 1)");
        q.executeStep();
        h.lastSeq = q.getColumn(0).isNull() ? 0 : q.getColumn(0).getInt64();
        h.lastTicketId = q.getColumn(1).isNull() ? 0 : q.getColumn(1).getInt64();
        if (!q.getColumn(2).isNull()) {
            h.lastDay = q.getColumn(2).getString();
        }
        return h;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    }
}

Result<std::vector<Event>> Store::readEvents(SQLite::Statement& q) {
    std::vector<Event> out;
    while (q.executeStep()) {
        Event e;
        e.seq = q.getColumn(0).getInt64();
        e.at = fromMillis(q.getColumn(1).getInt64());
        e.day = q.getColumn(2).getString();
        if (!parseEventKind(q.getColumn(3).getString(), e.kind)) {
            return makeError(ErrorCode::storageFailed, "event " + std::to_string(e.seq) +
                                                           " has unknown kind '" +
                                                           q.getColumn(3).getString() + "'");
        }
        e.actor = textOf(q, 4);
        e.ticketId = q.getColumn(5).getInt64();
        e.field = textOf(q, 6);
        e.toField = textOf(q, 7);
        e.counter = q.getColumn(8).getInt();
        e.staff = textOf(q, 9);
        e.number = q.getColumn(10).getInt();
        e.code = textOf(q, 11);
        e.priority = textOf(q, 12);
        e.reason = textOf(q, 13);
        e.publicId = textOf(q, 14);
        e.phone = textOf(q, 15);
        e.requestId = textOf(q, 16);
        e.estimateSeconds = q.getColumn(17).isNull() ? -1 : q.getColumn(17).getInt();
        e.payload = textOf(q, 18);
        e.until = q.getColumn(19).isNull() ? TimePoint{} : fromMillis(q.getColumn(19).getInt64());
        e.answers = textOf(q, 20);
        e.comment = textOf(q, 21);
        out.push_back(std::move(e));
    }
    return out;
}

Result<std::vector<Event>> Store::eventsOfDay(const std::string& day) {
    try {
        SQLite::Statement q(*db_, std::string("SELECT ") + kEventColumns +
                                      " FROM events WHERE day = ? ORDER BY seq");
        q.bind(1, day);
        return readEvents(q);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    }
}

Result<std::vector<Event>> Store::eventsAfter(std::int64_t seq, int limit) {
    try {
        SQLite::Statement q(*db_, std::string("SELECT ") + kEventColumns +
                                      " FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
        q.bind(1, static_cast<std::int64_t>(seq));
        q.bind(2, limit);
        return readEvents(q);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    }
}

Result<std::vector<Event>> Store::findEvents(const EventFilter& f) {
    try {
        std::string sql = std::string("SELECT ") + kEventColumns + " FROM events WHERE day = ?1 AND seq > ?2";
        if (!f.field.empty()) sql += " AND (field = ?3 OR to_field = ?3)";
        if (!f.staff.empty()) sql += " AND staff = ?4";
        if (!f.kind.empty()) sql += " AND kind = ?5";
        if (f.counter != 0) sql += " AND counter = ?6";
        sql += " ORDER BY seq LIMIT ?7";
        SQLite::Statement q(*db_, sql);
        q.bind(1, f.day);
        q.bind(2, static_cast<std::int64_t>(f.after));
        if (!f.field.empty()) q.bind(3, f.field);
        if (!f.staff.empty()) q.bind(4, f.staff);
        if (!f.kind.empty()) q.bind(5, f.kind);
        if (f.counter != 0) q.bind(6, f.counter);
        q.bind(7, f.limit);
        return readEvents(q);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": reading events: " + e.what());
    }
}

Result<std::vector<ContentRow>> Store::loadContent() {
    try {
        std::vector<ContentRow> out;
        SQLite::Statement q(
            *db_, "SELECT kind, id, version, body, seq FROM content_items ORDER BY kind, id");
        while (q.executeStep()) {
            out.push_back(ContentRow{q.getColumn(0).getString(), q.getColumn(1).getString(),
                                     q.getColumn(2).getInt(), q.getColumn(3).getString(),
                                     q.getColumn(4).getInt64()});
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": loading content: " + e.what());
    }
}

Result<std::vector<Event>> Store::contentEvents(int limit) {
    try {
        SQLite::Statement q(
            *db_, std::string("SELECT ") + kEventColumns +
                      " FROM events WHERE payload IS NOT NULL AND kind IN ('notice_saved', "
                      "'notice_deleted', 'procedure_saved', 'procedure_deleted') "
                      "ORDER BY seq DESC LIMIT ?");
        q.bind(1, limit);
        return readEvents(q);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": reading content history: " + e.what());
    }
}

Result<std::vector<Event>> Store::ratingEvents(const std::string& day) {
    try {
        // The kind list is the partial index's own, so SQLite uses it.
        SQLite::Statement q(*db_, std::string("SELECT ") + kEventColumns +
                                      " FROM events WHERE day = ? AND kind IN ('ticket_rated', "
                                      "'rating_followed_up') ORDER BY seq");
        q.bind(1, day);
        return readEvents(q);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": reading ratings: " + e.what());
    }
}

Result<std::optional<std::string>> Store::dayOfPublicId(const std::string& publicId) {
    try {
        SQLite::Statement q(*db_, "SELECT day FROM tickets WHERE public_id = ?");
        q.bind(1, publicId);
        if (q.executeStep()) {
            return std::optional<std::string>(q.getColumn(0).getString());
        }
        return std::optional<std::string>{};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": looking up a ticket: " + e.what());
    }
}

Result<std::vector<Store::DailyFieldRow>> Store::dailyReport(const std::string& from, const std::string& to) {
    try {
        SQLite::Statement q(*db_, R"sql(
SELECT day, issue_field,
       COUNT(*),
       SUM(state = 'finished'), SUM(state = 'no_show'), SUM(state = 'cancelled'), SUM(state = 'expired'),
       AVG(CASE WHEN called_at_ms IS NOT NULL THEN (called_at_ms - issued_at_ms) / 1000.0 END),
       MAX(CASE WHEN called_at_ms IS NOT NULL THEN (called_at_ms - issued_at_ms) / 1000.0 END)
FROM tickets WHERE day BETWEEN ? AND ?
GROUP BY day, issue_field ORDER BY day, issue_field)sql");
        q.bind(1, from);
        q.bind(2, to);
        std::vector<DailyFieldRow> out;
        while (q.executeStep()) {
            DailyFieldRow r;
            r.day = q.getColumn(0).getString();
            r.field = q.getColumn(1).getString();
            r.issued = q.getColumn(2).getInt();
            r.served = q.getColumn(3).getInt();
            r.noShow = q.getColumn(4).getInt();
            r.cancelled = q.getColumn(5).getInt();
            r.expired = q.getColumn(6).getInt();
            if (!q.getColumn(7).isNull()) {
                r.meanWaitSeconds = q.getColumn(7).getDouble();
                r.maxWaitSeconds = q.getColumn(8).getDouble();
            }
            out.push_back(std::move(r));
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": daily report: " + e.what());
    }
}

Status Store::savePressCounter(const std::string& device, std::uint32_t counter, TimePoint at) {
    try {
        SQLite::Statement q(*db_, "INSERT OR REPLACE INTO device_state(device, press_counter, updated_at_ms) "
                                  "VALUES (?,?,?)");
        q.bind(1, device);
        q.bind(2, static_cast<std::int64_t>(counter));
        q.bind(3, static_cast<std::int64_t>(toMillis(at)));
        q.exec();
        return Ok{};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": saving a press counter: " + e.what());
    }
}

Result<std::map<std::string, std::uint32_t>> Store::loadPressCounters() {
    try {
        std::map<std::string, std::uint32_t> out;
        SQLite::Statement q(*db_, "SELECT device, press_counter FROM device_state");
        while (q.executeStep()) {
            out[q.getColumn(0).getString()] = static_cast<std::uint32_t>(q.getColumn(1).getInt64());
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": loading press counters: " + e.what());
    }
}

Status Store::saveSession(const StaffSessionRow& row) {
    try {
        // One session per staff member: a new login replaces the old one.
        SQLite::Transaction tx(*db_);
        SQLite::Statement del(*db_, "DELETE FROM staff_sessions WHERE staff = ?");
        del.bind(1, row.staff);
        del.exec();
        SQLite::Statement q(*db_, "INSERT OR REPLACE INTO staff_sessions(token_hash, staff, counter, "
                                  "created_at_ms, expires_at_ms) VALUES (?,?,?,?,?)");
        q.bind(1, row.tokenHash);
        q.bind(2, row.staff);
        q.bind(3, row.counter);
        q.bind(4, static_cast<std::int64_t>(toMillis(row.createdAt)));
        q.bind(5, static_cast<std::int64_t>(toMillis(row.expiresAt)));
        q.exec();
        tx.commit();
        return Ok{};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": saving a session: " + e.what());
    }
}

Status Store::deleteSession(const std::string& tokenHash) {
    try {
        SQLite::Statement q(*db_, "DELETE FROM staff_sessions WHERE token_hash = ?");
        q.bind(1, tokenHash);
        q.exec();
        return Ok{};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": deleting a session: " + e.what());
    }
}

Result<std::vector<StaffSessionRow>> Store::loadSessions(TimePoint now) {
    try {
        std::vector<StaffSessionRow> out;
        if (!db_->execAndGet("PRAGMA query_only").getInt()) {
            // Tidying only: the SELECT below skips expired rows anyway, so a
            // full disk must not cost every live session.
            try {
                SQLite::Statement del(*db_, "DELETE FROM staff_sessions WHERE expires_at_ms <= ?");
                del.bind(1, static_cast<std::int64_t>(toMillis(now)));
                del.exec();
            } catch (const SQLite::Exception&) {
            }
        }
        SQLite::Statement q(*db_, "SELECT token_hash, staff, counter, created_at_ms, expires_at_ms "
                                  "FROM staff_sessions WHERE expires_at_ms > ?");
        q.bind(1, static_cast<std::int64_t>(toMillis(now)));
        while (q.executeStep()) {
            out.push_back(StaffSessionRow{q.getColumn(0).getString(), q.getColumn(1).getString(),
                                          q.getColumn(2).getInt(), fromMillis(q.getColumn(3).getInt64()),
                                          fromMillis(q.getColumn(4).getInt64())});
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), path_ + ": loading sessions: " + e.what());
    }
}

Status Store::setMeta(const std::string& key, const std::string& value) {
    try {
        SQLite::Statement q(*db_, "INSERT INTO store_meta(key, value) VALUES (?, ?) "
                                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        q.bind(1, key);
        q.bind(2, value);
        q.exec();
        return Ok{};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), "store_meta " + key + ": " + e.what());
    }
}

Result<std::vector<Store::MessageRow>> Store::messages(const std::string& day) {
    try {
        SQLite::Statement q(*db_, "SELECT id, day, ticket_id, code, field, kind, to_phone, text, state, attempts, "
                                  "why, queued_at_ms, updated_at_ms FROM outbox WHERE day = ? ORDER BY id");
        q.bind(1, day);
        std::vector<MessageRow> out;
        while (q.executeStep()) {
            MessageRow r;
            r.id = q.getColumn(0).getInt64();
            r.day = q.getColumn(1).getString();
            r.ticketId = q.getColumn(2).getInt64();
            r.code = q.getColumn(3).getString();
            r.field = q.getColumn(4).getString();
            r.kind = q.getColumn(5).getString();
            r.to = q.getColumn(6).getString();
            r.text = q.getColumn(7).getString();
            r.state = q.getColumn(8).getString();
            r.attempts = q.getColumn(9).getInt();
            r.why = q.getColumn(10).getString();
            r.queuedAt = fromMillis(q.getColumn(11).getInt64());
            r.updatedAt = fromMillis(q.getColumn(12).getInt64());
            out.push_back(std::move(r));
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), "reading the messages of " + day + ": " + e.what());
    }
}

Result<std::vector<std::string>> Store::loadBookings(const std::string& fromDay) {
    try {
        std::vector<std::string> out;
        SQLite::Statement q(*db_, "SELECT body FROM bookings WHERE day >= ?1 OR state = 'booked' ORDER BY day, minute, code");
        q.bind(1, fromDay);
        while (q.executeStep()) {
            out.push_back(q.getColumn(0).getString());
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), std::string("reading the bookings: ") + e.what());
    }
}

Result<std::vector<std::string>> Store::bookingsBetween(const std::string& from, const std::string& to) {
    try {
        std::vector<std::string> out;
        SQLite::Statement q(*db_, "SELECT body FROM bookings WHERE day BETWEEN ?1 AND ?2 ORDER BY day, minute, code");
        q.bind(1, from);
        q.bind(2, to);
        while (q.executeStep()) {
            out.push_back(q.getColumn(0).getString());
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), "reading the bookings of " + from + ".." + to + ": " + e.what());
    }
}

Result<long long> Store::erasePhonesBefore(const std::string& day) {
    try {
        SQLite::Transaction tx(*db_);
        long long rows = 0;
        for (const char* sql : {"UPDATE tickets SET phone = NULL WHERE day < ? AND phone IS NOT NULL",
                                "UPDATE events SET phone = NULL WHERE day < ? AND phone IS NOT NULL",
                                "UPDATE outbox SET to_phone = NULL WHERE day < ? AND to_phone IS NOT NULL",
                                // A booking's holder: in its row and in its events' payloads.
                                "UPDATE bookings SET phone = NULL, body = json_set(body, '$.phone', '', '$.name', '') "
                                "WHERE day < ? AND (phone IS NOT NULL OR json_extract(body, '$.name') != '')",
                                "UPDATE events SET payload = json_set(payload, '$.phone', '', '$.name', '') "
                                // GLOB, not LIKE: it can use events_content (kind, seq)
                                // WHERE payload IS NOT NULL. LIKE read all 4.7M events of a
                                // two-year store, 0.7 s at start-up and each midnight.
                                "WHERE day < ? AND kind GLOB 'booking*' AND payload IS NOT NULL "
                                "AND (json_extract(payload, '$.phone') != '' OR json_extract(payload, '$.name') != '')"}) {
            SQLite::Statement q(*db_, sql);
            q.bind(1, day);
            rows += q.exec();
        }
        tx.commit();
        return rows;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), "erasing phone numbers before " + day + ": " + e.what());
    }
}

Result<std::optional<std::string>> Store::meta(const std::string& key) {
    try {
        SQLite::Statement q(*db_, "SELECT value FROM store_meta WHERE key = ?");
        q.bind(1, key);
        if (q.executeStep()) {
            return std::optional<std::string>(q.getColumn(0).getString());
        }
        return std::optional<std::string>();
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), "store_meta " + key + ": " + e.what());
    }
}

Status Store::backupTo(const std::string& path) {
    std::string partial = path + ".partial";
    std::error_code ec;
    std::filesystem::remove(partial, ec);
    try {
        db_->backup(partial.c_str(), SQLite::Database::Save);
        // The copy inherits WAL mode; a backup is one self-contained file
        // that can be read where it lies (a read-only medium, a USB stick)
        // without -wal and -shm files appearing beside it.
        SQLite::Database copy(partial, SQLite::OPEN_READWRITE);
        copy.exec("PRAGMA journal_mode=DELETE");
    } catch (const SQLite::Exception& e) {
        std::filesystem::remove(partial, ec);
        return storageError(e.getErrorCode(), "backup to " + path + ": " + e.what());
    }
    std::filesystem::rename(partial, path, ec);
    if (ec) {
        return makeError(ErrorCode::storageFailed, "backup: cannot rename " + partial + " to " +
                                                       path + ": " + ec.message());
    }
    return Ok{};
}

} // namespace qmsd
