#include "upstream/local_log.hpp"

#include "reports/report_query.hpp"
#include "store/store.hpp"
#include "upstream/wire.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>
#include <sqlite3.h>

namespace qmsd::upstream {
namespace {

constexpr int kBusyMs = 100; // the daemon's commits must not wait behind the shipper

// The columns qmsd_ingest() reads; phone, public_id and request_id stay home.
// answers/comment (a rating's, schema v7) feed the reports' rating details,
// payload/until_ms (content items, a pause's expected return, v6) complete
// the log; a centre older than these columns ignores the extra keys. A
// booking's payload goes without its holder's name and phone.
constexpr const char* kBatchSql =
    "SELECT seq, at_ms, day, kind, actor, ticket_id, field, to_field, counter, staff, number, code, priority, "
    "reason, estimate_s, CASE WHEN kind LIKE 'booking%' THEN json_remove(payload, '$.name', '$.phone') "
    "ELSE payload END, until_ms, answers, comment FROM events WHERE seq > ? ORDER BY seq LIMIT ?";
constexpr const char* kBatchNames[] = {"seq",   "at_ms", "day",    "kind",  "actor",    "ticket_id",
                                       "field", "to_field", "counter", "staff", "number", "code",
                                       "priority", "reason", "estimate_s", "payload",
                                       "until_ms", "answers", "comment"};

Json columnJson(SQLite::Statement& q, int col) {
    SQLite::Column c = q.getColumn(col);
    switch (c.getType()) {
    case SQLITE_INTEGER:
        return c.getInt64();
    case SQLITE_FLOAT:
        return c.getDouble();
    case SQLITE_TEXT:
        return c.getString();
    default:
        return nullptr;
    }
}

} // namespace

Result<std::string> ensureInstallId(SQLite::Database& db) {
    try {
        unsigned char raw[16];
        randombytes_buf(raw, sizeof raw);
        char hex[2 * sizeof raw + 1];
        sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
        SQLite::Statement ins(db, "INSERT OR IGNORE INTO upstream_state(key, value) VALUES ('install_id', ?)");
        ins.bind(1, std::string(hex));
        ins.exec();
        return db.execAndGet("SELECT value FROM upstream_state WHERE key = 'install_id'").getString();
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), std::string("upstream install id: ") + e.what());
    }
}

Result<bool> recordConfigSnapshot(SQLite::Database& db, const OfficeConfig& cfg, std::int64_t afterSeq,
                                  TimePoint at) {
    Json snap = configSnapshot(cfg);
    std::string hash = snapshotHash(snap);
    try {
        SQLite::Statement last(db, "SELECT hash FROM config_snapshots ORDER BY id DESC LIMIT 1");
        if (last.executeStep() && last.getColumn(0).getString() == hash) {
            return false;
        }
        last.reset();
        SQLite::Statement ins(db, "INSERT INTO config_snapshots(taken_at_ms, after_seq, hash, config) "
                                  "VALUES (?,?,?,?)");
        ins.bind(1, static_cast<std::int64_t>(toMillis(at)));
        ins.bind(2, static_cast<std::int64_t>(afterSeq));
        ins.bind(3, hash);
        ins.bind(4, snap.dump());
        ins.exec();
        return true;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), std::string("recording the config snapshot: ") + e.what());
    }
}

LocalLog::LocalLog(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
LocalLog::~LocalLog() = default;

Result<std::unique_ptr<LocalLog>> LocalLog::open(const std::string& dbPath) {
    try {
        auto db = std::make_unique<SQLite::Database>(dbPath, SQLite::OPEN_READWRITE, kBusyMs);
        Store::configureSideWriter(*db); // only the confirmed-seq hint is written here
        int version = db->execAndGet("PRAGMA user_version").getInt();
        if (version < 6) {
            return makeError(ErrorCode::storageFailed,
                             dbPath + ": schema version " + std::to_string(version) + " has no upstream tables");
        }
        std::unique_ptr<LocalLog> log(new LocalLog(std::move(db)));
        log->batch_ = std::make_unique<SQLite::Statement>(*log->db_, kBatchSql);
        return log;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), dbPath + ": " + e.what());
    }
}

Result<std::int64_t> LocalLog::lastSeq() {
    try {
        SQLite::Statement q(*db_, "SELECT MAX(seq) FROM events");
        q.executeStep();
        return q.getColumn(0).isNull() ? std::int64_t{0} : q.getColumn(0).getInt64();
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    }
}

Result<EventBatch> LocalLog::readAfter(std::int64_t seq, int limit) {
    try {
        EventBatch b;
        Json rows = Json::array();
        SQLite::Statement& q = *batch_;
        q.reset();
        q.bind(1, static_cast<std::int64_t>(seq));
        q.bind(2, limit);
        while (q.executeStep()) {
            Json row = Json::object();
            for (int c = 0; c < static_cast<int>(std::size(kBatchNames)); ++c) {
                row[kBatchNames[c]] = columnJson(q, c);
            }
            b.lastSeq = q.getColumn(0).getInt64();
            std::string day = q.getColumn(2).getString();
            if (b.days.empty() || b.days.back().first != day) {
                b.days.emplace_back(day, b.lastSeq);
            }
            b.days.back().second = b.lastSeq;
            rows.push_back(std::move(row));
            ++b.count;
        }
        q.reset(); // no read transaction held between batches
        b.json = rows.dump(-1, ' ', false, Json::error_handler_t::replace);
        return b;
    } catch (const SQLite::Exception& e) {
        batch_->reset();
        return storageError(e.getErrorCode(), std::string("reading events to ship: ") + e.what());
    }
}

Result<std::optional<std::pair<std::int64_t, std::string>>> LocalLog::eventAt(std::int64_t seq) {
    try {
        SQLite::Statement q(*db_, "SELECT at_ms, kind FROM events WHERE seq = ?");
        q.bind(1, static_cast<std::int64_t>(seq));
        if (!q.executeStep()) {
            return std::optional<std::pair<std::int64_t, std::string>>{};
        }
        return std::optional<std::pair<std::int64_t, std::string>>{
            std::pair{q.getColumn(0).getInt64(), q.getColumn(1).getString()}};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    }
}

Result<std::vector<SnapshotRow>> LocalLog::snapshotsAfter(std::int64_t id) {
    try {
        std::vector<SnapshotRow> out;
        SQLite::Statement q(*db_, "SELECT id, taken_at_ms, after_seq, hash, config FROM config_snapshots "
                                  "WHERE id > ? ORDER BY id");
        q.bind(1, static_cast<std::int64_t>(id));
        while (q.executeStep()) {
            out.push_back(SnapshotRow{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                                      q.getColumn(2).getInt64(), q.getColumn(3).getString(),
                                      q.getColumn(4).getString()});
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    }
}

Result<std::optional<std::int64_t>> LocalLog::confirmedSeq() {
    try {
        SQLite::Statement q(*db_, "SELECT value FROM upstream_state WHERE key = 'confirmed_seq'");
        if (!q.executeStep()) {
            return std::optional<std::int64_t>{};
        }
        return std::optional<std::int64_t>{std::stoll(q.getColumn(0).getString())};
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), e.what());
    } catch (const std::exception&) {
        return std::optional<std::int64_t>{};
    }
}

void LocalLog::saveConfirmedSeq(std::int64_t seq) {
    try {
        SQLite::Statement q(*db_, "INSERT OR REPLACE INTO upstream_state(key, value) VALUES ('confirmed_seq', ?)");
        q.bind(1, std::to_string(seq));
        q.exec();
    } catch (const SQLite::Exception&) {
        // Busy or read-only: the next batch writes it again.
    }
}

Result<reports::DayDigest> LocalLog::digest(const OfficeConfig& cfg, const std::string& day,
                                            std::optional<TimePoint> now) {
    return reports::replayDayDigest(*db_, cfg, day, now);
}

} // namespace qmsd::upstream
