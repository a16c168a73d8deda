#pragma once
// The leader's report over any range of office-local days, computed from the
// event log (one pass per day, in commit order), so that waits, pauses and
// idle time come from what actually happened, not from the tickets table's
// last-known timestamps.
//
// Definitions (what every figure means):
//  - wait: from the moment a ticket enters a field's queue to its first call
//    from that queue. A ticket enters a queue when it is issued (in its issue
//    field) and again when it is transferred (in the target field, measured
//    from the transfer): a transferred ticket gives two waits, one per field,
//    because each field's staffing answers for its own queue. Calling a parked
//    ticket back, or a reinstated no-show, is not a new wait (the citizen was
//    already called once). Recalls do not change the wait.
//  - within target: a wait ≤ the field's target minutes. A ticket that left
//    a queue uncalled (cancelled, expired) after waiting longer than the target
//    counts as a miss; one that left before the target is not counted at all.
//  - service: from the start of service (or the call, when the counter finished
//    without pressing start) to `ticket_finished`; only finished tickets. A
//    parked ticket's service is the last call/start → finish.
//  - outcomes (served, no-show, cancelled, expired) count each ticket once, by
//    its final state at the end of its day, in the field/counter/staff/hour of
//    the event that ended it; `transferred` counts transfer events, in the field
//    and at the counter the ticket left; `issued` counts in the issue field.
//  - estimate accuracy: the estimated wait recorded in ticket_issued (what
//    the kiosk and the ticket said) against the ticket's first wait in its
//    issue field; counted in that wait's field/counter/staff/hour.
//  - percentiles: median is the usual middle value (mean of the two middle
//    ones for an even count); p90 is nearest-rank: the smallest sample with at
//    least 90% of samples ≤ it, i.e. sorted[ceil(0.9·n) − 1].
//  - paused time: `counter_paused` → `counter_resumed`, or the counter's
//    close, or the end of the day (or `now`) if neither came.
//  - idle while people waited: a counter open, not paused, with no active
//    ticket (called/serving) while at least one field it can call (its
//    configured fields that its logged-in staff member serves) had a ticket in
//    its queue.
//  - hour cells: issued and waits by the hour of queue entry, service by the
//    hour it started, outcomes by the hour of the ending event.
#include "config/office_config.hpp"
#include "reports/day_digest.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace qmsd::reports {

// Inclusive range of office-local days, "YYYY-MM-DD".
struct DayRange {
    std::string from;
    std::string to;
};

// Per field: the share of tickets to call within targetMinutes.
struct ServiceTarget {
    int targetMinutes = 15;
    double share = 0.8;
};
using ServiceTargets = std::map<std::string, ServiceTarget>; // by field id

// Each configured field's targetWaitMinutes / serviceLevelTarget.
ServiceTargets targetsFromConfig(const OfficeConfig& cfg);

struct ReportOptions {
    DayRange range;
    ServiceTargets targets;      // a field missing here gets defaultTarget
    ServiceTarget defaultTarget; // 15 min, 80%
    // Intervals still open (pauses, counters) are cut here rather than at the
    // end of their day: set it for a report that includes today.
    std::optional<TimePoint> now;
    // Closed days (ended before now and before `now`) come from the per-day
    // digest cache (table report_days) when the database has it, and are
    // added to it; the figures are the same either way.
    bool useDigestCache = true;
};

// Seconds. Empty sample → count 0 and zeros.
struct DurationStats {
    int count = 0;
    double mean = 0;
    double median = 0;
    double p90 = 0;
};

// Citizens' ratings (SIPAS, engine/rating.hpp), counted where the service
// was given: the rated ticket's field, counter, staff member, and the hour
// and day it was rated (always its service's day).
struct Ratings {
    int count = 0;                 // responses: tickets rated
    std::array<int, 4> levels{};   // [0] Không hài lòng, [1] Bình thường, [2] Hài lòng, [3] Rất hài lòng
    std::array<int, 3> channels{}; // phone, screen, rating box
    // Answers to the office's questions (by id), by level as above.
    std::map<std::string, std::array<int, 4>> questions;
    // count ÷ outcomes.served of the same row; empty when nobody was served.
    // (In an hour cell a service and its rating may fall in different hours.)
    std::optional<double> responseRate;
    // (Rất hài lòng + Hài lòng) ÷ count; empty without responses.
    std::optional<double> shareSatisfied;
};

// A citizen's comment, for the leader (reports are the leader's).
struct RatingComment {
    std::string day;
    std::int64_t atMs = 0; // when it was rated
    std::string code;      // the ticket
    std::string field;     // where it was served
    int counter = 0;
    std::string staff;
    int level = 0;
    std::string text;
};

// The estimated wait a ticket was issued with (kiosk, printed ticket) against
// its first wait, in its issue field. Only tickets that were shown an
// estimate and were then called; seconds.
struct EstimateAccuracy {
    int count = 0;
    double meanAbsError = 0;
    double bias = 0;                 // mean of (wait − estimate): > 0, people waited longer than told
    int withinFiveMinutes = 0;       // |wait − estimate| ≤ 5 min
    std::optional<double> shareWithinFiveMinutes;
};

// One row of a breakdown (per field, counter, staff member, day, hour cell).
struct Breakdown {
    std::string key;  // field id, counter number, staff id, day, "weekday-hour"
    std::string name; // the config's Vietnamese name, or the key
    Outcomes outcomes;
    DurationStats wait;
    DurationStats service;
    int withinTarget = 0;
    int missedTarget = 0; // waits over target, plus uncalled departures over target
    std::optional<double> shareWithinTarget; // empty when there is nothing to judge
    Ratings ratings;
    EstimateAccuracy estimate;
};

struct HourCell {
    int weekday = 0; // 0 = Monday … 6 = Sunday
    int hour = 0;    // local hour of day
    Breakdown stats;
};

struct PauseRow {
    int counter = 0;
    std::string reason;     // id as stored ("break"), "" when none was given
    std::string reasonName; // the config's name
    int count = 0;
    double seconds = 0;
};

struct CounterTime {
    int counter = 0;
    std::string name;
    double openSeconds = 0;
    double busySeconds = 0;   // with an active ticket
    double pausedSeconds = 0;
    double idleWhileWaitingSeconds = 0;
};

constexpr int kHoursOfWeek = 7 * 24; // index weekday·24 + hour

// Raw sums per hour of the week, kept for staffing history.
struct WeekHourLoad {
    std::array<int, 7> openDays{};  // days of each weekday in the range with any event
    std::map<std::string, std::array<int, kHoursOfWeek>> arrivals;        // issued + transferred in
    std::map<std::string, std::array<double, kHoursOfWeek>> serviceSeconds;
    std::map<std::string, std::array<int, kHoursOfWeek>> serviceCount;
    // Counter time given to the field: while serving its tickets, and an equal
    // share of idle time among the fields a counter can call; not paused time.
    std::map<std::string, std::array<double, kHoursOfWeek>> counterSeconds;
};

struct Report {
    DayRange range;
    int daysInRange = 0;
    int daysWithActivity = 0;
    Breakdown total;
    std::vector<Breakdown> byField;   // config order, then unknown ids
    std::vector<Breakdown> byCounter; // by number
    std::vector<Breakdown> byStaff;   // by id
    std::vector<Breakdown> byDay;     // days with activity, ascending
    std::vector<HourCell> byHour;     // cells with activity, by weekday then hour
    std::vector<PauseRow> pauses;     // by counter then reason
    std::vector<CounterTime> counterTime;
    WeekHourLoad load;
    std::vector<RatingComment> comments; // in the order they were made
};

// `db` may be read-only (then nothing is cached). Do not pass the daemon's
// own connection from another thread. Fails on a bad range or an SQLite error.
Result<Report> queryReport(SQLite::Database& db, const OfficeConfig& cfg, const ReportOptions& options);
// Opens `dbPath` for the duration of the query: read-write with a short busy
// timeout to cache closed days' digests, or read-only if it cannot write.
Result<Report> queryReport(const std::string& dbPath, const OfficeConfig& cfg,
                           const ReportOptions& options);

// One day of the event log replayed into its digest (what a report merges),
// as the report itself would: for the office's shipper, which sends the
// centre each completed day's digest. `now` cuts intervals still open on
// the day that contains it.
Result<DayDigest> replayDayDigest(SQLite::Database& db, const OfficeConfig& cfg, const std::string& day,
                                  std::optional<TimePoint> now);

// Checks "YYYY-MM-DD" both ends and from <= to.
Status validateRange(const DayRange& range);
// Number of days in an inclusive range.
int daysIn(const DayRange& range);

} // namespace qmsd::reports
