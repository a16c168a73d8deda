#pragma once
// The reports as JSON for the API (field names snake_case, seconds for
// durations, null for "nothing to measure").
#include "reports/period_summary.hpp"
#include "reports/report_query.hpp"
#include "reports/staffing_history.hpp"

#include <nlohmann/json.hpp>

namespace qmsd::reports {

nlohmann::json reportJson(const Report& report);
// One breakdown row / hour cells as reportJson writes them (qmsd-city's
// reports over many offices use the same shapes).
nlohmann::json breakdownJson(const Breakdown& b);
nlohmann::json breakdownsJson(const std::vector<Breakdown>& rows);
nlohmann::json hourCellsJson(const std::vector<HourCell>& cells);
// A breakdown's "ratings": {"count","response_rate","share_satisfied","levels":{level: n},
// "channels":{"phone","screen","box"},"questions":{id: {level: n,"responses","share_satisfied"}}}.
nlohmann::json ratingsJson(const Ratings& ratings);
nlohmann::json staffingJson(const StaffingHistory& staffing);

// What every report keyed by field, counter, staff member and day writes
// alike (the report's and the satisfaction report's): its range, and its
// total and rows each through `row`.
template <class KeyedReport, class RowJson>
nlohmann::json keyedReportJson(const KeyedReport& r, RowJson row) {
    auto rows = [&row](const auto& list) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& x : list) {
            out.push_back(row(x));
        }
        return out;
    };
    return nlohmann::json{{"from", r.range.from},
                          {"to", r.range.to},
                          {"days_in_range", r.daysInRange},
                          {"total", row(r.total)},
                          {"fields", rows(r.byField)},
                          {"counters", rows(r.byCounter)},
                          {"staff", rows(r.byStaff)},
                          {"days", rows(r.byDay)}};
}
nlohmann::json summaryJson(const PeriodSummary& summary);
// A period's figures against the one before: [{"metric","name","current","previous","delta","percent"}].
nlohmann::json trendJson(const std::vector<TrendRow>& rows);

} // namespace qmsd::reports
