#pragma once
// Figure by figure, per field and for all fields: the CSV's own figures
// against the report over the replayed store. Durations are equal when they
// differ by at most 1 ms (the report's means are rounded doubles).
#include "csv_figures.hpp"
#include "reports/report_query.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace qmsd::replay {

struct FigureDiff {
    std::string what; // "wait p90"
    std::string csv;
    std::string report;
};

struct FieldCheck {
    std::string field; // id; "" = all fields
    std::string name;  // Vietnamese name, or "Tổng" for all fields
    FieldFigures csv;
    reports::Breakdown report;
    std::vector<FigureDiff> diffs;
};

struct CheckResult {
    std::vector<FieldCheck> rows; // fields in config order, then the total
    bool equal() const;
};

CheckResult compareFigures(const CsvFigures& csv, const reports::Report& report,
                           const OfficeConfig& cfg);

// The table (field, n, wait and service mean/p50/p90 from the CSV and the
// report, OK/DIFF), then one line per differing figure.
void printCheck(std::ostream& out, const CheckResult& result);

} // namespace qmsd::replay
