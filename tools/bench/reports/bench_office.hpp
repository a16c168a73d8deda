#pragma once
// A generated busy office: 7 fields, 36 counters, two sessions a weekday,
// arrivals peaking on Monday mornings, written straight into a fresh store as
// the store itself writes rows (one transaction, prepared statements).
#include "config/office_config.hpp"

#include <cstdint>
#include <string>

namespace qmsd::bench {

OfficeConfig busyOffice();

struct Generated {
    std::int64_t tickets = 0;
    std::int64_t events = 0;
};

// Days [from, to] inclusive; the file must not exist.
Generated generateHistory(const std::string& dbPath, const OfficeConfig& cfg, const std::string& from,
                          const std::string& to, unsigned seed);

} // namespace qmsd::bench
