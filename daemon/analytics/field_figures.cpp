#include "analytics/field_figures.hpp"

#include "analytics/erlang.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

std::vector<std::string> callableFields(const QueueEngine& engine, int counter) {
    const Counter* c = engine.counter(counter);
    return c == nullptr ? std::vector<std::string>{} : engine.callableFields(*c);
}

namespace {

double minutesSince(TimePoint from, TimePoint now) {
    return std::max(0.0, std::chrono::duration<double, std::ratio<60>>(now - from).count());
}

template <class F> double interpolate(double counters, F f) {
    double lo = std::floor(counters);
    double w = counters - lo;
    double at = f(static_cast<int>(lo));
    return w < 1e-12 ? at : (1 - w) * at + w * f(static_cast<int>(lo) + 1);
}

} // namespace

CounterCapacity counterCapacity(const QueueEngine& engine, const std::string& field) {
    CounterCapacity cap;
    for (const auto& [number, c] : engine.counters()) {
        if (!c.open || c.paused) {
            continue;
        }
        auto fields = engine.callableFields(c);
        if (!contains(fields, field)) {
            continue;
        }
        int k = 1; // this field, as if a ticket had just joined it
        SharedCounter shared{number, {}, {}};
        for (const auto& f : fields) {
            if (f != field && engine.waiting(f) > 0) {
                ++k;
                const FieldConfig* fc = engine.config().field(f);
                shared.otherFields.push_back(fc != nullptr ? fc->name : f);
            }
        }
        if (k > 1) {
            shared.name = engine.config().counterName(number);
            cap.shared.push_back(std::move(shared));
        }
        cap.share += 1.0 / k;
        ++cap.counters;
        cap.idle += c.activeTicket == 0 ? 1 : 0;
    }
    return cap;
}

double erlangCAt(double counters, double load) {
    return interpolate(counters, [load](int n) { return erlang::erlangC(n, load); });
}

double serviceLevelAt(double counters, double load, double meanService, double target) {
    return interpolate(counters, [=](int n) { return erlang::serviceLevel(n, load, meanService, target); });
}

double longestWaitMinutes(const QueueEngine& engine, const std::string& field, TimePoint now) {
    double longest = 0;
    if (const FieldQueue* q = engine.fieldQueue(field)) {
        for (TicketId id : q->tierHeads()) {
            if (const Ticket* t = engine.ticket(id)) {
                longest = std::max(longest, minutesSince(t->queuedAt(), now));
            }
        }
    }
    return longest;
}

FieldFigures computeFieldFigures(const QueueEngine& engine, const Estimator& estimator,
                                 const std::string& field, const ServiceTarget& target, TimePoint now) {
    FieldFigures f;
    f.field = field;
    const FieldConfig* fc = engine.config().field(field);
    f.name = fc != nullptr ? fc->name : field;
    f.target = target;
    f.waiting = static_cast<int>(engine.waiting(field));
    f.headWaitMinutes = longestWaitMinutes(engine, field, now);

    // A window still on yesterday (no event yet today) has nothing to say about today.
    FieldWindow empty(estimator.window().settings());
    const FieldWindow& w = estimator.window().day() == engine.day() ? estimator.window() : empty;
    FieldWindowStats s = w.stats(field, now, target.targetMinutes);
    FieldRate rate = blendedRate(s, estimator.prior(), field, hourOfWeek(engine.clock(), now));
    f.arrivalsPerMinute = rate.perMinute;
    f.rateFromHistory = rate.fromHistory;
    f.arrivalsInWindow = s.arrivals;
    f.servicesInWindow = s.services;
    const FieldService& service = estimator.model(engine, now).service(field);
    f.meanServiceMinutes = service.meanMinutes;
    f.serviceUnsure = service.unsure;
    f.callsInWindow = s.calls;
    f.recentMeanWaitMinutes = s.meanWaitMinutes;
    f.serviceLevel = s.shareWithinTarget;

    CounterCapacity cap = counterCapacity(engine, field);
    f.openCounters = cap.share;
    f.countersServing = cap.counters;
    f.idleCounters = cap.idle;
    f.sharedCounters = std::move(cap.shared);
    f.issuing = engine.canIssue(field, now).ok();
    if (auto fresh = estimator.newTicket(engine, field, false, now)) {
        f.estimatedWaitMinutes = fresh->minutes;
        f.peopleAheadOfNew = fresh->ahead;
    }

    f.load = erlang::load(f.arrivalsPerMinute, f.meanServiceMinutes);
    f.waitProbability = f.load > 0 ? erlangCAt(f.openCounters, f.load) : 0.0;
    f.predictedServiceLevel =
        f.load > 0 ? serviceLevelAt(f.openCounters, f.load, f.meanServiceMinutes, target.targetMinutes) : 1.0;
    f.countersNeeded = erlang::countersNeeded(f.load, f.meanServiceMinutes, target.targetMinutes, target.share);
    if (f.waiting > 0) {
        f.countersNeeded = std::max(f.countersNeeded, 1);
    }
    f.unstable = (f.load > 0 && f.load >= f.openCounters) || (f.waiting > 0 && cap.counters == 0);
    return f;
}

std::vector<FieldFigures> computeAllFieldFigures(const QueueEngine& engine, const Estimator& estimator,
                                                 TimePoint now) {
    std::vector<FieldFigures> out;
    for (const auto& fc : engine.config().fields) {
        ServiceTarget t{static_cast<double>(fc.targetWaitMinutes), fc.serviceLevelTarget};
        out.push_back(computeFieldFigures(engine, estimator, fc.id, t, now));
    }
    return out;
}

} // namespace qmsd
