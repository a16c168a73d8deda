#include "replay_check.hpp"

#include "engine_driver.hpp"
#include "history.hpp"

#include <algorithm>
#include <map>
#include <queue>
#include <tuple>

namespace qmsd::replay {
namespace {

enum class Step { open, issue, call, start, finish, noShow, cancel };

// Ties at one instant: what frees a counter first, then issues, then calls
// and starts — among those, the row whose service ends first, so a service
// of no length (minute-resolution times: called, served and finished in one
// minute) is over before the same counter's next call in that minute. Each
// row's own steps stay in order.
int rankOf(Step s) {
    switch (s) {
    case Step::open:
        return -1;
    case Step::finish:
    case Step::noShow:
    case Step::cancel:
        return 0;
    case Step::issue:
        return 1;
    case Step::call:
    case Step::start:
        return 2;
    }
    return 0;
}

struct Pending {
    TimePoint at;
    int rank = 0;
    TimePoint ends; // calls and starts: when the row's service ends
    std::size_t row = 0;
    Step step = Step::issue;
    bool operator>(const Pending& o) const {
        return std::tie(at, rank, ends, row) > std::tie(o.at, o.rank, o.ends, o.row);
    }
};

// The step after `s` for this row, if any.
std::optional<Pending> nextStep(const ArrivalRow& r, std::size_t index, std::optional<Step> s) {
    auto make = [index, &r](Step step, TimePoint at) {
        bool atDesk = step == Step::call || step == Step::start;
        return Pending{at, rankOf(step), atDesk ? r.endedAt() : at, index, step};
    };
    if (!s) {
        return make(Step::issue, r.issuedAt);
    }
    switch (*s) {
    case Step::issue:
        return r.outcome == Outcome::cancelled ? make(Step::cancel, r.endedAt())
                                               : make(Step::call, *r.calledAt);
    case Step::call:
        if (r.outcome == Outcome::noShow) {
            return make(Step::noShow, r.endedAt());
        }
        return r.serviceStart ? make(Step::start, *r.serviceStart)
                              : make(Step::finish, *r.serviceEnd);
    case Step::start:
        return make(Step::finish, *r.serviceEnd);
    default:
        return std::nullopt;
    }
}

// A counter without a named staff member opens when the session of its
// first call of the day opens (or at that call, if it came earlier), as an
// office's counters do: tickets issued before its first call are told the
// wait an open counter means. Rows with staff open just before their call
// (the member may be elsewhere until then).
std::vector<Pending> sessionOpenings(const Arrivals& a, const OfficeConfig& cfg) {
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    std::map<std::tuple<std::string, int, int>, std::size_t> first; // (day, counter, session) → row
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        const ArrivalRow& r = a.rows[i];
        if (!clock || r.counter == 0 || !r.calledAt || !r.staff.empty()) {
            continue;
        }
        LocalTime lt = clock->local(*r.calledAt);
        auto key = std::tuple{r.day, r.counter, sessionAt(cfg, lt.weekday, lt.minuteOfDay)};
        auto [it, added] = first.try_emplace(key, i);
        if (!added && *r.calledAt < *a.rows[it->second].calledAt) {
            it->second = i;
        }
    }
    std::vector<Pending> out;
    for (const auto& [key, i] : first) {
        const ArrivalRow& r = a.rows[i];
        TimePoint at = *r.calledAt;
        if (int session = std::get<2>(key); session >= 0) {
            LocalTime lt = clock->local(at);
            const Session& s = cfg.office.hours[static_cast<std::size_t>(lt.weekday)][static_cast<std::size_t>(session)];
            at = std::min(at, clock->instantOf(r.day, s.openMinute));
        }
        out.push_back(Pending{at, rankOf(Step::open), at, i, Step::open});
    }
    return out;
}

class RowPlayer {
  public:
    RowPlayer(const Arrivals& a, EngineDriver& d) : arrivals_(a), driver_(d) {
        for (const auto& r : a.rows) {
            if (r.counter != 0) {
                ++left_[{r.day, r.counter}];
            }
        }
    }

    Status play(const Pending& p) {
        const ArrivalRow& r = arrivals_.rows[p.row];
        switch (p.step) {
        case Step::open:
            return ensureCounter(r, p.at);
        case Step::issue: {
            auto ev = run(r, "issue", IssueTicket{r.field, r.priority}, p.at);
            if (!ev) {
                return ev.error();
            }
            ticketOf_[p.row] = ev->front().ticketId;
            return Ok{};
        }
        case Step::call:
            if (auto st = ensureCounter(r, p.at); !st) {
                return st;
            }
            return done(run(r, "call at counter " + std::to_string(r.counter),
                            CallTicket{r.counter, ticketOf_[p.row]}, p.at));
        case Step::start:
            return done(run(r, "start at counter " + std::to_string(r.counter),
                            StartService{r.counter}, p.at));
        case Step::finish:
            if (auto st = done(run(r, "finish at counter " + std::to_string(r.counter),
                                   FinishService{r.counter}, p.at));
                !st) {
                return st;
            }
            return release(r, p.at);
        case Step::noShow:
            if (auto st = done(run(r, "no-show at counter " + std::to_string(r.counter),
                                   MarkNoShow{r.counter}, p.at));
                !st) {
                return st;
            }
            return release(r, p.at);
        case Step::cancel:
            return done(run(r, "cancel", CancelTicket{ticketOf_[p.row], "replay"}, p.at));
        }
        return Ok{};
    }

  private:
    static Status done(const Result<Events>& r) { return r ? Status{Ok{}} : Status{r.error()}; }

    Result<Events> run(const ArrivalRow& r, const std::string& what, const Command& cmd,
                       TimePoint at) {
        auto ev = driver_.run(cmd, at);
        if (!ev) {
            return makeError(ev.error().code, arrivals_.source + ":" + std::to_string(r.line) +
                                                  ": " + what +
                                                  ": the engine refused: " + ev.error().message);
        }
        return ev;
    }

    // The row's counter open with the row's staff member (and that member
    // nowhere else) before its call.
    Status ensureCounter(const ArrivalRow& r, TimePoint at) {
        std::string staff = r.staff.empty() ? replayStaffOf(r.counter) : r.staff;
        const QueueEngine& e = driver_.engine();
        const Counter* c = e.counter(r.counter);
        if (c != nullptr && c->open && c->staff == staff) {
            return Ok{};
        }
        if (c != nullptr && c->open) {
            if (auto st =
                    done(run(r, "close counter " + std::to_string(r.counter) + " to change staff",
                             CloseCounter{r.counter}, at));
                !st) {
                return st;
            }
        }
        for (const auto& [number, other] : e.counters()) {
            if (other.open && other.staff == staff) {
                if (auto st =
                        done(run(r, "move " + staff + " from counter " + std::to_string(number),
                                 CloseCounter{number}, at));
                    !st) {
                    return st;
                }
                break;
            }
        }
        return done(run(r, "open counter " + std::to_string(r.counter) + " for " + staff,
                        OpenCounter{r.counter, staff}, at));
    }

    // After a counter's last ticket of the day it closes.
    Status release(const ArrivalRow& r, TimePoint at) {
        if (--left_[{r.day, r.counter}] > 0) {
            return Ok{};
        }
        const Counter* c = driver_.engine().counter(r.counter);
        if (c == nullptr || !c->open) {
            return Ok{};
        }
        return done(
            run(r, "close counter " + std::to_string(r.counter), CloseCounter{r.counter}, at));
    }

    const Arrivals& arrivals_;
    EngineDriver& driver_;
    std::map<std::size_t, TicketId> ticketOf_;
    std::map<std::pair<std::string, int>, int> left_; // (day, counter) → rows not yet ended
};

} // namespace

std::string replayStaffOf(int counter) {
    return "replay-q" + std::to_string(counter);
}

std::shared_ptr<const OfficeConfig> withReplayStaff(const OfficeConfig& cfg) {
    auto out = std::make_shared<OfficeConfig>(cfg);
    for (const auto& c : cfg.counters) {
        out->staff.push_back(
            StaffConfig{replayStaffOf(c.number), "Replay " + c.name, "", c.fields});
    }
    return out;
}

Result<CheckReplay> replayArrivals(const Arrivals& arrivals, const OfficeConfig& cfg,
                                   const std::string& dbPath, const StepHook& before) {
    CheckReplay out;
    out.config = withReplayStaff(cfg);
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> heap;
    for (std::size_t i = 0; i < arrivals.rows.size(); ++i) {
        heap.push(*nextStep(arrivals.rows[i], i, std::nullopt));
        const std::string& day = arrivals.rows[i].day;
        if (out.range.from.empty() || day < out.range.from) {
            out.range.from = day;
        }
        out.range.to = std::max(out.range.to, day);
    }
    for (const Pending& p : sessionOpenings(arrivals, cfg)) {
        heap.push(p);
    }
    auto driver = EngineDriver::open(dbPath, out.config, heap.top().at);
    if (!driver) {
        return driver.error();
    }
    RowPlayer player(arrivals, **driver);
    while (!heap.empty()) {
        Pending p = heap.top();
        heap.pop();
        if (before) {
            before(**driver, ReplayStep{p.at, p.row, p.step == Step::issue});
        }
        if (auto st = player.play(p); !st) {
            return st.error();
        }
        if (auto next = nextStep(arrivals.rows[p.row], p.row, p.step)) {
            heap.push(*next);
        }
    }
    if (auto st = (*driver)->closeLastDay(); !st) {
        return st.error();
    }
    out.tickets = static_cast<int>(arrivals.rows.size());
    out.commands = (*driver)->commands();
    reports::ReportOptions options;
    options.range = out.range;
    options.targets = reports::targetsFromConfig(*out.config);
    auto report = reports::queryReport((*driver)->store().database(), *out.config, options);
    if (!report) {
        return report.error();
    }
    out.report = std::move(*report);
    return out;
}

} // namespace qmsd::replay
