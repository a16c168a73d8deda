#include "metrics/metrics.hpp"

#include "engine/queue_engine.hpp"
#include "engine/rating.hpp"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace qmsd::metrics {
namespace {

using prometheus::Histogram;

// Citizens' waits and service times run from seconds to a couple of hours;
// the buckets sit where offices set their targets (5–30 min).
const Histogram::BucketBoundaries kWaitBuckets{60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200};
const Histogram::BucketBoundaries kServiceBuckets{30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600};
// A commit is an fsync or two: sub-millisecond on good disks, far more on an
// SD card or a disk that swings (STYLE: measured, 10x within minutes).
const Histogram::BucketBoundaries kCommitBuckets{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                 0.05,   0.1,   0.25,  0.5,   1,    2.5};
const Histogram::BucketBoundaries kBatchBuckets{1, 2, 4, 8, 16, 32, 64, 128};

double seconds(TimePoint from, TimePoint to) {
    return std::chrono::duration<double>(to - from).count();
}

const char* outcomeOf(EventKind k) {
    switch (k) {
    case EventKind::ticketIssued:
        return "issued";
    case EventKind::ticketFinished:
        return "served";
    case EventKind::ticketNoShow:
        return "no_show";
    case EventKind::ticketCancelled:
        return "cancelled";
    case EventKind::ticketExpired:
        return "expired";
    case EventKind::ticketTransferred:
        return "transferred_out";
    default:
        return nullptr;
    }
}

} // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      waitSeconds_(prometheus::BuildHistogram()
                       .Name("qmsd_wait_seconds")
                       .Help("Time a ticket waited in its field's queue before it was called (first call in that field)")
                       .Register(*registry_)),
      serviceSeconds_(prometheus::BuildHistogram()
                          .Name("qmsd_service_seconds")
                          .Help("Time a counter served a ticket, start (or call) to finish")
                          .Register(*registry_)),
      tickets_(prometheus::BuildCounter()
                   .Name("qmsd_tickets_total")
                   .Help("Tickets by field and what happened to them (issued, served, no_show, cancelled, expired, transferred_out)")
                   .Register(*registry_)),
      ratings_(prometheus::BuildCounter()
                   .Name("qmsd_ratings_total")
                   .Help("Citizens' ratings (SIPAS levels: very_satisfied, satisfied, neutral, dissatisfied) by field")
                   .Register(*registry_)),
      commitSeconds_(prometheus::BuildHistogram()
                         .Name("qmsd_commit_seconds")
                         .Help("Time one group commit took on disk (SQLite, synchronous=FULL)")
                         .Register(*registry_)),
      commitCommands_(prometheus::BuildHistogram()
                          .Name("qmsd_commit_batch_commands")
                          .Help("Commands carried by one group commit")
                          .Register(*registry_)),
      commitEvents_(prometheus::BuildCounter()
                        .Name("qmsd_committed_events_total")
                        .Help("Events committed to the store")
                        .Register(*registry_)
                        .Add({})),
      commitFailures_(prometheus::BuildCounter()
                          .Name("qmsd_commit_failures_total")
                          .Help("Group commits the store refused (full disk, read-only, I/O error)")
                          .Register(*registry_)
                          .Add({})) {
    commitSeconds_.Add({}, kCommitBuckets);
    commitCommands_.Add({}, kBatchBuckets);
}

void Metrics::onCommitted(const std::vector<Event>& events, const QueueEngine& engine) {
    for (const Event& e : events) {
        if (const char* outcome = outcomeOf(e.kind); outcome != nullptr && !e.field.empty()) {
            tickets_.Add({{"field", e.field}, {"outcome", outcome}}).Increment();
        }
        const Ticket* t = e.ticketId != 0 ? engine.ticket(e.ticketId) : nullptr;
        if (t == nullptr) {
            continue;
        }
        if (e.kind == EventKind::ticketCalled && t->queuedAt() != TimePoint{}) {
            waitSeconds_.Add({{"field", t->field}}, kWaitBuckets).Observe(seconds(t->queuedAt(), e.at));
        } else if (e.kind == EventKind::ticketFinished) {
            TimePoint from = t->startedAt() != TimePoint{} ? t->startedAt() : t->calledAt;
            if (from != TimePoint{}) {
                serviceSeconds_.Add({{"field", t->field}}, kServiceBuckets).Observe(seconds(from, e.at));
            }
        } else if (e.kind == EventKind::ticketRated) {
            int level = ratingLevelOf(e.number, e.reason);
            std::string_view name = ratingLevelName(level);
            if (!name.empty()) {
                ratings_.Add({{"field", t->field}, {"level", std::string(name)}}).Increment();
            }
        }
    }
}

void Metrics::observeCommit(std::chrono::duration<double> took, std::size_t commands, std::size_t events,
                            bool ok) {
    commitSeconds_.Add({}, kCommitBuckets).Observe(took.count());
    commitCommands_.Add({}, kBatchBuckets).Observe(static_cast<double>(commands));
    if (ok) {
        commitEvents_.Increment(static_cast<double>(events));
    } else {
        commitFailures_.Increment();
    }
}

void Metrics::setUpstreamBacklog(std::int64_t events) {
    if (upstreamBacklog_ == nullptr) {
        upstreamBacklog_ = &prometheus::BuildGauge()
                                .Name("qmsd_upstream_backlog_events")
                                .Help("Events committed here and not yet acknowledged by the upstream (city) server")
                                .Register(*registry_)
                                .Add({});
    }
    upstreamBacklog_->Set(static_cast<double>(events));
}

std::string Metrics::render(const std::vector<prometheus::MetricFamily>& snapshot) const {
    auto families = registry_->Collect();
    families.insert(families.end(), snapshot.begin(), snapshot.end());
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, families);
    return out.str();
}

prometheus::MetricFamily gaugeFamily(std::string name, std::string help) {
    return prometheus::MetricFamily{std::move(name), std::move(help), prometheus::MetricType::Gauge, {}};
}

prometheus::MetricFamily counterFamily(std::string name, std::string help) {
    return prometheus::MetricFamily{std::move(name), std::move(help), prometheus::MetricType::Counter, {}};
}

void addSample(prometheus::MetricFamily& family, std::vector<prometheus::ClientMetric::Label> labels,
               double value) {
    prometheus::ClientMetric m;
    m.label = std::move(labels);
    if (family.type == prometheus::MetricType::Counter) {
        m.counter.value = value;
    } else {
        m.gauge.value = value;
    }
    family.metric.push_back(std::move(m));
}

} // namespace qmsd::metrics
