#pragma once
// A report as plain tables (Vietnamese headers, one row per field/counter/…),
// the common shape that the CSV, XLSX and HTML writers render.
#include "reports/period_summary.hpp"
#include "reports/report_query.hpp"
#include "reports/staffing_history.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd::reports {

struct Cell {
    enum class Kind { empty, text, number };
    Kind kind = Kind::empty;
    std::string text;
    double number = 0;
    int decimals = 0;

    static Cell of(std::string s) { return Cell{Kind::text, std::move(s), 0, 0}; }
    static Cell of(double v, int decimals = 0) { return Cell{Kind::number, {}, v, decimals}; }
    static Cell of(std::optional<double> v, int decimals = 1) {
        return v ? of(*v, decimals) : Cell{};
    }
};

struct Table {
    std::string id;    // stable, ASCII: "fields", "counters", … (the API's table=)
    std::string title; // Vietnamese: sheet name and heading
    std::vector<std::string> headers;
    std::vector<std::vector<Cell>> rows;
};

// A number with a decimal point whatever the locale, no thousands separator.
std::string formatNumber(double v, int decimals);
// "Thứ Hai" … "Chủ Nhật" for 0 … 6.
const char* weekdayName(int weekday);

std::vector<Table> reportTables(const Report& report);
// One breakdown per row under `keyHeader` (and "Tên" with names), the columns
// every report table has; and the hours-of-the-week table of the same shape.
Table breakdownTable(std::string id, std::string title, std::string keyHeader, const std::vector<Breakdown>& rows,
                     bool withName);
Table hourCellsTable(const std::vector<HourCell>& cells);
std::vector<Table> staffingTables(const StaffingHistory& staffing);
std::vector<Table> summaryTables(const PeriodSummary& summary);

} // namespace qmsd::reports
