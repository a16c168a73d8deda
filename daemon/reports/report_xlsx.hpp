#pragma once
// A real .xlsx (Office Open XML spreadsheet, zipped): one worksheet per table,
// inline strings, a bold frozen header row. Opens in Excel and LibreOffice.
#include "core/result.hpp"
#include "reports/report_tables.hpp"

#include <string>
#include <vector>

namespace qmsd::reports {

// The bytes of the .xlsx file.
Result<std::string> tablesXlsx(const std::vector<Table>& tables);
Result<std::string> reportXlsx(const Report& report);

// "A", "B", … "Z", "AA", … for column 0, 1, …
std::string columnName(int column);

} // namespace qmsd::reports
