#pragma once
// Prometheus metrics for /metrics, built with prometheus-cpp's core library
// (registry, histograms, the text serializer); the text is served by qmsd's
// own HTTP server, not by prometheus-cpp's civetweb "pull" part.
//
// Two kinds of series:
//  - what happens (waits, service times, ratings, commits) is observed as it
//    is committed, into histograms and counters in the registry;
//  - what is (people waiting, counters open, device health, disk space) is
//    read from the daemon's state when Prometheus scrapes (snapshot.cpp), so
//    it can never drift from what the API shows.
// Everything runs on the loop; the registry's own mutex is never contended.
#include "engine/event.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace qmsd {

class QueueEngine;

namespace metrics {

class Metrics {
  public:
    Metrics();

    // Every committed change, after the engine applied it (ticket times are current).
    void onCommitted(const std::vector<Event>& events, const QueueEngine& engine);
    // One group commit: how long the disk took, how many commands it carried.
    void observeCommit(std::chrono::duration<double> took, std::size_t commands, std::size_t events,
                       bool ok);
    // The upstream shipper's backlog (events not yet acknowledged by the
    // city's server). The gauge exists from its first call: an office without
    // an upstream shows no such series rather than a misleading 0.
    void setUpstreamBacklog(std::int64_t events);

    // The Prometheus text exposition format (version 0.0.4): the registry's
    // series followed by `snapshot` (the state read at scrape time).
    std::string render(const std::vector<prometheus::MetricFamily>& snapshot) const;

  private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Histogram>& waitSeconds_;
    prometheus::Family<prometheus::Histogram>& serviceSeconds_;
    prometheus::Family<prometheus::Counter>& tickets_;
    prometheus::Family<prometheus::Counter>& ratings_;
    prometheus::Family<prometheus::Histogram>& commitSeconds_;
    prometheus::Family<prometheus::Histogram>& commitCommands_;
    prometheus::Counter& commitEvents_;
    prometheus::Counter& commitFailures_;
    prometheus::Gauge* upstreamBacklog_ = nullptr;
};

// Helpers for the scrape-time families.
prometheus::MetricFamily gaugeFamily(std::string name, std::string help);
prometheus::MetricFamily counterFamily(std::string name, std::string help);
void addSample(prometheus::MetricFamily& family, std::vector<prometheus::ClientMetric::Label> labels,
               double value);

} // namespace metrics
} // namespace qmsd
