#pragma once
// The per-day digest cache (table report_days, schema v4). A closed day —
// one that ended before now in the office's time zone — never changes except
// by an append (the daemon expires a day's leftovers at rollover, possibly
// days later after downtime), so a cached digest is used only when its code
// version, config fingerprint and the day's last event seq all still match.
//
// Writes are best effort: one short transaction per day on the report's own
// connection; a busy or read-only database just leaves the day uncached (the
// daemon's commits wait at most for one such insert, on their busy_timeout).
#include "reports/day_digest.hpp"
#include "reports/report_query.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace qmsd::reports {

class DigestCache {
  public:
    // Probes for the table; without it (an older schema) the cache is off.
    DigestCache(SQLite::Database& db, std::int64_t configHash);
    ~DigestCache();
    DigestCache(const DigestCache&) = delete;
    DigestCache& operator=(const DigestCache&) = delete;

    bool available() const { return available_; }
    // The valid-looking digests of the range: current version and config.
    // Throws SQLite::Exception like the rest of the query.
    std::map<std::string, std::string> load(const DayRange& range);
    // The day's last event seq (0 for a day without events).
    std::int64_t lastSeqOf(const std::string& day);
    // Never throws; false when it could not write (busy, read-only, disk full).
    bool save(const DayDigest& d);
    int saved() const { return saved_; }

  private:
    SQLite::Database& db_;
    std::int64_t configHash_;
    std::unique_ptr<SQLite::Statement> lastSeq_;
    bool available_ = false;
    bool writable_ = true;
    int busyInARow_ = 0;
    int saved_ = 0;
};

} // namespace qmsd::reports
