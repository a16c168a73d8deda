#pragma once
// The reports as JSON for the API (field names snake_case, seconds for
// durations, null for "nothing to measure").
#include "reports/period_summary.hpp"
#include "reports/report_query.hpp"
#include "reports/staffing_history.hpp"

#include <nlohmann/json.hpp>

namespace qmsd::reports {

nlohmann::json reportJson(const Report& report);
// A breakdown's "ratings": {"count","response_rate","share_satisfied","levels":{level: n},
// "channels":{"phone","screen","box"},"questions":{id: {level: n,"responses","share_satisfied"}}}.
nlohmann::json ratingsJson(const Ratings& ratings);
nlohmann::json staffingJson(const StaffingHistory& staffing);
nlohmann::json summaryJson(const PeriodSummary& summary);

} // namespace qmsd::reports
