#pragma once
// RFC 4180 text → records, each with the line it starts on (a quoted cell may
// span lines). UTF-8; a leading byte-order mark is skipped; CRLF or LF; blank
// lines are ignored.
#include "core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace qmsd::replay {

struct CsvRecord {
    int line = 0;
    std::vector<std::string> cells;
};

// `name` is the file name used in messages ("arrivals.csv:12: ...").
Result<std::vector<CsvRecord>> parseCsv(std::string_view text, const std::string& name);

// The whole file, or why not.
Result<std::string> readTextFile(const std::string& path);

} // namespace qmsd::replay
