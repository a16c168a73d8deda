// applyPlan (history.hpp): a plan change turned into counter windows.
#include "history.hpp"

#include <algorithm>
#include <tuple>

namespace qmsd::replay {
namespace {

int firstFreeCounterNumber(const OfficeConfig& cfg, const History& h) {
    int n = 0;
    for (const auto& c : cfg.counters) {
        n = std::max(n, c.number);
    }
    for (const auto& c : h.extraCounters) {
        n = std::max(n, c.number);
    }
    return n + 1;
}

Millis overlap(const CounterWindow& w, TimePoint from, TimePoint to) {
    TimePoint a = std::max(w.from, from);
    TimePoint b = std::min(w.to, to);
    return b > a ? std::chrono::duration_cast<Millis>(b - a) : Millis{0};
}

// Cuts [from, to) out of the counter's windows of the day.
void cut(DayHistory& d, int counter, TimePoint from, TimePoint to) {
    std::vector<CounterWindow> out;
    for (const auto& w : d.windows) {
        if (w.counter != counter || overlap(w, from, to) == Millis{0}) {
            out.push_back(w);
            continue;
        }
        if (w.from < from) {
            CounterWindow before = w;
            before.to = from;
            out.push_back(before);
        }
        if (w.to > to) {
            CounterWindow after = w;
            after.from = to;
            out.push_back(after);
        }
    }
    d.windows = std::move(out);
}

// The `count` counters serving the field that the window would hurt least to
// lose — those with the field first in their list, then the most open time in
// the window — are cut out of it. Returns how many there were.
int removeCounters(DayHistory& d, const std::string& field, TimePoint from, TimePoint to,
                   int count) {
    struct Candidate {
        int counter;
        bool fieldFirst;
        Millis open;
    };
    std::vector<Candidate> candidates;
    for (const auto& w : d.windows) {
        if (std::find(w.fields.begin(), w.fields.end(), field) == w.fields.end() ||
            overlap(w, from, to) == Millis{0}) {
            continue;
        }
        auto it = std::find_if(candidates.begin(), candidates.end(),
                               [&w](const Candidate& c) { return c.counter == w.counter; });
        if (it == candidates.end()) {
            candidates.push_back(Candidate{w.counter, w.fields.front() == field, Millis{0}});
            it = candidates.end() - 1;
        }
        it->open += overlap(w, from, to);
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(b.fieldFirst, b.open, b.counter) <
               std::tie(a.fieldFirst, a.open, a.counter);
    });
    int removed = 0;
    for (const auto& c : candidates) {
        if (removed == count) {
            break;
        }
        cut(d, c.counter, from, to);
        ++removed;
    }
    return removed;
}

} // namespace

void applyPlan(History& history, const std::vector<PlanChange>& changes, const OfficeConfig& cfg,
               const OfficeClock& clock, std::vector<std::string>& notes) {
    for (const auto& change : changes) {
        std::vector<int> added;
        if (change.delta > 0) {
            int number = firstFreeCounterNumber(cfg, history);
            for (int i = 0; i < change.delta; ++i, ++number) {
                history.extraCounters.push_back(CounterConfig{
                    number, "Quầy thêm " + std::to_string(number) + " (what-if)", {change.field}});
                added.push_back(number);
            }
        }
        for (auto& d : history.days) {
            TimePoint midnight = clock.instantOf(d.day, 0);
            if (!change.weekdays[static_cast<std::size_t>(clock.local(midnight).weekday)]) {
                continue;
            }
            TimePoint from = clock.instantOf(d.day, change.fromMinute);
            TimePoint to = change.toMinute >= 24 * 60 ? clock.instantOf(nextDay(d.day), 0)
                                                      : clock.instantOf(d.day, change.toMinute);
            for (int number : added) {
                d.windows.push_back(CounterWindow{number, from, to, {change.field}});
            }
            if (change.delta < 0) {
                int removed = removeCounters(d, change.field, from, to, -change.delta);
                if (removed < -change.delta) {
                    notes.push_back(d.day + ": " + change.text + ": only " +
                                    std::to_string(removed) + " counter(s) serving '" +
                                    change.field + "' were open then");
                }
            }
        }
    }
}

} // namespace qmsd::replay
