#include "analytics/estimator.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd {

Estimator::Estimator(FieldWindowSettings settings) : window_(settings) {}

namespace {
constexpr double kLongestPauseMinutes = 3;
constexpr std::size_t kPausesKept = 40;
} // namespace

void Estimator::onEvents(const std::vector<Event>& events) {
    window_.onEvents(events);
    for (const auto& e : events) {
        switch (e.kind) {
        case EventKind::ticketFinished:
        case EventKind::ticketNoShow:
        case EventKind::ticketParked:
        case EventKind::ticketTransferred:
            freedAt_[e.counter] = e.at;
            break;
        case EventKind::ticketCalled: {
            auto it = freedAt_.find(e.counter);
            if (e.reason != "parked" && it != freedAt_.end()) {
                double gap = std::chrono::duration<double, std::ratio<60>>(e.at - it->second).count();
                if (gap >= 0 && gap <= kLongestPauseMinutes) {
                    pauses_.push_back(gap);
                    if (pauses_.size() > kPausesKept) {
                        pauses_.pop_front();
                    }
                }
                freedAt_.erase(it);
            }
            break;
        }
        case EventKind::counterClosed:
        case EventKind::counterPaused:
            freedAt_.erase(e.counter);
            break;
        default:
            break;
        }
    }
}

double Estimator::pauseMinutes() const {
    if (pauses_.empty()) {
        return 0;
    }
    std::vector<double> v(pauses_.begin(), pauses_.end());
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

void Estimator::setPrior(HistoryPrior prior) {
    prior_ = std::move(prior);
    cache_.seq = -1;
}

void Estimator::refresh(const QueueEngine& engine, TimePoint now) const {
    bool same = cache_.seq == engine.lastSeq() && cache_.day == engine.day() && cache_.config == &engine.config() &&
                now >= cache_.at && now - cache_.at < kMaxForecastAge;
    if (same) {
        return;
    }
    // A window still on yesterday (no event yet today) has nothing to say about today.
    FieldWindow empty(window_.settings());
    const FieldWindow& w = window_.day() == engine.day() ? window_ : empty;
    cache_.model = buildServiceModel(engine.config(), engine.clock(), w, prior_, now, pauseMinutes());
    // The tickets of fields nobody can call are filed when first asked for
    // (ticket() below), from the engine in the state checked above.
    forecastWaitsInto(cache_.forecast, engine, cache_.model, now, true);
    cache_.seq = engine.lastSeq();
    cache_.day = engine.day();
    cache_.config = &engine.config();
    cache_.at = now;
}

const WaitForecast& Estimator::forecast(const QueueEngine& engine, TimePoint now) const {
    refresh(engine, now);
    return cache_.forecast;
}

const ServiceModel& Estimator::model(const QueueEngine& engine, TimePoint now) const {
    refresh(engine, now);
    return cache_.model;
}

namespace {

std::optional<Forecast> asOf(const Forecast* f, TimePoint at, TimePoint now) {
    if (f == nullptr) {
        return std::nullopt;
    }
    Forecast out = *f;
    double age = std::chrono::duration<double, std::ratio<60>>(now - at).count();
    out.minutes = std::max(0.0, out.minutes - std::max(0.0, age));
    return out;
}

} // namespace

std::optional<Forecast> Estimator::ticket(const QueueEngine& engine, TicketId id, TimePoint now) const {
    const WaitForecast& f = forecast(engine, now);
    const Forecast* got = f.ticket(id);
    if (got == nullptr && f.hasDeferred()) {
        // In a field nobody can call: near either end of its line (a ticket
        // just issued is at the back) its place is counted directly; deeper
        // in, the deferred fields are filed, once for this forecast.
        const Ticket* t = engine.ticket(id);
        const FieldQueue* q = t != nullptr && t->state == TicketState::waiting && !t->held && f.deferred(t->field)
                                  ? engine.fieldQueue(t->field)
                                  : nullptr;
        constexpr std::size_t kCountedSteps = 64;
        if (auto ahead = q != nullptr ? q->aheadWithin(*t, kCountedSteps) : std::nullopt) {
            Forecast direct;
            direct.known = false;
            direct.ahead = static_cast<int>(*ahead);
            return asOf(&direct, f.at(), now);
        }
        f.fileDeferred(engine);
        got = f.ticket(id);
    }
    return asOf(got, f.at(), now);
}

std::optional<Forecast> Estimator::newTicket(const QueueEngine& engine, const std::string& field, bool priority,
                                             TimePoint now) const {
    const WaitForecast& f = forecast(engine, now);
    auto out = asOf(f.newTicket(field, priority), f.at(), now);
    // Appointments whose slot has begun but who have not checked in yet will
    // take their place ahead of a walk-in issued now (daemon/booking's rule),
    // each at the field's service time shared by the counters that can call it.
    int booked = priority || !out ? 0 : engine.bookedAhead(field, now);
    if (booked > 0 && out->known) {
        int open = 0;
        for (const auto& [number, c] : engine.counters()) {
            if (c.open && !c.paused) {
                auto fields = engine.callableFields(c);
                open += std::find(fields.begin(), fields.end(), field) != fields.end() ? 1 : 0;
            }
        }
        out->ahead += booked;
        out->minutes += booked * model(engine, now).service(field).meanMinutes / std::max(1, open);
    }
    return out;
}

int Estimator::secondsForNew(const QueueEngine& engine, const std::string& field, const std::string& priority,
                             TimePoint now) const {
    auto f = newTicket(engine, field, !priority.empty(), now);
    return f && f->known ? static_cast<int>(std::lround(f->minutes * 60)) : -1;
}

} // namespace qmsd
