#pragma once
// Staffing flags for the leader: per field OK / WATCH / NEED_STAFF, per counter
// "idle or paused while its people wait too long", with reasons in Vietnamese
// and English, in the leader's words (no "Erlang", durations in minutes).
//
// The rule (T = target wait, S = target share, figures from field_figures.hpp),
// chosen against tools/bench/estimate (hours that really missed their target,
// replayed): what is seen counts at once; a prediction needs evidence (at
// least minArrivals arrivals and minServices services in the window) and
// must hold for `sustain` without a break, so one burst is not a flag.
//  NEED_STAFF — people wait and no open counter serves the field; the
//    longest wait now is over T; or a ticket taken now would wait over T.
//  WATCH — a wait over watchRatio·T (75%); the share called within T in the
//    window (at least minCallsForServiceLevel calls) less than slWatchMargin
//    above S: it is the past hour, and as a need it kept flags up after a
//    queue had cleared; or Erlang's steady state: the arrivals load the
//    field's counters fully (A ≥ N), or N* exceeds the open counters rounded
//    up (a counter shared by k fields counts 1/k, rounding up keeps two light
//    fields on one counter from both asking).
//  A field with nobody waiting and a predicted wait within T is never
//  NEED_STAFF.
// Hysteresis: a lower level is taken only after the figures have been clear
// of the current level's thresholds, each moved by a margin (waits below
// (ratio − clearMargin)·T, the share at least slClearMargin above its
// threshold), for `hold` without a break. Meanwhile the reason says the flag
// is being held, since when, and what raised it.
#include "analytics/field_figures.hpp"
#include "clock/office_clock.hpp"
#include "core/time.hpp"
#include "engine/queue_engine.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd {

enum class FlagLevel { ok = 0, watch = 1, needStaff = 2 };
std::string_view flagLevelName(FlagLevel level); // "ok", "watch", "need_staff"

struct FlagRules {
    double watchRatio = 0.75;
    double clearMargin = 0.10;
    double slWatchMargin = 0.05;
    double slClearMargin = 0.03;
    int minCallsForServiceLevel = 5;
    // Evidence a prediction needs: arrivals and finished services in the window.
    int minArrivals = 4;
    int minServices = 2;
    // How long a predicted (not yet seen) need must hold before it is raised
    // (5 min let 30% more false alarms through in estimate_bench).
    Millis sustain = std::chrono::minutes{10};
    Millis hold = std::chrono::minutes{5};
    // An idle counter is flagged only after this long: between two calls every
    // counter is idle for a moment.
    Millis counterGrace = std::chrono::minutes{2};
};

struct FlagText {
    std::string vi;
    std::string en;
    bool operator==(const FlagText&) const = default;
};

struct FieldAssessment {
    FlagLevel level = FlagLevel::ok;
    FlagLevel seenLevel = FlagLevel::ok; // the level from what is seen alone (raised at once)
    FlagText reason;                     // what calls for `level`, with the numbers now
    FlagText seenReason;                 // the same for `seenLevel`
};

// The level these figures call for, without memory. `clearing` uses the moved
// thresholds that decide whether a raised flag may be lowered.
FieldAssessment assessField(const FieldFigures& f, const FlagRules& rules, bool clearing = false);

// "2 người đang chờ, 2 quầy mở (Quầy 3 dùng chung với Xây dựng)": the
// figures beside a reason, counted as the dashboard's columns count them.
FlagText fieldContext(const FieldFigures& f);

enum class CounterAlertKind { none, idleWhileWaiting, pausedWhileWaiting };
std::string_view counterAlertName(CounterAlertKind kind); // "ok", "idle_while_waiting", "paused_while_waiting"

struct CounterAlert {
    int counter = 0;
    CounterAlertKind kind = CounterAlertKind::none;
    std::string field; // the field whose head-of-line wait is over target (the worst)
    FlagText reason;
};

// Open counters that are paused, or idle, while a field they can call has
// someone waiting longer than its target.
std::vector<CounterAlert> findCounterAlerts(const QueueEngine& engine,
                                            const std::vector<FieldFigures>& figures, TimePoint now);

struct FlagChange {
    std::string field; // set for a field flag
    int counter = 0;   // set for a counter flag
    std::string from;  // flagLevelName / counterAlertName
    std::string to;
    FlagText reason;
    TimePoint at{};
};

class FlagTracker {
  public:
    explicit FlagTracker(FlagRules rules = {});
    // The office's clock, for "since 09:12" in the reasons (none: no times).
    void setClock(const OfficeClock& clock) { clock_ = clock; }

    // Feed the latest figures (every field, every call) and counter alerts;
    // returns the flags that changed, fields first, in the figures' order.
    std::vector<FlagChange> update(const std::vector<FieldFigures>& fields,
                                   const std::vector<CounterAlert>& counters, TimePoint now);

    FlagLevel level(const std::string& field) const;
    // What the leader reads for the field's current level: what raised it and
    // since when, or that it is being held and why; empty at OK.
    FlagText reason(const std::string& field) const;
    // When the current level was raised (empty at OK), and whether the
    // figures have already fallen back and the flag is only being held.
    std::optional<TimePoint> since(const std::string& field) const;
    bool held(const std::string& field) const;
    CounterAlertKind counterFlag(int counter) const;
    // A new day: every flag back to OK, without change events.
    void reset();

  private:
    struct FieldState {
        FlagLevel level = FlagLevel::ok;
        TimePoint since{};
        FlagText raisedBecause;      // the reason at the moment it was raised
        FlagText shown;              // reason(): refreshed on every update
        std::optional<TimePoint> pendingSince; // a predicted higher level holding since
        std::optional<TimePoint> clearSince;
        FlagLevel lowerTo = FlagLevel::ok; // the highest clearing level seen during the hold
        bool below = false;                // the figures no longer call for the level
    };
    struct CounterState {
        CounterAlertKind shown = CounterAlertKind::none;
        CounterAlertKind seen = CounterAlertKind::none;
        TimePoint seenSince{};
    };

    void updateField(const FieldFigures& f, TimePoint now, std::vector<FlagChange>& out);
    FlagText shownReason(const FieldState& st) const;
    std::string hhmm(TimePoint t) const;
    void updateCounter(const CounterAlert* alert, int counter, CounterState& st, TimePoint now,
                       std::vector<FlagChange>& out);

    FlagRules rules_;
    std::optional<OfficeClock> clock_;
    std::map<std::string, FieldState> fields_;
    std::map<int, CounterState> counters_;
};

} // namespace qmsd
