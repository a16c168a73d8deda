#include "what_if_sim.hpp"

#include "engine_driver.hpp"
#include "local_time.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <queue>
#include <tuple>
#include <utility>

namespace qmsd::replay {
namespace {

enum class Kind { finish, noShow, leave, open, ready, arrival, close };

// Ties at one instant: what frees a counter, leavers, openings (and counters
// back from their pause between citizens), arrivals, then window ends.
int rankOf(Kind k) {
    switch (k) {
    case Kind::finish:
    case Kind::noShow:
        return 0;
    case Kind::leave:
        return 1;
    case Kind::open:
    case Kind::ready:
        return 2;
    case Kind::arrival:
        return 3;
    case Kind::close:
        return 4;
    }
    return 0;
}

struct SimEvent {
    TimePoint at;
    int rank = 0;
    long seq = 0;
    Kind kind = Kind::arrival;
    std::size_t index = 0; // ticket or window index; counter number for finish/noShow
    bool operator>(const SimEvent& o) const {
        return std::tie(at, rank, seq) > std::tie(o.at, o.rank, o.seq);
    }
};

struct CounterRun {
    std::string staff;
    std::vector<std::string> fields;
    bool open = false;
    TimePoint until{};  // end of its window (excluded)
    bool drain = false; // keeps calling past `until` while its fields have anyone waiting
    std::optional<std::size_t> ticket;
    std::optional<std::size_t> nextWindow; // another staff member's window, after this citizen
    TimePoint readyAt{};                   // after a finish: its usual pause before the next call
};

// Whether a counter's window is its last of a session and reaches that
// session's issuing cut-off (the latest cut-off of its fields): the counter
// was open at the end of the session, and an office serves everyone it gave a
// ticket before closing. A window that ends earlier (a counter closed or
// paused mid-session, or taken away by a plan) does not drain.
std::vector<bool> drainingWindows(const DayHistory& day, const OfficeConfig& cfg,
                                  const OfficeClock& clock) {
    std::vector<bool> out(day.windows.size(), false);
    auto sessionOf = [&cfg, &clock](TimePoint t) {
        LocalTime lt = clock.local(t);
        return std::pair{sessionAt(cfg, lt.weekday, lt.minuteOfDay), lt};
    };
    for (std::size_t i = 0; i < day.windows.size(); ++i) {
        const CounterWindow& w = day.windows[i];
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        std::pair<int, LocalTime> end = sessionOf(w.to);
        int session = end.first;
        const LocalTime& lt = end.second;
        if (session < 0) {
            out[i] = true;
            continue;
        }
        bool later = std::any_of(day.windows.begin(), day.windows.end(),
                                 [&w, &sessionOf, session](const auto& o) {
                                     return o.counter == w.counter && o.from >= w.to &&
                                            sessionOf(o.from).first == session;
                                 });
        int cutoff = cfg.office.cutoffMinutes;
        for (const auto& f : w.fields) {
            if (const FieldConfig* fc = cfg.field(f); fc != nullptr && fc->cutoffMinutes) {
                cutoff = std::max(cutoff, *fc->cutoffMinutes);
            }
        }
        const Session& s =
            cfg.office
                .hours[static_cast<std::size_t>(lt.weekday)][static_cast<std::size_t>(session)];
        out[i] = !later && lt.minuteOfDay >= s.closeMinute - cutoff;
    }
    return out;
}

// A synthetic staff member per counter and field list, so that a counter's
// callable fields are exactly its window's.
struct SimStaff {
    std::map<std::pair<int, std::vector<std::string>>, std::string> ids;
    std::shared_ptr<const OfficeConfig> config;
};

SimStaff simStaff(const History& h, const OfficeConfig& cfg) {
    SimStaff s;
    auto out = std::make_shared<OfficeConfig>(cfg);
    out->counters.insert(out->counters.end(), h.extraCounters.begin(), h.extraCounters.end());
    for (const auto& d : h.days) {
        for (const auto& w : d.windows) {
            auto [it, added] = s.ids.try_emplace({w.counter, w.fields});
            if (added) {
                it->second =
                    "sim-q" + std::to_string(w.counter) + "-" + std::to_string(s.ids.size());
                out->staff.push_back(StaffConfig{it->second, it->second, "", w.fields});
            }
        }
    }
    s.config = out;
    return s;
}

// splitmix64, for the patience of each citizen: the same draws on every run.
double uniformOf(std::uint64_t key) {
    std::uint64_t z = key + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;
}

class DaySim {
  public:
    DaySim(const DayHistory& day, std::size_t dayIndex, const History& history, EngineDriver& driver,
           const SimStaff& staff)
        : day_(day), dayIndex_(dayIndex), history_(history), driver_(driver), staff_(staff),
          drains_(drainingWindows(day, *staff.config, driver.engine().clock())),
          dayEnd_(driver.engine().clock().instantOf(nextDay(day.day), 0) - Millis{1}) {
        std::vector<Millis> all;
        for (const auto& [counter, pause] : history.turnaround) {
            all.push_back(pause);
        }
        std::sort(all.begin(), all.end());
        usualPause_ = all.empty() ? Millis{0} : all[all.size() / 2];
    }

    Status run() {
        for (std::size_t i = 0; i < day_.tickets.size(); ++i) {
            push(day_.tickets[i].issuedAt, Kind::arrival, i);
        }
        for (std::size_t i = 0; i < day_.windows.size(); ++i) {
            push(day_.windows[i].from, Kind::open, i);
            push(day_.windows[i].to, Kind::close, i);
        }
        while (!heap_.empty()) {
            SimEvent e = heap_.top();
            heap_.pop();
            // Nothing runs past midnight: a service still going ends with the
            // day, and those still waiting expire at the rollover, as in the
            // daemon (a month with an overloaded day still replays whole).
            if (e.at > dayEnd_) {
                if (e.kind != Kind::finish && e.kind != Kind::noShow) {
                    continue;
                }
                e.at = dayEnd_;
            }
            if (auto st = handle(e); !st) {
                return st;
            }
            if (auto st = dispatch(e.at); !st) {
                return st;
            }
        }
        return Ok{};
    }

  private:
    void push(TimePoint at, Kind k, std::size_t index) {
        heap_.push(SimEvent{at, rankOf(k), seq_++, k, index});
    }

    Result<Events> run(const Command& cmd, TimePoint at, const std::string& what) {
        auto ev = driver_.run(cmd, at);
        if (!ev) {
            return makeError(ev.error().code,
                             "simulation, " + driver_.engine().clock().formatDateTime(at) + ": " +
                                 what + ": the engine refused: " + ev.error().message);
        }
        return ev;
    }
    Status runStatus(const Command& cmd, TimePoint at, const std::string& what) {
        auto ev = run(cmd, at, what);
        return ev ? Status{Ok{}} : Status{ev.error()};
    }

    Status handle(const SimEvent& e) {
        switch (e.kind) {
        case Kind::arrival: {
            const HistTicket& t = day_.tickets[e.index];
            auto ev = run(IssueTicket{t.field, t.priority}, e.at, "issue for '" + t.field + "'");
            if (!ev) {
                return ev.error();
            }
            ticketOf_[ev->front().ticketId] = e.index;
            idOf_[e.index] = ev->front().ticketId;
            if (auto leaves = leavesAt(e.index)) {
                push(*leaves, Kind::leave, e.index);
            }
            return Ok{};
        }
        case Kind::leave: {
            const Ticket* t = driver_.engine().ticket(idOf_[e.index]);
            if (t == nullptr || t->state != TicketState::waiting) {
                return Ok{}; // the simulation called it before it would have left
            }
            return runStatus(CancelTicket{t->id, "left"}, e.at, "cancel " + t->code);
        }
        case Kind::open:
            return open(e.index, e.at);
        case Kind::ready:
        case Kind::close:
            return Ok{}; // dispatch() calls or closes it once free
        case Kind::finish:
        case Kind::noShow:
            return endService(static_cast<int>(e.index), e.kind, e.at);
        }
        return Ok{};
    }

    Status open(std::size_t window, TimePoint at) {
        const CounterWindow& w = day_.windows[window];
        CounterRun& c = counters_[w.counter];
        const std::string& staff = staff_.ids.at({w.counter, w.fields});
        bool drain = drains_[window];
        if (c.open && c.staff == staff) {
            c.until = std::max(c.until, w.to);
            c.drain = drain;
            return Ok{};
        }
        if (c.open && c.ticket) {
            c.nextWindow = window;
            return Ok{};
        }
        if (c.open) {
            if (auto st = closeCounter(w.counter, c, at); !st) {
                return st;
            }
        }
        if (auto st = runStatus(OpenCounter{w.counter, staff}, at,
                                "open counter " + std::to_string(w.counter));
            !st) {
            return st;
        }
        c = CounterRun{staff, w.fields, true, w.to, drain, std::nullopt, std::nullopt};
        return Ok{};
    }

    Status closeCounter(int counter, CounterRun& c, TimePoint at) {
        c.open = false;
        return runStatus(CloseCounter{counter}, at, "close counter " + std::to_string(counter));
    }

    // When a citizen gives up if still waiting: those who left, when they did;
    // those who were called, after their real wait plus the patience the
    // period's leavers show (exponential, memoryless: they had waited that
    // long already). Never, for those who stayed to the end of the day.
    std::optional<TimePoint> leavesAt(std::size_t index) const {
        const HistTicket& t = day_.tickets[index];
        if (t.fate == Fate::left) {
            return t.leftAt;
        }
        if (!t.calledAt || history_.leavePerMinute <= 0) {
            return std::nullopt;
        }
        double u = uniformOf((static_cast<std::uint64_t>(dayIndex_) << 32) ^ index);
        double more = -std::log(u) / history_.leavePerMinute;
        if (more > 24 * 60) {
            return std::nullopt;
        }
        return *t.calledAt + std::chrono::duration_cast<Millis>(std::chrono::duration<double, std::ratio<60>>(more));
    }

    Status endService(int counter, Kind kind, TimePoint at) {
        CounterRun& c = counters_[counter];
        Status st = kind == Kind::finish
                        ? runStatus(FinishService{counter}, at,
                                    "finish at counter " + std::to_string(counter))
                        : runStatus(MarkNoShow{counter}, at,
                                    "no-show at counter " + std::to_string(counter));
        if (!st) {
            return st;
        }
        c.ticket.reset();
        auto pause = history_.turnaround.find(counter);
        c.readyAt = at + (pause != history_.turnaround.end() ? pause->second : usualPause_);
        if (c.readyAt > at) {
            push(c.readyAt, Kind::ready, static_cast<std::size_t>(counter));
        }
        if (auto next = std::exchange(c.nextWindow, std::nullopt)) {
            return open(*next, at);
        }
        return Ok{};
    }

    bool someoneWaits(const CounterRun& c) const {
        const QueueEngine& engine = driver_.engine();
        return std::any_of(c.fields.begin(), c.fields.end(),
                           [&engine](const std::string& f) { return engine.waiting(f) > 0; });
    }

    // Every free counter able to call calls the next ticket, in counter order;
    // then a free counter past its window closes.
    Status dispatch(TimePoint at) {
        for (auto& [number, c] : counters_) {
            if (!c.open || c.ticket || at < c.readyAt || (at >= c.until && !c.drain) || at >= dayEnd_ ||
                !someoneWaits(c)) {
                continue;
            }
            if (auto st = call(number, c, at); !st) {
                return st;
            }
        }
        for (auto& [number, c] : counters_) {
            if (c.open && !c.ticket && at >= c.until) {
                if (auto st = closeCounter(number, c, at); !st) {
                    return st;
                }
            }
        }
        return Ok{};
    }

    Status call(int number, CounterRun& c, TimePoint at) {
        auto ev = run(CallNext{number}, at, "call next at counter " + std::to_string(number));
        if (!ev) {
            return ev.error();
        }
        std::size_t index = ticketOf_.at(ev->front().ticketId);
        const HistTicket& t = day_.tickets[index];
        c.ticket = index;
        if (t.fate == Fate::noShow) {
            // As long as it really took to give up on them (60 s if not known).
            push(at + (t.service > Millis{0} ? t.service : kNoShowAfter), Kind::noShow,
                 static_cast<std::size_t>(number));
            return Ok{};
        }
        if (auto st =
                runStatus(StartService{number}, at, "start at counter " + std::to_string(number));
            !st) {
            return st;
        }
        push(at + t.service, Kind::finish, static_cast<std::size_t>(number));
        return Ok{};
    }

    const DayHistory& day_;
    std::size_t dayIndex_;
    const History& history_;
    EngineDriver& driver_;
    const SimStaff& staff_;
    std::vector<bool> drains_; // by window
    TimePoint dayEnd_;         // its last millisecond
    Millis usualPause_{0};     // for counters without a pause of their own (a plan's)
    std::priority_queue<SimEvent, std::vector<SimEvent>, std::greater<>> heap_;
    long seq_ = 0;
    std::map<int, CounterRun> counters_;
    std::map<TicketId, std::size_t> ticketOf_;
    std::map<std::size_t, TicketId> idOf_;
};

} // namespace

Result<SimOutcome> simulate(const History& history, const OfficeConfig& cfg,
                            const std::string& dbPath) {
    SimOutcome out;
    if (history.days.empty()) {
        return makeError(ErrorCode::invalidArgument, "no tickets issued from " +
                                                         history.range.from + " to " +
                                                         history.range.to);
    }
    SimStaff staff = simStaff(history, cfg);
    TimePoint start = history.days.front().tickets.front().issuedAt;
    for (const auto& w : history.days.front().windows) {
        start = std::min(start, w.from);
    }
    auto driver = EngineDriver::open(dbPath, staff.config, start);
    if (!driver) {
        return driver.error();
    }
    for (std::size_t i = 0; i < history.days.size(); ++i) {
        const DayHistory& day = history.days[i];
        DaySim sim(day, i, history, **driver, staff);
        if (auto st = sim.run(); !st) {
            return st.error();
        }
        out.tickets += static_cast<int>(day.tickets.size());
    }
    if (auto st = (*driver)->closeLastDay(); !st) {
        return st.error();
    }
    out.commands = (*driver)->commands();
    reports::ReportOptions options;
    options.range = history.range;
    options.targets = reports::targetsFromConfig(cfg);
    auto report = reports::queryReport((*driver)->store().database(), *staff.config, options);
    if (!report) {
        return report.error();
    }
    out.report = std::move(*report);
    return out;
}

} // namespace qmsd::replay
