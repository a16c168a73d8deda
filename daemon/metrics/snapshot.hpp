#pragma once
// The series read from the daemon's state when Prometheus scrapes: the
// queues, counters, flags, devices, printers, the live stream and the disk
// the store lives on. Nothing here is kept between scrapes.
#include "core/time.hpp"

#include <prometheus/metric_family.h>

#include <cstddef>
#include <vector>

namespace qmsd {
class Daemon;
}

namespace qmsd::metrics {

std::vector<prometheus::MetricFamily> snapshotFamilies(Daemon& daemon, std::size_t streamClients,
                                                       TimePoint now);

} // namespace qmsd::metrics
