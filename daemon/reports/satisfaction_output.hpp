#pragma once
// The satisfaction report as JSON (the API, the dashboard), as tables (CSV,
// XLSX: one sheet each) and as a printable self-contained HTML page. The
// comments are in all of them: these are the leader's files.
#include "reports/report_tables.hpp"
#include "reports/satisfaction.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace qmsd::reports {

nlohmann::json satisfactionJson(const SatisfactionReport& report, const OfficeConfig& cfg);
// Table ids: trend, fields, counters, staff, days, weeks, months, questions, comments.
std::vector<Table> satisfactionTables(const SatisfactionReport& report, const OfficeConfig& cfg);
std::string satisfactionHtml(const SatisfactionReport& report, const OfficeConfig& cfg);

} // namespace qmsd::reports
