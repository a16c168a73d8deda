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

namespace {

// A field nobody can call now: each ticket gets no time and the people ahead
// of it in the line's own order, the priority line first. `eachInLine(priority,
// visit)` visits that line's tickets in call order; `file(id, forecast)` keeps one.
template <typename EachInLine, typename File>
void fileWithoutTime(EachInLine eachInLine, File file) {
    int before = 0;
    for (bool priority : {true, false}) {
        eachInLine(priority, [&](const QueueKey& k) {
            Forecast f;
            f.known = false;
            f.ahead = before++;
            file(k.id, f);
        });
    }
}

// A vector that once held far more than it holds now gives its memory back:
// a day that once had 27,000 waiting otherwise kept 2.6 MB of forecasts
// after everyone was served.
template <typename V>
void releaseIfOversized(V& v, std::size_t used) {
    if (v.capacity() > 4096 && v.capacity() > 4 * used) {
        v.resize(std::min(v.size(), used));
        v.shrink_to_fit();
    }
}

} // namespace

const Forecast* WaitForecast::ticket(TicketId id) const {
    if (id >= base_ && id - base_ < static_cast<TicketId>(slots_.size())) {
        const Slot& s = slots_[static_cast<std::size_t>(id - base_)];
        if (s.run == run_) {
            return &s.forecast;
        }
    }
    auto it = std::lower_bound(late_.begin(), late_.end(), id,
                               [](const std::pair<TicketId, Forecast>& e, TicketId x) { return e.first < x; });
    return it != late_.end() && it->first == id ? &it->second : nullptr;
}

bool WaitForecast::deferred(const std::string& field) const {
    return std::find(deferred_.begin(), deferred_.end(), field) != deferred_.end();
}

// The deferred fields' tickets, all at once on the first question: people
// ahead in the line's own order, priority line first, as run() files them.
void WaitForecast::fileDeferred(const QueueEngine& engine) const {
    if (deferred_.empty()) {
        return;
    }
    for (const auto& field : deferred_) {
        const FieldQueue* q = engine.fieldQueue(field);
        if (q == nullptr) {
            continue;
        }
        fileWithoutTime(
            [q](bool priority, const auto& visit) {
                for (const QueueKey& k : q->line(priority)) {
                    visit(k);
                }
            },
            [this](TicketId id, const Forecast& f) { late_.emplace_back(id, f); });
    }
    deferred_.clear();
    std::sort(late_.begin(), late_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

const Forecast* WaitForecast::newTicket(const std::string& field, bool priority) const {
    auto it = fresh_.find({field, priority});
    return it == fresh_.end() ? nullptr : &it->second;
}

void WaitForecast::begin(TimePoint at) {
    at_ = at;
    ++run_;
    collected_.clear();
    fresh_.clear();
    deferred_.clear();
    releaseIfOversized(late_, late_.size());
    late_.clear();
}

void WaitForecast::finish() {
    if (collected_.empty()) {
        releaseIfOversized(slots_, 0);
        releaseIfOversized(collected_, 0);
        return;
    }
    auto [lo, hi] = std::minmax_element(collected_.begin(), collected_.end(),
                                        [](const auto& a, const auto& b) { return a.first < b.first; });
    TicketId first = lo->first;
    auto span = static_cast<std::size_t>(hi->first - first + 1);
    if (first != base_ || span > slots_.size()) {
        // Slots of an earlier run hold an older run number: never read.
        base_ = first;
        if (span > slots_.size()) {
            slots_.resize(span);
        }
    }
    for (const auto& [id, f] : collected_) {
        slots_[static_cast<std::size_t>(id - base_)] = Slot{run_, f};
    }
    // A queue that shrank a lot gives its memory back.
    releaseIfOversized(slots_, span);
    releaseIfOversized(collected_, collected_.size());
    collected_.clear();
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

// A line of the simulation, consumed from the front: the engine's own set,
// walked in place, or (when tickets held for their print join it) a sorted copy.
class SimLine {
  public:
    using Keys = std::set<QueueKey>;
    void walk(const Keys& keys) {
        keys_ = &keys;
        it_ = keys.begin();
        end_ = keys.end();
    }
    void copyWith(const Keys& keys, const std::vector<QueueKey>& held) {
        copy_.assign(keys.begin(), keys.end());
        copy_.insert(copy_.end(), held.begin(), held.end());
        std::sort(copy_.begin(), copy_.end());
        copied_ = true;
    }
    bool empty() const { return copied_ ? next_ >= copy_.size() : it_ == end_; }
    // The engine's own set, untouched (no held tickets copied in, none taken).
    bool walking() const { return !copied_ && keys_ != nullptr && it_ == keys_->begin(); }
    const QueueKey& front() const { return copied_ ? copy_[next_] : *it_; }
    LineHead head() const {
        if (empty()) {
            return LineHead{};
        }
        const QueueKey& k = front();
        return LineHead{k.id, k.tier, k.issuedAt};
    }
    void pop() {
        if (copied_) {
            ++next_;
        } else {
            ++it_;
        }
    }
    template <class Fn> void forEach(Fn&& fn) const {
        if (copied_) {
            std::for_each(copy_.begin() + static_cast<std::ptrdiff_t>(next_), copy_.end(), fn);
        } else {
            std::for_each(it_, end_, fn);
        }
    }

  private:
    const Keys* keys_ = nullptr;
    Keys::const_iterator it_{};
    Keys::const_iterator end_{};
    std::vector<QueueKey> copy_;
    std::size_t next_ = 0;
    bool copied_ = false;
};

// One field in the simulation: its two lines, what its service costs, and
// "a new ticket now" in each line (placed once the rule would pick it).
struct SimField {
    const std::string* id = nullptr;
    std::array<SimLine, 2> lines; // [normal, priority]
    const FieldService* service = nullptr;
    double callMinutes = 0;
    int counters = 0; // counters of the simulation that can call it
    int called = 0;   // tickets of the field called so far
    std::array<bool, 2> wantNew{false, false};
    std::array<TicketId, 2> newId{0, 0};
};

struct SimCounter {
    int number = 0;
    std::vector<int> fields; // indices into the simulation's fields, preference order
    int normalSincePriority = 0;
    double freeAt = 0; // minutes from now
    double variance = 0;
};

// Stand-in ids for "a ticket issued now": above any real id, so a real ticket
// issued in the same instant still sorts before it.
constexpr TicketId kVirtualBase = std::numeric_limits<TicketId>::max() / 2;

class Simulation {
  public:
    Simulation(const QueueEngine& engine, const ServiceModel& model, TimePoint now, bool deferUncallable)
        : engine_(engine), model_(model), now_(now), deferUncallable_(deferUncallable) {}

    void run(WaitForecast& out) {
        out.begin(now_);
        buildFields();
        buildCounters();
        placeVirtuals();
        using Slot = std::pair<double, int>; // (free at, index in counters_), earliest first
        std::priority_queue<Slot, std::vector<Slot>, std::greater<>> free;
        for (std::size_t i = 0; i < counters_.size(); ++i) {
            free.emplace(counters_[i].freeAt, static_cast<int>(i));
        }
        const OfficeSettings& office = engine_.config().office;
        while (!free.empty() && (remaining_ > 0 || unplaced_ > 0)) {
            auto [at, index] = free.top();
            free.pop();
            SimCounter& c = counters_[static_cast<std::size_t>(index)];
            if (unplaced_ > 0) {
                placeNewTicketsAt(c, at, out);
            }
            int pickedField = -1;
            TicketId pick = chooseNextAt(office, c.fields.size(), c.normalSincePriority,
                                         [this, &c](std::size_t i, bool p) {
                                             return fields_[static_cast<std::size_t>(c.fields[i])].lines[p ? 1 : 0].head();
                                         });
            if (pick == 0) {
                continue; // nothing more for this counter: it drops out
            }
            for (int f : c.fields) {
                SimField& sf = fields_[static_cast<std::size_t>(f)];
                for (bool p : {false, true}) {
                    if (!sf.lines[p ? 1 : 0].empty() && sf.lines[p ? 1 : 0].front().id == pick) {
                        pickedField = f;
                        call(c, sf, p, at, out);
                    }
                }
            }
            if (pickedField >= 0) {
                free.emplace(c.freeAt, index);
            }
        }
        // Fields nobody can call now: people ahead in the line's own order, no time.
        for (auto& sf : fields_) {
            if (sf.counters != 0) {
                continue;
            }
            if (sf.lines[0].empty() && sf.lines[1].empty()) {
                continue;
            }
            if (deferUncallable_ && sf.lines[0].walking() && sf.lines[1].walking()) {
                out.deferField(*sf.id);
                continue;
            }
            fileWithoutTime([&sf](bool priority, const auto& visit) { sf.lines[priority ? 1 : 0].forEach(visit); },
                            [&out](TicketId id, const Forecast& f) { out.setTicket(id, f); });
        }
        out.finish();
    }

  private:
    void buildFields() {
        const OfficeConfig& cfg = engine_.config();
        fields_.resize(cfg.fields.size());
        std::vector<std::array<std::vector<QueueKey>, 2>> held(cfg.fields.size());
        // Held for their print: in the line at their place within seconds.
        for (TicketId id : engine_.heldTickets()) {
            const Ticket* t = engine_.ticket(id);
            int f = t != nullptr ? indexOf(t->field) : -1;
            if (f >= 0) {
                held[static_cast<std::size_t>(f)][t->priority.empty() ? 0 : 1].push_back(
                    QueueKey{t->tier, t->queueOrder, t->id, t->issuedAt});
            }
        }
        static const std::set<QueueKey> kEmpty;
        for (std::size_t i = 0; i < cfg.fields.size(); ++i) {
            SimField& sf = fields_[i];
            sf.id = &cfg.fields[i].id;
            sf.service = &model_.service(cfg.fields[i].id);
            sf.callMinutes = model_.callMinutes(cfg.fields[i].id);
            const FieldQueue* q = engine_.fieldQueue(cfg.fields[i].id);
            for (int p : {0, 1}) {
                const auto& keys = q != nullptr ? q->line(p == 1) : kEmpty;
                auto& h = held[i][static_cast<std::size_t>(p)];
                if (h.empty()) {
                    sf.lines[static_cast<std::size_t>(p)].walk(keys);
                } else {
                    sf.lines[static_cast<std::size_t>(p)].copyWith(keys, h);
                }
                remaining_ += static_cast<long>(keys.size() + h.size());
            }
        }
    }

    int indexOf(const std::string& field) const {
        const auto& fs = engine_.config().fields;
        for (std::size_t i = 0; i < fs.size(); ++i) {
            if (fs[i].id == field) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    void buildCounters() {
        for (const auto& [number, c] : engine_.counters()) {
            if (!c.open || c.paused) {
                continue;
            }
            SimCounter s{number, {}, c.normalSincePriority, 0, 0};
            std::vector<std::string> names = engine_.callableFields(c);
            for (const auto& f : names) {
                if (int i = indexOf(f); i >= 0) {
                    s.fields.push_back(i);
                }
            }
            if (s.fields.empty()) {
                continue;
            }
            if (const Ticket* t = c.activeTicket != 0 ? engine_.ticket(c.activeTicket) : nullptr) {
                const FieldService& fs = model_.service(t->field);
                double rest = residualMinutes(fs.meanMinutes, fs.cv, minutesBetween(t->calledAt, now_));
                s.freeAt = rest + model_.pauseMinutes;
                s.variance = std::pow(fs.cv * rest, 2);
            } else {
                s.freeAt = awayFor(c, names);
            }
            // Its parked citizens come back to it before it calls the line.
            for (TicketId id : engine_.parkedAt(number)) {
                if (const Ticket* t = engine_.ticket(id)) {
                    const FieldService& fs = model_.service(t->field);
                    s.freeAt += fs.meanMinutes + model_.pauseMinutes;
                    s.variance += std::pow(fs.cv * fs.meanMinutes, 2);
                }
            }
            for (int f : s.fields) {
                ++fields_[static_cast<std::size_t>(f)].counters;
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
                        waitingSince = std::min(waitingSince, t->queuedAt());
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
        TicketId next = kVirtualBase;
        for (auto& sf : fields_) {
            if (sf.counters == 0) {
                continue; // no counter can call it: no answer for a new ticket
            }
            for (int p : {0, 1}) {
                if (p == 1 && !priorities) {
                    continue;
                }
                sf.wantNew[static_cast<std::size_t>(p)] = true;
                sf.newId[static_cast<std::size_t>(p)] = next++;
                ++unplaced_;
            }
        }
    }

    // A new ticket in field F is called by the first pick the rule would give
    // it: checked before each real pick, against the same lines.
    void placeNewTicketsAt(const SimCounter& c, double at, WaitForecast& out) {
        for (int f : c.fields) {
            SimField& sf = fields_[static_cast<std::size_t>(f)];
            for (int p : {0, 1}) {
                auto k = static_cast<std::size_t>(p);
                // At the back of its line, it can only be picked once the line is empty.
                if (!sf.wantNew[k] || !sf.lines[k].empty()) {
                    continue;
                }
                TicketId pick = chooseNextAt(engine_.config().office, c.fields.size(), c.normalSincePriority,
                                             [this, &c, &sf, k](std::size_t i, bool pr) {
                                                 SimField& other = fields_[static_cast<std::size_t>(c.fields[i])];
                                                 std::size_t line = pr ? 1 : 0;
                                                 if (&other == &sf && line == k) {
                                                     return LineHead{sf.newId[k], QueueTier::normal, now_};
                                                 }
                                                 return other.lines[line].head();
                                             });
                if (pick == sf.newId[k]) {
                    sf.wantNew[k] = false;
                    --unplaced_;
                    out.setNewTicket(*sf.id, p == 1, forecastFor(sf, c, at));
                }
            }
        }
    }

    Forecast forecastFor(const SimField& sf, const SimCounter& c, double at) const {
        Forecast f;
        f.ahead = sf.called;
        f.minutes = at;
        f.counter = c.number;
        f.sdMinutes = std::sqrt(c.variance / std::max(1, sf.counters));
        f.unsure = sf.service->unsure;
        return f;
    }

    void call(SimCounter& c, SimField& sf, bool priority, double at, WaitForecast& out) {
        SimLine& line = sf.lines[priority ? 1 : 0];
        out.setTicket(line.front().id, forecastFor(sf, c, at));
        line.pop();
        ++sf.called;
        --remaining_;
        c.normalSincePriority = priority ? 0 : c.normalSincePriority + 1;
        c.freeAt = at + sf.callMinutes + model_.pauseMinutes;
        c.variance += std::pow(sf.service->cv * sf.service->meanMinutes, 2);
    }

    const QueueEngine& engine_;
    const ServiceModel& model_;
    TimePoint now_;
    std::vector<SimField> fields_; // in the config's order
    std::vector<SimCounter> counters_;
    long remaining_ = 0;
    int unplaced_ = 0;
    bool deferUncallable_ = false;
};

} // namespace

void forecastWaitsInto(WaitForecast& out, const QueueEngine& engine, const ServiceModel& model, TimePoint now,
                       bool deferUncallable) {
    Simulation(engine, model, now, deferUncallable).run(out);
}

WaitForecast forecastWaits(const QueueEngine& engine, const ServiceModel& model, TimePoint now) {
    WaitForecast out;
    forecastWaitsInto(out, engine, model, now);
    return out;
}

} // namespace qmsd
