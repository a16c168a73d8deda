#pragma once
// CSV that Excel opens correctly with Vietnamese text when double-clicked:
// UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting, a decimal
// point (never a comma), ISO dates.
#include "reports/report_tables.hpp"

#include <string>
#include <vector>

namespace qmsd::reports {

// One field, quoted when it holds a comma, quote, CR, LF or edge spaces.
std::string csvField(const std::string& value);
// One table: BOM, header line, rows.
std::string tableCsv(const Table& table);
// Several tables in one file (Excel shows one sheet): BOM, then for each
// table its title line, header, rows and an empty line.
std::string tablesCsv(const std::vector<Table>& tables);
// Every table of a report, or only the one whose id is `tableId`.
std::string reportCsv(const Report& report, const std::string& tableId = "");

} // namespace qmsd::reports
