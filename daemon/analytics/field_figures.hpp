#pragma once
// The live figures of one field, for the leader's page and the staffing flags:
// the queue as the engine holds it now, the rates of the last window blended
// with earlier weeks (service_model.hpp), the one wait predictor's figure for
// a new ticket (estimator.hpp), and what Erlang C says about them.
//
// Counter shares: a counter that can call several fields (its configured fields
// that its logged-in staff serves) counts 1/k for each, k being the number of
// those fields with people waiting — counting the field asked about as if a new
// ticket had just joined it. So a counter whose other fields are empty counts
// fully, and a new ticket's estimate uses the share it would actually get.
// Erlang figures at a fractional number of counters interpolate linearly
// between the whole numbers either side.
#include "analytics/estimator.hpp"
#include "engine/queue_engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd {

struct ServiceTarget {
    double targetMinutes = 15;
    double share = 0.80;
};

// A counter that can call the field but shares itself with other fields
// where people are waiting: named in the leader's text, not "0,5 quầy".
struct SharedCounter {
    int number = 0;
    std::string name;                     // "Quầy 3"
    std::vector<std::string> otherFields; // their Vietnamese names, in the counter's order
};

struct CounterCapacity {
    double share = 0; // counters' capacity for the field, by the 1/k rule
    int counters = 0; // open, unpaused counters that can call it
    int idle = 0;     // of those, with no ticket at the desk
    std::vector<SharedCounter> shared;
};

CounterCapacity counterCapacity(const QueueEngine& engine, const std::string& field);
// Fields the counter's logged-in staff may call there, in the counter's order.
std::vector<std::string> callableFields(const QueueEngine& engine, int counter);

struct FieldFigures {
    std::string field;
    std::string name;   // Vietnamese, from the config
    std::string nameEn; // for English text; empty = the Vietnamese name
    ServiceTarget target;
    int waiting = 0;
    double headWaitMinutes = 0; // the longest wait in the queue now (since it entered the field)
    double arrivalsPerMinute = 0;
    bool rateFromHistory = false; // early in the day: mostly the same hour of earlier weeks
    int arrivalsInWindow = 0;
    int servicesInWindow = 0;
    double meanServiceMinutes = 0;
    bool serviceUnsure = false; // the service time is still the configured default
    double openCounters = 0; // CounterCapacity::share
    int countersServing = 0; // CounterCapacity::counters: what the dashboard's column counts
    std::vector<SharedCounter> sharedCounters;
    int idleCounters = 0;
    // For a (normal) ticket issued now, from the wait predictor; empty when
    // no open counter serves the field.
    std::optional<double> estimatedWaitMinutes;
    int peopleAheadOfNew = 0;
    bool issuing = true; // a ticket can be issued now (not closed, past the cut-off, out of quota)
    double load = 0;            // A = λ·AHT, Erlangs
    double waitProbability = 0; // Erlang C at openCounters
    double predictedServiceLevel = 0; // Erlang's P(wait ≤ target) at openCounters
    int countersNeeded = 0;     // N* for the target; at least 1 while anyone waits
    bool unstable = false;      // A ≥ N (or people waiting and no counter)
    // From the window: calls, their mean wait, and the share called within target.
    int callsInWindow = 0;
    std::optional<double> recentMeanWaitMinutes;
    std::optional<double> serviceLevel;
};

FieldFigures computeFieldFigures(const QueueEngine& engine, const Estimator& estimator,
                                 const std::string& field, const ServiceTarget& target, TimePoint now);

// Every configured field, each with its own target_wait_minutes and service level target.
std::vector<FieldFigures> computeAllFieldFigures(const QueueEngine& engine, const Estimator& estimator,
                                                 TimePoint now);

// How long the field's longest-waiting ticket has waited (0 when nobody
// waits): O(log n), from the heads of its lines' tiers.
double longestWaitMinutes(const QueueEngine& engine, const std::string& field, TimePoint now);

// Erlang C and the service level at a fractional number of counters.
double erlangCAt(double counters, double load);
double serviceLevelAt(double counters, double load, double meanService, double target);

} // namespace qmsd
