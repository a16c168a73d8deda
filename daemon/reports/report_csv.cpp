#include "reports/report_csv.hpp"

namespace qmsd::reports {
namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

std::string cellText(const Cell& c) {
    switch (c.kind) {
    case Cell::Kind::text:
        return c.text;
    case Cell::Kind::number:
        return formatNumber(c.number, c.decimals);
    default:
        return "";
    }
}

void appendLine(std::string& out, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += csvField(values[i]);
    }
    out += "\r\n";
}

void appendTable(std::string& out, const Table& t) {
    appendLine(out, t.headers);
    std::vector<std::string> values;
    for (const auto& row : t.rows) {
        values.clear();
        for (const auto& c : row) {
            values.push_back(cellText(c));
        }
        appendLine(out, values);
    }
}

} // namespace

std::string csvField(const std::string& v) {
    bool quote = v.find_first_of(",\"\r\n") != std::string::npos ||
                 (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) {
        return v;
    }
    std::string out = "\"";
    for (char ch : v) {
        if (ch == '"') {
            out += '"';
        }
        out += ch;
    }
    out += '"';
    return out;
}

std::string tableCsv(const Table& table) {
    std::string out = kBom;
    appendTable(out, table);
    return out;
}

std::string tablesCsv(const std::vector<Table>& tables) {
    std::string out = kBom;
    for (const auto& t : tables) {
        appendLine(out, {t.title});
        appendTable(out, t);
        out += "\r\n";
    }
    return out;
}

std::string reportCsv(const Report& report, const std::string& tableId) {
    auto tables = reportTables(report);
    if (!tableId.empty()) {
        for (const auto& t : tables) {
            if (t.id == tableId) {
                return tableCsv(t);
            }
        }
    }
    return tablesCsv(tables);
}

} // namespace qmsd::reports
