#include "analytics/wait_predictor.hpp"

#include "engine/call_policy.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <queue>
#include <set>
#include <tuple>

namespace qmsd {

const Forecast* WaitForecast::ticket(TicketId id) const {
    auto it = tickets_.find(id);
    return it == tickets_.end() ? nullptr : &it->second;
}

const Forecast* WaitForecast::newTicket(const std::string& field, bool priority) const {
    auto it = fresh_.find({field, priority});
    return it == fresh_.end() ? nullptr : &it->second;
}

double residualMinutes(double mean, double cv, double elapsed) {
    if (elapsed <= 0) {
        return mean;
    }
    if (cv <= 1e-6) {
        return std::max(0.0, mean - elapsed);
    }
    // Lognormal: σ² = ln(1 + cv²), μ = ln(mean) − σ²/2, z = (ln e − μ)/σ;
    // E[S | S > e] = mean · Φ(σ − z) / Φ(−z).
    double sigma = std::sqrt(std::log1p(cv * cv));
    double mu = std::log(mean) - sigma * sigma / 2;
    double z = (std::log(elapsed) - mu) / sigma;
    auto upper = [](double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }; // 1 − Φ(x)
    double tail = upper(z);
    if (tail < 1e-12) {
        // Far past the usual length: the tail's own scale (Mills ratio), e·σ/z.
        return elapsed * sigma / std::max(z, 1.0);
    }
    return std::max(0.0, mean * upper(z - sigma) / tail - elapsed);
}

namespace {

using Minutes = std::chrono::duration<double, std::ratio<60>>;

double minutesBetween(TimePoint from, TimePoint to) { return std::max(0.0, Minutes(to - from).count()); }

// A line of the simulation: the engine's order, consumed from the front.
struct SimLine {
    std::vector<LineHead> tickets;
    std::size_t next = 0;
    LineHead head() const { return next < tickets.size() ? tickets[next] : LineHead{}; }
};

struct SimCounter {
    int number = 0;
    std::vector<std::string> fields;
    int normalSincePriority = 0;
    double freeAt = 0; // minutes from now
    double variance = 0;
};

// Stand-in ids for "a ticket issued now": above any real id, so a real ticket
// issued in the same instant still sorts before it.
constexpr TicketId kVirtualBase = std::numeric_limits<TicketId>::max() / 2;

class Simulation {
  public:
    Simulation(const QueueEngine& engine, const ServiceModel& model, TimePoint now)
        : engine_(engine), model_(model), now_(now) {}

    WaitForecast run(WaitForecast out) {
        buildLines();
        buildCounters();
        placeVirtuals();
        using Slot = std::pair<double, int>; // (free at, index in counters_), earliest first
        std::priority_queue<Slot, std::vector<Slot>, std::greater<>> free;
        for (std::size_t i = 0; i < counters_.size(); ++i) {
            free.emplace(counters_[i].freeAt, static_cast<int>(i));
        }
        while (!free.empty() && (remaining_ > 0 || unplaced_ > 0)) {
            auto [at, index] = free.top();
            free.pop();
            SimCounter& c = counters_[static_cast<std::size_t>(index)];
            placeNewTicketsAt(c, at, out);
            TicketId pick = chooseNext(engine_.config().office, c.fields, c.normalSincePriority,
                                       [this](const std::string& f, bool p) { return line(f, p).head(); });
            if (pick == 0) {
                continue; // nothing more for this counter: it drops out
            }
            call(c, pick, at, out);
            free.emplace(c.freeAt, index);
        }
        // Fields nobody can call now: people ahead in the line's own order, no time.
        for (auto& [field, both] : lines_) {
            if (countersOf_.count(field) != 0) {
                continue;
            }
            int before = 0;
            for (const SimLine* l : {&both[1], &both[0]}) { // the priority line first
                for (const auto& h : l->tickets) {
                    Forecast f;
                    f.known = false;
                    f.ahead = before++;
                    out.setTicket(h.id, f);
                }
            }
        }
        out.setAt(now_);
        return out;
    }

  private:
    SimLine& line(const std::string& field, bool priority) { return lines_[field][priority ? 1 : 0]; }

    void buildLines() {
        auto push = [this](const Ticket& t) {
            line(t.field, !t.priority.empty()).tickets.push_back(LineHead{t.id, t.tier, t.issuedAt});
            fieldOf_[t.id] = &t;
            ++remaining_;
        };
        for (const auto& fc : engine_.config().fields) {
            if (const FieldQueue* q = engine_.fieldQueue(fc.id)) {
                for (bool p : {true, false}) {
                    for (const auto& k : q->line(p)) {
                        if (const Ticket* t = engine_.ticket(k.id)) {
                            push(*t);
                        }
                    }
                }
            }
        }
        // Held for their print: in the line at their place within seconds.
        for (TicketId id : engine_.heldTickets()) {
            const Ticket* t = engine_.ticket(id);
            if (t == nullptr || engine_.config().field(t->field) == nullptr) {
                continue;
            }
            push(*t);
            auto& v = line(t->field, !t->priority.empty()).tickets;
            auto key = [this](const LineHead& h) {
                return std::tuple(h.tier, fieldOf_.at(h.id)->queueOrder, h.id);
            };
            std::sort(v.begin(), v.end(), [&key](const LineHead& a, const LineHead& b) { return key(a) < key(b); });
        }
    }

    void buildCounters() {
        for (const auto& [number, c] : engine_.counters()) {
            if (!c.open || c.paused) {
                continue;
            }
            SimCounter s{number, engine_.callableFields(c), c.normalSincePriority, 0, 0};
            if (s.fields.empty()) {
                continue;
            }
            if (const Ticket* t = c.activeTicket != 0 ? engine_.ticket(c.activeTicket) : nullptr) {
                const FieldService& fs = model_.service(t->field);
                double rest = residualMinutes(fs.meanMinutes, fs.cv, minutesBetween(t->calledAt, now_));
                s.freeAt = rest + model_.pauseMinutes;
                s.variance = std::pow(fs.cv * rest, 2);
            } else {
                s.freeAt = awayFor(c, s.fields);
            }
            // Its parked citizens come back to it before it calls the line.
            for (TicketId id : engine_.parkedAt(number)) {
                if (const Ticket* t = engine_.ticket(id)) {
                    const FieldService& fs = model_.service(t->field);
                    s.freeAt += fs.meanMinutes + model_.pauseMinutes;
                    s.variance += std::pow(fs.cv * fs.meanMinutes, 2);
                }
            }
            for (const auto& f : s.fields) {
                ++countersOf_[f];
            }
            counters_.push_back(std::move(s));
        }
    }

    // An idle counter calls at once — unless people it could call have
    // waited since before it fell idle for longer than a call takes: then
    // it is not calling (staff away), and is assumed back after as long again.
    double awayFor(const Counter& c, const std::vector<std::string>& fields) const {
        TimePoint waitingSince = now_;
        for (const auto& f : fields) {
            if (const FieldQueue* q = engine_.fieldQueue(f)) {
                for (TicketId id : q->tierHeads()) {
                    if (const Ticket* t = engine_.ticket(id)) {
                        waitingSince = std::min(waitingSince, t->queuedAt);
                    }
                }
            }
        }
        double leftWaiting = minutesBetween(std::max(waitingSince, c.idleSince), now_);
        constexpr double kCallGraceMinutes = 2;
        return leftWaiting > kCallGraceMinutes ? leftWaiting : 0.0;
    }

    void placeVirtuals() {
        bool priorities = !engine_.config().priorities.empty();
        for (const auto& fc : engine_.config().fields) {
            if (countersOf_.count(fc.id) == 0) {
                continue; // no counter can call it: no answer for a new ticket
            }
            for (bool p : {false, true}) {
                if (p && !priorities) {
                    continue;
                }
                virtuals_.push_back(Virtual{fc.id, p, kVirtualBase + static_cast<TicketId>(virtuals_.size()), false});
                ++unplaced_;
            }
        }
    }

    // A new ticket in field F is called by the first pick the rule would give
    // it: checked before each real pick, against the same lines.
    void placeNewTicketsAt(const SimCounter& c, double at, WaitForecast& out) {
        for (auto& v : virtuals_) {
            // At the back of its line, it can only be picked once the line is empty.
            if (v.placed || line(v.field, v.priority).head().id != 0 ||
                std::find(c.fields.begin(), c.fields.end(), v.field) == c.fields.end()) {
                continue;
            }
            TicketId pick = chooseNext(engine_.config().office, c.fields, c.normalSincePriority,
                                       [this, &v](const std::string& f, bool p) {
                                           LineHead h = line(f, p).head();
                                           if (h.id == 0 && f == v.field && p == v.priority) {
                                               return LineHead{v.id, QueueTier::normal, now_};
                                           }
                                           return h;
                                       });
            if (pick == v.id) {
                v.placed = true;
                --unplaced_;
                out.setNewTicket(v.field, v.priority, forecastFor(v.field, c, at));
            }
        }
    }

    Forecast forecastFor(const std::string& field, const SimCounter& c, double at) {
        Forecast f;
        f.ahead = calledIn_[field];
        f.minutes = at;
        f.counter = c.number;
        f.sdMinutes = std::sqrt(c.variance / std::max(1, countersOf_[field]));
        f.unsure = model_.service(field).unsure;
        return f;
    }

    void call(SimCounter& c, TicketId pick, double at, WaitForecast& out) {
        const Ticket& t = *fieldOf_.at(pick);
        bool priority = !t.priority.empty();
        ++line(t.field, priority).next;
        out.setTicket(pick, forecastFor(t.field, c, at));
        ++calledIn_[t.field];
        --remaining_;
        c.normalSincePriority = priority ? 0 : c.normalSincePriority + 1;
        const FieldService& fs = model_.service(t.field);
        c.freeAt = at + model_.callMinutes(t.field) + model_.pauseMinutes;
        c.variance += std::pow(fs.cv * fs.meanMinutes, 2);
    }

    struct Virtual {
        std::string field;
        bool priority = false;
        TicketId id = 0;
        bool placed = false;
    };

    const QueueEngine& engine_;
    const ServiceModel& model_;
    TimePoint now_;
    std::unordered_map<std::string, std::array<SimLine, 2>> lines_; // [normal, priority]
    std::unordered_map<TicketId, const Ticket*> fieldOf_;
    std::vector<SimCounter> counters_;
    std::map<std::string, int> countersOf_; // counters of the simulation that can call the field
    std::map<std::string, int> calledIn_;
    std::vector<Virtual> virtuals_;
    long remaining_ = 0;
    int unplaced_ = 0;
};

} // namespace

WaitForecast forecastWaits(const QueueEngine& engine, const ServiceModel& model, TimePoint now) {
    return Simulation(engine, model, now).run(WaitForecast{});
}

} // namespace qmsd
