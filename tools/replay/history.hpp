#pragma once
// What a what-if keeps of a real period: each ticket's arrival (time, field,
// priority), its real service time and fate, and when each counter was able to
// call (open and not paused). Built from a store's event log or from a CSV.
#include "csv_arrivals.hpp"
#include "reports/report_query.hpp"
#include "store/store.hpp"
#include "what_if_plan.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qmsd::replay {

enum class Fate {
    served, // served for `service`
    noShow, // called, did not come: marked after kNoShowAfter
    left,   // never called in reality (cancelled at leftAt, or expired)
};

inline constexpr Millis kNoShowAfter{60'000};

struct HistTicket {
    TimePoint issuedAt{};
    std::string field;
    std::string priority;
    Fate fate = Fate::served;
    // served: the real service (start, or call, → finish of its last service);
    // noShow: from the call to the no-show mark;
    // left: the field's median service in the period, used if a simulated
    // counter calls it before it left.
    Millis service{0};
    std::optional<TimePoint> leftAt; // left: cancelled here; none = stayed until the day's end
    // What really happened at a counter (its first call, and when it left the desk).
    std::optional<TimePoint> calledAt;
    std::optional<TimePoint> endedAt;
    int counter = 0;
};

// A counter able to call (open, not paused) at every instant of [from, to).
struct CounterWindow {
    int counter = 0;
    TimePoint from{};
    TimePoint to{};
    std::vector<std::string> fields; // what it calls, in preference order
};

struct DayHistory {
    std::string day;
    std::vector<HistTicket> tickets; // by issue time
    std::vector<CounterWindow> windows;
};

struct History {
    reports::DayRange range;
    std::vector<DayHistory> days;             // days with tickets, ascending
    std::vector<CounterConfig> extraCounters; // virtual counters a plan added
    // How the office really worked (history_attendance.cpp): each counter's
    // usual pause between a finish and its next call while people waited,
    // and the citizens' patience (leavers per minute waited, exponential).
    std::map<int, Millis> turnaround;
    double leavePerMinute = 0;
};

// CSV: a counter counts as open from its first call to its last ticket's end
// in each session of the day (office hours; a call belongs to the last session
// begun by then), so the lunch break is not counted open.
// Sessions of a weekday: index of the last one begun (by opening minute) at
// minuteOfDay, 0 before the first; -1 when the day has none.
int sessionAt(const OfficeConfig& cfg, int weekday, int minuteOfDay);

History historyFromArrivals(const Arrivals& arrivals, const OfficeConfig& cfg,
                            const OfficeClock& clock, const reports::DayRange& range);
// Store: windows from counter_opened/closed/paused/resumed.
Result<History> historyFromStore(Store& store, const OfficeConfig& cfg, const OfficeClock& clock,
                                 const reports::DayRange& range);

// How staff and citizens really behaved, read from the tickets: a counter
// idle for longer than kAwayAfter (or three of its usual pauses) while people
// it could call were waiting was away — that time is cut out of its windows,
// so the simulation does not call them sooner than anyone did; the usual
// pause between a finish and the next call; and the patience of those who
// left. Run by both history builders.
inline constexpr Millis kAwayAfter{5 * 60'000};
void readAttendance(History& h, const OfficeConfig& cfg);

// Adds virtual counters (numbers after the configured ones, serving only the
// change's field) or cuts counters serving the field out of the window.
// `notes` gets a line for each removal that found fewer counters than asked.
void applyPlan(History& history, const std::vector<PlanChange>& changes, const OfficeConfig& cfg,
               const OfficeClock& clock, std::vector<std::string>& notes);

} // namespace qmsd::replay
