#pragma once
// What one forecast costs the daemon's loop: a provincial centre (30 fields,
// 60 counters each calling three fields, priority tickets) with a growing
// queue; the time of forecastWaits (once per committed change) and of a
// reply's cached lookup.
#include <iosfwd>

namespace qmsd::bench {

void printForecastCost(std::ostream& out);

} // namespace qmsd::bench
