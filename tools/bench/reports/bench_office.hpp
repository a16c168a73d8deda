#pragma once
// A generated busy office: 7 fields, 36 counters, two sessions a weekday,
// arrivals peaking on Monday mornings, written straight into a fresh store as
// the store itself writes rows (one transaction, prepared statements).
#include "config/office_config.hpp"

#include <cstdint>
#include <string>

namespace qmsd::bench {

// `scale` multiplies the day's tickets and the counters (1: a busy city
// centre, ~1900 tickets a weekday; 0.15: a ward office).
OfficeConfig busyOffice(double scale = 1.0);

struct Generated {
    std::int64_t tickets = 0;
    std::int64_t events = 0;
};

// Days [from, to] inclusive; the file must not exist.
Generated generateHistory(const std::string& dbPath, const OfficeConfig& cfg, const std::string& from,
                          const std::string& to, unsigned seed, double scale = 1.0);

} // namespace qmsd::bench
