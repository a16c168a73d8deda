#pragma once
// Staffing flags for the leader: per field OK / WATCH / NEED_STAFF, per counter
// "idle or paused while its people wait too long", with reasons in Vietnamese
// and English.
//
// The rule (T = target wait, S = target share, figures from field_figures.hpp):
//  NEED_STAFF when the estimated wait for a new ticket or the head-of-line wait
//    is over T; or people wait and no open counter serves the field; or the
//    load reaches the field's counters (A ≥ N); or N* exceeds the open
//    counters rounded up (a counter shared by k fields counts 1/k, rounding up
//    keeps two light fields on one counter from both asking for staff); or at
//    least minCallsForServiceLevel calls in the window and the share called
//    within T is below S.
//  WATCH when a wait is over watchRatio·T (75%), or the share is less than
//    slWatchMargin above S.
// Hysteresis: a higher level is raised at once; a lower level is taken only
// after the figures have been clear of the current level's thresholds, each
// moved by a margin (waits below (ratio − clearMargin)·T, the share at least
// slClearMargin above its threshold), for `hold` without a break.
#include "analytics/field_figures.hpp"
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
    FlagText reason;
};

// The level these figures call for, without memory. `clearing` uses the moved
// thresholds that decide whether a raised flag may be lowered.
FieldAssessment assessField(const FieldFigures& f, const FlagRules& rules, bool clearing = false);

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

    // Feed the latest figures (every field, every call) and counter alerts;
    // returns the flags that changed, fields first, in the figures' order.
    std::vector<FlagChange> update(const std::vector<FieldFigures>& fields,
                                   const std::vector<CounterAlert>& counters, TimePoint now);

    FlagLevel level(const std::string& field) const;
    // The reason for the field's current level, refreshed on every update.
    FlagText reason(const std::string& field) const;
    CounterAlertKind counterFlag(int counter) const;
    // A new day: every flag back to OK, without change events.
    void reset();

  private:
    struct FieldState {
        FlagLevel level = FlagLevel::ok;
        FlagText reason;
        std::optional<TimePoint> clearSince;
        FlagLevel lowerTo = FlagLevel::ok; // the highest clearing level seen during the hold
    };
    struct CounterState {
        CounterAlertKind shown = CounterAlertKind::none;
        CounterAlertKind seen = CounterAlertKind::none;
        TimePoint seenSince{};
    };

    void updateField(const FieldFigures& f, TimePoint now, std::vector<FlagChange>& out);
    void updateCounter(const CounterAlert* alert, int counter, CounterState& st, TimePoint now,
                       std::vector<FlagChange>& out);

    FlagRules rules_;
    std::map<std::string, FieldState> fields_;
    std::map<int, CounterState> counters_;
};

} // namespace qmsd
