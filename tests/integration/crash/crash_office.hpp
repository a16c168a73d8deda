#pragma once
// The office the crash child runs and the crash test rebuilds: both must use
// the same config, or the replay would not be the one the child did.
#include "config/office_config.hpp"

namespace qmsd::crash {

// Four fields numbered up to 99999 (never exhausted under test), five counters
// sharing fields, six staff, two priority classes, two pause reasons. Open
// 00:00–24:00 every day with no cut-off, so issuing never depends on the hour.
OfficeConfig makeCrashOffice();

} // namespace qmsd::crash
