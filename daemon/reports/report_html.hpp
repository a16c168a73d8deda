#pragma once
// A printable, self-contained HTML report (lang="vi", UTF-8): inline CSS with
// print rules, inline SVG charts (waits and arrivals by hour, per-field bars),
// no scripts, fonts or links to fetch — it prints the same offline.
#include "config/office_config.hpp"
#include "reports/report_query.hpp"
#include "reports/report_tables.hpp"

#include <cstdint>

#include <string>
#include <vector>

namespace qmsd::reports {

std::string htmlEscape(const std::string& s);

struct Bar {
    std::string label;
    double value = 0;
};
// A bar chart as inline <svg> (no xmlns needed inside HTML), values labelled.
std::string svgBarChart(const std::string& title, const std::vector<Bar>& bars, const std::string& unit);

std::string reportHtml(const Report& report, const OfficeConfig& cfg);

// The pieces other printable reports share: a table with its heading (at most
// maxRows rows), a key figure box, a whole page with the report style.
std::string htmlTable(const Table& table, std::size_t maxRows = SIZE_MAX);
std::string kpi(const std::string& label, const std::string& value);
std::string htmlDocument(const std::string& title, const std::string& body);

} // namespace qmsd::reports
