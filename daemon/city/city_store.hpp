#pragma once
// What qmsd-city reads from (and the one thing it writes to) the centre's
// tables (daemon/pg/centre_schema.cpp). Every call is blocking and runs on a
// worker thread with that thread's own connection (pg_workers.hpp).
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "pg/pg_connection.hpp"
#include "reports/day_digest.hpp"
#include "reports/report_query.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qmsd::city {

// One row of `offices`: the office's registration, its shipping state as of
// its last contact, and its live view.
struct OfficeRow {
    std::string id;
    std::string name;
    std::string timeZone;
    std::string version;
    std::int64_t registeredMs = 0;
    std::optional<std::int64_t> lastContactMs;
    std::optional<std::int64_t> statusAtMs;
    std::int64_t shippedSeq = 0;
    std::int64_t localSeq = 0;
    std::optional<std::int64_t> backlogOldestMs;
    std::string status; // JSON text of its live view, "" before the first
    std::optional<std::int64_t> conflictAtMs;
    std::string conflictDetail;
};

// Every office, or only those in `only` when it is not empty; by id.
Result<std::vector<OfficeRow>> loadOffices(pg::Connection& c, const std::vector<std::string>& only = {});

// The office's config in force now (its newest snapshot), as the reports
// read it; an error when the office has not sent one yet.
Result<OfficeConfig> latestConfig(pg::Connection& c, const std::string& office);
// The snapshot (JSON text) in force on a local day, for naming things as the
// office did then; "" when none is that old.
Result<std::string> configOnDay(pg::Connection& c, const std::string& office, const std::string& day);

// The office's days in the range: each day's digest, from day_digests when
// it is still current (version, config, last seq) and the day is over,
// otherwise replayed here from its events with the reports' own code (and
// stored for next time when the day is over). Days without events are left
// out. `computed` counts the days replayed here.
Result<std::vector<reports::DayDigest>> officeDigests(pg::Connection& c, const std::string& office,
                                                      const OfficeConfig& cfg, const reports::DayRange& range,
                                                      TimePoint now, int* computed = nullptr);

// One day replayed from the centre's events (no cache).
Result<reports::DayDigest> replayDay(pg::Connection& c, const std::string& office, const OfficeConfig& cfg,
                                     const std::string& day, std::optional<TimePoint> now);

} // namespace qmsd::city
