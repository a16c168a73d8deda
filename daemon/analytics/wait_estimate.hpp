#pragma once
// Estimated wait for a ticket with `ahead` people before it in its field: the
// queue-length predictor (ahead − idle + 1) · mean service / counters, zero
// while a counter serving the field is free (Whitt 1999; ANALYTICS.md). The
// analytics issue refines the mean service time; this is the live baseline.
#include "core/time.hpp"
#include "engine/queue_engine.hpp"

#include <optional>
#include <string>

namespace qmsd {

struct WaitEstimate {
    std::optional<double> minutes; // empty: no open counter serves the field
    int counters = 0;              // open, unpaused counters that can call the field
    int idle = 0;
    double meanServiceMinutes = 0;
};

// Mean service time assumed before a field has finished tickets today.
inline constexpr double kDefaultServiceMinutes = 10.0;

WaitEstimate estimateWait(const QueueEngine& engine, const std::string& field, std::size_t ahead);
// The same in two steps, for replies that estimate many tickets of one field:
// the field's counters and mean service once (minutes empty), then per ticket.
WaitEstimate waitBasis(const QueueEngine& engine, const std::string& field);
WaitEstimate estimateFrom(WaitEstimate basis, std::size_t ahead);
// What a ticket issued now would be told, in whole seconds (-1: no estimate),
// recorded in its ticket_issued event so reports can check it afterwards.
int estimateSecondsForNew(const QueueEngine& engine, const std::string& field, const std::string& priority);
// Counters whose logged-in staff can call this field now (open, not paused).
int countersServing(const QueueEngine& engine, const std::string& field, int* idle = nullptr);
double meanServiceMinutes(const QueueEngine& engine, const std::string& field);

} // namespace qmsd
