#include "csv_reader.hpp"

#include <fstream>
#include <sstream>

namespace qmsd::replay {
namespace {

Error csvError(const std::string& name, int line, const std::string& what) {
    return makeError(ErrorCode::invalidArgument, name + ":" + std::to_string(line) + ": " + what);
}

bool blank(const CsvRecord& r) {
    return r.cells.size() == 1 && r.cells[0].empty();
}

} // namespace

Result<std::vector<CsvRecord>> parseCsv(std::string_view text, const std::string& name) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    std::vector<CsvRecord> out;
    CsvRecord rec{1, {std::string{}}};
    int line = 1;
    bool quoted = false;     // inside a quoted cell
    bool afterQuote = false; // a quoted cell just closed: only , or a line end may follow
    auto endRecord = [&out, &rec, &line] {
        if (!blank(rec)) {
            out.push_back(std::move(rec));
        }
        rec = CsvRecord{line, {std::string{}}};
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char ch = text[i];
        if (quoted) {
            if (ch == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    rec.cells.back() += '"';
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                if (ch == '\n') {
                    ++line;
                }
                rec.cells.back() += ch;
            }
            continue;
        }
        if (ch == ',') {
            rec.cells.emplace_back();
            afterQuote = false;
        } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue; // the \n ends the record
        } else if (ch == '\n') {
            ++line;
            endRecord();
            afterQuote = false;
        } else if (afterQuote) {
            return csvError(name, line,
                            "text after a closing quote (a quote inside a cell is written \"\")");
        } else if (ch == '"') {
            if (!rec.cells.back().empty()) {
                return csvError(name, line,
                                "a quote inside an unquoted cell (quote the whole cell)");
            }
            quoted = true;
        } else {
            rec.cells.back() += ch;
        }
    }
    if (quoted) {
        return csvError(name, rec.line, "a quoted cell is never closed");
    }
    endRecord();
    return out;
}

Result<std::string> readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::invalidArgument, path + ": cannot open");
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
        return makeError(ErrorCode::invalidArgument, path + ": read error");
    }
    return buf.str();
}

} // namespace qmsd::replay
