#pragma once
// The one wait predictor: every view (kiosk, printed ticket, phone page,
// dashboard, /stats/fields, the API, the replay and the reports' recorded
// estimates) takes its figures from here.
//
// It plays the office forward from now, with the engine's own calling rule
// (engine/call_policy.hpp, the same function QueueEngine::selectNext runs):
// each open, unpaused counter becomes free when its current citizen is
// expected to finish (the mean service left given how long it has already
// taken), after calling back the citizens it parked, and then calls the
// ticket the rule picks — priority mixing with each counter's own count of
// normal calls, shared counters in their preference order, longest wait or
// field order — and is busy for that field's mean service. Ties go to the
// lower counter number. Tickets held for their print are in the line at
// their place. A counter that has left people waiting for a while (away,
// not calling) is assumed back after as long again. Paused and closed
// counters call nobody. Nobody new is assumed to arrive.
//
// The result for each waiting ticket: the tickets of its field called before
// it (people ahead) and the time until its call. For "a new ticket now" in a
// field, the same as if one more ticket joined the back of its line: its
// presence changes nothing until the rule would pick it, so every field's
// answer comes out of one simulation.
//
// Cost: O(n + calls × fields per counter) for n waiting tickets, run once
// per committed change (analytics/estimator.hpp caches it), never per
// request. It walks the engine's lines in place (each key carries what the
// rule compares), works on field indices rather than names, and files the
// answers in a flat table by ticket id that is reused from run to run, so a
// run allocates nothing per ticket.
#include "analytics/service_model.hpp"
#include "engine/queue_engine.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qmsd {

struct Forecast {
    // false: no open counter can call the field, so there is no time (the
    // ahead count then follows the line's own order, priority line first).
    bool known = true;
    int ahead = 0;          // tickets of its field that will be called before it
    double minutes = 0;     // expected wait from the forecast's time
    double sdMinutes = 0;   // spread of that wait (one standard deviation)
    int counter = 0;        // the counter expected to call it
    bool unsure = false;    // its field's service time is still a guess
};

class WaitForecast {
  public:
    TimePoint at() const { return at_; }
    // A waiting (or held) ticket's forecast (known = false when no open
    // counter can call its field); nullptr when it is not waiting.
    const Forecast* ticket(TicketId id) const;
    // A ticket issued into the field now (priority or not); nullptr when no
    // open counter can call the field.
    const Forecast* newTicket(const std::string& field, bool priority) const;

    // Filled by forecastWaits: begin() forgets the last run's answers but
    // keeps its memory, so a run allocates nothing once the queue's size is
    // known; setTicket() collects, finish() files them by id.
    void begin(TimePoint at);
    void setTicket(TicketId id, const Forecast& f) { collected_.emplace_back(id, f); }
    void setNewTicket(const std::string& field, bool priority, const Forecast& f) { fresh_[{field, priority}] = f; }
    // A field no open counter can call, whose tickets' answers (no time, the
    // people ahead in the line's own order) are filed only when one is first
    // asked for, by fileDeferred() with the engine the forecast was made from
    // (or one rebuilt to the same state): a kiosk issuing into a field before
    // its counters open then costs no walk of the whole line per ticket.
    void deferField(const std::string& field) { deferred_.push_back(field); }
    bool hasDeferred() const { return !deferred_.empty(); }
    bool deferred(const std::string& field) const;
    void fileDeferred(const QueueEngine& engine) const;
    void finish();

  private:
    struct Slot {
        std::uint64_t run = 0; // the run that filled it; any other: not waiting
        Forecast forecast;
    };
    TimePoint at_{};
    std::uint64_t run_ = 0;
    std::vector<std::pair<TicketId, Forecast>> collected_;
    TicketId base_ = 0;       // the id of slots_[0]
    std::vector<Slot> slots_; // by id − base_: no hashing, no node per ticket
    std::map<std::pair<std::string, bool>, Forecast> fresh_;
    // Deferred fields, and their tickets' answers once asked for, by id.
    mutable std::vector<std::string> deferred_;
    mutable std::vector<std::pair<TicketId, Forecast>> late_;
};

WaitForecast forecastWaits(const QueueEngine& engine, const ServiceModel& model, TimePoint now);
// The same into `out`, reusing its memory (the estimator's cache); with
// `deferUncallable`, the tickets of fields no open counter can call are
// answered when first asked (see WaitForecast::deferField), so `out` must be
// read only while the engine is unchanged.
void forecastWaitsInto(WaitForecast& out, const QueueEngine& engine, const ServiceModel& model, TimePoint now,
                       bool deferUncallable = false);

// The expected rest of a service that has run `elapsed` minutes, for a
// lognormal service time with this mean and coefficient of variation (cv 0:
// exactly the mean, so mean − elapsed, never below 0).
double residualMinutes(double meanMinutes, double cv, double elapsedMinutes);

} // namespace qmsd
