#pragma once
// The office's side of shipping, in its SQLite store (schema v6):
//  - on the daemon's loop, through its own connection: this installation's
//    id (made once, random) and a row in config_snapshots whenever the
//    config's snapshot changes;
//  - on the shipper's thread, through a connection of its own (WAL lets it
//    read while the daemon writes): batches of events by seq, so memory never
//    grows with a backlog, the snapshots still to ship, each completed day's
//    digest, and the last seq the centre confirmed (a hint for the backlog
//    shown before the centre answers after a restart).
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "reports/day_digest.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace qmsd::upstream {

// Loop side (the daemon's connection).
Result<std::string> ensureInstallId(SQLite::Database& db);
// Adds a snapshot row when the config's snapshot differs from the newest one;
// true when it added one.
Result<bool> recordConfigSnapshot(SQLite::Database& db, const OfficeConfig& cfg, std::int64_t afterSeq,
                                  TimePoint at);

struct SnapshotRow {
    std::int64_t id = 0;
    std::int64_t takenAtMs = 0;
    std::int64_t afterSeq = 0;
    std::string hash;
    std::string config; // JSON text
};

struct EventBatch {
    std::string json; // array of objects, the columns qmsd_ingest() reads
    int count = 0;
    std::int64_t lastSeq = 0;
    // Each day in the batch with its last seq in the batch, in seq order.
    std::vector<std::pair<std::string, std::int64_t>> days;
};

class LocalLog {
  public:
    static Result<std::unique_ptr<LocalLog>> open(const std::string& dbPath);
    ~LocalLog();

    Result<std::int64_t> lastSeq();
    Result<EventBatch> readAfter(std::int64_t seq, int limit);
    // (at_ms, kind) of one event, if the store has it.
    Result<std::optional<std::pair<std::int64_t, std::string>>> eventAt(std::int64_t seq);
    Result<std::vector<SnapshotRow>> snapshotsAfter(std::int64_t id);
    Result<std::optional<std::int64_t>> confirmedSeq();
    // Best effort (a busy database skips it): only a hint.
    void saveConfirmedSeq(std::int64_t seq);
    Result<reports::DayDigest> digest(const OfficeConfig& cfg, const std::string& day, std::optional<TimePoint> now);

  private:
    explicit LocalLog(std::unique_ptr<SQLite::Database> db);

    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<SQLite::Statement> batch_;
};

} // namespace qmsd::upstream
