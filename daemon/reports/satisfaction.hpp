#pragma once
// The satisfaction report (SIPAS): over a range of days, per field, counter,
// officer, day, week and month — responses, response rate (rated ÷ served),
// share satisfied (Rất hài lòng + Hài lòng), each level, each question's
// distribution — the citizens' comments, and the trend against the previous
// period of the same length. Built from two Reports (report_query), so it
// comes from the same replay and digest cache and costs what they cost.
#include "config/office_config.hpp"
#include "reports/period_summary.hpp"
#include "reports/report_query.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd::reports {

struct SatisfactionRow {
    std::string key;  // field id, counter number, staff id, day, week's Monday, "YYYY-MM"
    std::string name; // the config's name, or a label ("Tuần 23/11/2026", "Tháng 11/2026")
    int served = 0;
    Ratings ratings; // shares made against `served`
    // The same row one period earlier: the previous period of the same length
    // for the total, fields, counters and staff; the week or month before for
    // weeks and months (when it is in the range); none for days.
    std::optional<int> previousServed;
    std::optional<Ratings> previous;
};

struct QuestionSummary {
    std::string id;
    std::string element; // SIPAS element (access, procedure, officer, result, feedback)
    std::string text;
    std::string textEn;
    std::array<int, 4> levels{}; // as Ratings::levels
    int responses = 0;
    std::optional<double> shareSatisfied;
    std::optional<double> previousShareSatisfied;
};

struct SatisfactionReport {
    DayRange range;
    DayRange previousRange;
    int daysInRange = 0;
    SatisfactionRow total;
    std::vector<SatisfactionRow> byField, byCounter, byStaff, byDay, byWeek, byMonth;
    std::vector<QuestionSummary> questions; // configured ones in config order, then any other id answered
    std::vector<TrendRow> trend;            // the total against the previous period
    std::vector<RatingComment> comments;    // newest first
};

// The same number of days just before `range`.
DayRange previousRangeOf(const DayRange& range);
// "Tuần 23/11/2026" style label of a week starting on `monday`; "Tháng 11/2026" of "2026-11".
std::string weekLabel(const std::string& monday);
std::string monthLabel(const std::string& month);
// Vietnamese name of a SIPAS element id.
std::string elementName(const std::string& element);

SatisfactionReport satisfactionFrom(const Report& current, const Report& previous, const OfficeConfig& cfg);

// Runs the report for options.range and for the previous period.
Result<SatisfactionReport> querySatisfaction(const std::string& dbPath, const OfficeConfig& cfg,
                                             const ReportOptions& options);

} // namespace qmsd::reports
