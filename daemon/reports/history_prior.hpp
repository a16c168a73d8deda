#pragma once
// The earlier weeks the live estimates lean on (analytics/service_model.hpp):
// per field and hour of the week, services and arrivals over the weeks
// before `today`, from the same report code the leader's reports use (so the
// digest cache makes the daemon's read at each new day cheap).
#include "analytics/service_model.hpp"
#include "reports/report_query.hpp"

#include <string>

namespace qmsd::reports {

inline constexpr int kPriorWeeks = 8;

// The prior from a report over earlier days.
HistoryPrior priorFromReport(const Report& report);

// Reads [today − weeks·7, today − 1] from the store at `dbPath` (its own
// connection: call it off the daemon's loop) or from an open database.
Result<HistoryPrior> readHistoryPrior(const std::string& dbPath, const OfficeConfig& cfg, const std::string& today,
                                      int weeks = kPriorWeeks);
Result<HistoryPrior> readHistoryPrior(SQLite::Database& db, const OfficeConfig& cfg, const std::string& today,
                                      int weeks = kPriorWeeks);

} // namespace qmsd::reports
