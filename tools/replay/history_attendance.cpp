// readAttendance (history.hpp): how staff and citizens really behaved.
//
// A real month replayed with counters "open from their first call to their
// last" came out 11× below the real waits: staff do not call the instant
// they finish, and take breaks without pausing the counter. From the tickets
// alone: after each finish, the first moment someone the counter could call
// was waiting, and when it really called next. Short gaps are the counter's
// usual pause between citizens (its median becomes the simulation's pause);
// a gap longer than kAwayAfter (or three usual pauses) with people waiting
// means nobody was calling, and that stretch leaves the counter's windows.
#include "history.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace qmsd::replay {
namespace {

// Who was waiting in one field over a day: +1 at issue, −1 at call or leave.
struct FieldWaiting {
    std::vector<std::pair<TimePoint, int>> steps; // sorted; running sum = waiting
    std::vector<TimePoint> issues;                // sorted
    std::vector<int> running;

    void finish() {
        std::sort(steps.begin(), steps.end());
        std::sort(issues.begin(), issues.end());
        int n = 0;
        for (const auto& s : steps) {
            running.push_back(n += s.second);
        }
    }
    int at(TimePoint t) const {
        auto it = std::upper_bound(steps.begin(), steps.end(), std::pair{t, INT32_MAX});
        return it == steps.begin() ? 0 : running[static_cast<std::size_t>(it - steps.begin() - 1)];
    }
    // The first issue after `from`, if before `to`.
    std::optional<TimePoint> issuedIn(TimePoint from, TimePoint to) const {
        auto it = std::upper_bound(issues.begin(), issues.end(), from);
        return it != issues.end() && *it < to ? std::optional{*it} : std::nullopt;
    }
};

using DayWaiting = std::map<std::string, FieldWaiting>;

DayWaiting waitingOf(const DayHistory& d) {
    DayWaiting w;
    for (const auto& t : d.tickets) {
        FieldWaiting& f = w[t.field];
        f.steps.emplace_back(t.issuedAt, +1);
        f.issues.push_back(t.issuedAt);
        if (t.calledAt) {
            f.steps.emplace_back(*t.calledAt, -1);
        } else if (t.leftAt) {
            f.steps.emplace_back(*t.leftAt, -1);
        }
    }
    for (auto& [field, f] : w) {
        f.finish();
    }
    return w;
}

// The first moment in [from, to) when someone in `fields` was waiting.
std::optional<TimePoint> firstWaiting(const DayWaiting& w, const std::vector<std::string>& fields, TimePoint from,
                                      TimePoint to) {
    std::optional<TimePoint> first;
    for (const auto& f : fields) {
        auto it = w.find(f);
        if (it == w.end()) {
            continue;
        }
        if (it->second.at(from) > 0) {
            return from;
        }
        if (auto t = it->second.issuedIn(from, to); t && (!first || *t < *first)) {
            first = t;
        }
    }
    return first;
}

// A counter's idle gaps: from a finish (or the start of a window) to its next call.
struct Gap {
    int counter = 0;
    TimePoint from{};
    TimePoint to{};
    std::vector<std::string> fields;
    bool afterService = false;
};

std::vector<Gap> gapsOf(const DayHistory& d) {
    std::map<int, std::vector<std::pair<TimePoint, TimePoint>>> services;
    for (const auto& t : d.tickets) {
        if (t.counter != 0 && t.calledAt && t.endedAt) {
            services[t.counter].emplace_back(*t.calledAt, *t.endedAt);
        }
    }
    std::vector<Gap> out;
    for (const auto& w : d.windows) {
        auto& list = services[w.counter];
        std::sort(list.begin(), list.end());
        TimePoint free = w.from;
        bool afterService = false;
        for (const auto& [call, end] : list) {
            if (call < w.from || call >= w.to) {
                continue;
            }
            if (call > free) {
                out.push_back(Gap{w.counter, free, call, w.fields, afterService});
            }
            free = std::max(free, end);
            afterService = true;
        }
    }
    return out;
}

void cutOut(DayHistory& d, int counter, TimePoint from, TimePoint to) {
    std::vector<CounterWindow> out;
    for (const auto& w : d.windows) {
        if (w.counter != counter || w.to <= from || w.from >= to) {
            out.push_back(w);
            continue;
        }
        if (w.from < from) {
            out.push_back(CounterWindow{w.counter, w.from, from, w.fields});
        }
        if (w.to > to) {
            out.push_back(CounterWindow{w.counter, to, w.to, w.fields});
        }
    }
    d.windows = std::move(out);
}

double leavePerMinute(const History& h) {
    double exposure = 0;
    int left = 0;
    for (const auto& d : h.days) {
        for (const auto& t : d.tickets) {
            auto until = t.calledAt ? t.calledAt : t.leftAt;
            if (!until) {
                continue; // stayed to the end of the day: waited on, never left
            }
            exposure += std::chrono::duration<double, std::ratio<60>>(*until - t.issuedAt).count();
            left += !t.calledAt && t.leftAt ? 1 : 0;
        }
    }
    return exposure > 0 ? left / exposure : 0.0;
}

} // namespace

void readAttendance(History& h, const OfficeConfig&) {
    std::vector<DayWaiting> waiting;
    std::vector<std::vector<Gap>> gaps;
    std::map<int, std::vector<Millis>> pauses;
    for (const auto& d : h.days) {
        waiting.push_back(waitingOf(d));
        gaps.push_back(gapsOf(d));
        for (const auto& g : gaps.back()) {
            // Someone was waiting the moment it finished: how long until it called.
            auto first = firstWaiting(waiting.back(), g.fields, g.from, g.to);
            if (g.afterService && first && *first == g.from && g.to - g.from <= kAwayAfter) {
                pauses[g.counter].push_back(std::chrono::duration_cast<Millis>(g.to - g.from));
            }
        }
    }
    h.turnaround.clear();
    for (auto& [counter, list] : pauses) {
        std::sort(list.begin(), list.end());
        h.turnaround[counter] = list[list.size() / 2];
    }
    for (std::size_t i = 0; i < h.days.size(); ++i) {
        for (const auto& g : gaps[i]) {
            auto first = firstWaiting(waiting[i], g.fields, g.from, g.to);
            if (!first) {
                continue;
            }
            Millis usual = h.turnaround.count(g.counter) != 0 ? h.turnaround[g.counter] : Millis{0};
            if (g.to - *first > std::max(kAwayAfter, 3 * usual)) {
                cutOut(h.days[i], g.counter, *first + usual, g.to);
            }
        }
    }
    h.leavePerMinute = leavePerMinute(h);
}

} // namespace qmsd::replay
