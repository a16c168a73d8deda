#pragma once
// `qmsd-replay what-if`: a period's real arrivals replayed through the engine
// twice — with the counters as they were (baseline: shows the simulation's
// own bias) and with the plan change — next to what really happened.
#include "csv_arrivals.hpp"
#include "csv_figures.hpp"
#include "reports/report_query.hpp"
#include "what_if_plan.hpp"

#include <nlohmann/json_fwd.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace qmsd::replay {

struct ScenarioFigures {
    int tickets = 0; // issued
    reports::DurationStats wait;
    std::optional<double> shareWithinTarget;
};

struct FieldWhatIf {
    std::string field; // "" = all fields
    std::string name;
    int targetMinutes = 0;
    ScenarioFigures actual;
    ScenarioFigures baseline;
    ScenarioFigures whatIf;
};

struct WhatIfResult {
    reports::DayRange range;
    std::vector<std::string> changes; // as given
    std::vector<std::string> notes;   // removals that found fewer counters
    std::vector<FieldWhatIf> fields;  // config order, fields with tickets
    FieldWhatIf total;
    long simulatedCommands = 0;
};

struct WhatIfInput {
    const OfficeConfig* config = nullptr;
    reports::DayRange range;
    std::vector<PlanChange> changes;
};

Result<WhatIfResult> whatIfFromArrivals(const Arrivals& arrivals, const WhatIfInput& in);
// The real store is opened read-only; its report is made without the digest cache.
Result<WhatIfResult> whatIfFromStore(const std::string& dbPath, const WhatIfInput& in);

void printWhatIf(std::ostream& out, const WhatIfResult& r);
nlohmann::json whatIfJson(const WhatIfResult& r);

} // namespace qmsd::replay
