#pragma once
// What an office sends the centre, in the shapes the centre's qmsd_ingest()
// reads (daemon/pg/centre_schema.cpp): the config snapshot, and for each day
// a batch completes its report digest and per-field sums. qmsd-city reads the
// snapshots back into an OfficeConfig for its reports.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "reports/day_digest.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::upstream {

using Json = nlohmann::json;

// What the centre needs to name things and to compute the office's reports:
// time zone, fields with targets, counters and staff with their fields,
// priorities, pause reasons. No PIN hashes, tokens, devices or addresses.
Json configSnapshot(const OfficeConfig& cfg);
// BLAKE2b-128 of the snapshot's canonical text (keys sorted), hex.
std::string snapshotHash(const Json& snapshot);
// The snapshot back as a config the reports can run on. Errors name the member.
Result<OfficeConfig> configFromSnapshot(const Json& snapshot);

// One field's additive figures of one day, with the reports' definitions
// (daemon/reports/report_query.hpp): counts by final state, waits (called
// from the queue) and their sum, within/missed target against the field's
// target, services, ratings.
struct FieldDaySums {
    std::string field;
    reports::Outcomes outcomes;
    int waits = 0;
    std::int64_t waitMsSum = 0, waitMsMax = 0;
    int withinTarget = 0, missedTarget = 0;
    int services = 0;
    std::int64_t serviceMsSum = 0;
    int ratings = 0, ratingSum = 0;
};
std::vector<FieldDaySums> fieldDaySums(const reports::DayDigest& d, const OfficeConfig& cfg);

// {"day","version","config_hash","last_seq","digest" (base64 or null),"fields":[…]}.
Json dayPayload(const reports::DayDigest& d, const OfficeConfig& cfg, bool withDigest);

std::string base64(std::string_view bytes);

} // namespace qmsd::upstream
