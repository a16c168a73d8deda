#include "reports/report_xlsx.hpp"

#include "reports/xlsx_library.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace qmsd::reports {
namespace {

// Excel: at most 31 characters, none of []:*?/\, unique in the workbook.
std::string sheetName(const std::string& title, std::set<std::string>& used) {
    std::string name;
    int chars = 0;
    for (std::size_t i = 0; i < title.size() && chars < 28;) {
        auto u = static_cast<unsigned char>(title[i]);
        std::size_t len = u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
        std::string cp = title.substr(i, len);
        name += cp.find_first_of("[]:*?/\\") != std::string::npos ? " " : cp;
        i += len;
        ++chars;
    }
    std::string candidate = name.empty() ? "Sheet" : name;
    for (int n = 2; used.count(candidate) != 0; ++n) {
        candidate = name + " " + std::to_string(n);
    }
    used.insert(candidate);
    return candidate;
}

// Characters as a person counts them (UTF-8 continuation bytes don't count).
std::size_t displayLength(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// XML 1.0 has no place for control characters other than tab, LF and CR.
std::string xmlSafe(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out += c;
        }
    }
    return out;
}

// "2026-12-04" → a date cell (shown dd/mm/yyyy, as Vietnamese offices write it).
bool isoDate(const std::string& s, lxw_datetime& out) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    int y = std::atoi(s.substr(0, 4).c_str());
    int m = std::atoi(s.substr(5, 2).c_str());
    int d = std::atoi(s.substr(8, 2).c_str());
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) {
        return false;
    }
    out = lxw_datetime{y, m, d, 0, 0, 0.0};
    return true;
}

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
    lxw_format* number[4] = {}; // 0, 0.0, 0.00, 0.000 decimals
};

Formats makeFormats(const LibXlsx& x, lxw_workbook* wb) {
    Formats f;
    f.header = x.workbook_add_format(wb);
    x.format_set_bold(f.header);
    x.format_set_text_wrap(f.header);
    x.format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    x.format_set_bottom(f.header, LXW_BORDER_THIN);
    f.date = x.workbook_add_format(wb);
    x.format_set_num_format(f.date, "dd/mm/yyyy");
    static const char* const kNumber[] = {"0", "0.0", "0.00", "0.000"};
    for (int i = 0; i < 4; ++i) {
        f.number[i] = x.workbook_add_format(wb);
        x.format_set_num_format(f.number[i], kNumber[i]);
    }
    return f;
}

lxw_error writeSheet(const LibXlsx& x, lxw_worksheet* ws, const Table& t, const Formats& f) {
    std::vector<std::size_t> width(t.headers.size(), 6);
    for (std::size_t c = 0; c < t.headers.size(); ++c) {
        // Long headers wrap onto two or three lines rather than widen the column.
        width[c] = std::max(width[c], std::min<std::size_t>(displayLength(t.headers[c]), 18));
        if (lxw_error e = x.worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), xmlSafe(t.headers[c]).c_str(),
                                                 f.header)) {
            return e;
        }
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            const Cell& cell = t.rows[r][c];
            auto col = static_cast<lxw_col_t>(c);
            lxw_error e = LXW_NO_ERROR;
            lxw_datetime date{};
            if (cell.kind == Cell::Kind::number) {
                e = x.worksheet_write_number(ws, row, col, cell.number, f.number[std::clamp(cell.decimals, 0, 3)]);
                if (c < width.size()) {
                    width[c] = std::max(width[c], formatNumber(cell.number, cell.decimals).size());
                }
            } else if (cell.kind == Cell::Kind::text && isoDate(cell.text, date)) {
                e = x.worksheet_write_datetime(ws, row, col, &date, f.date);
                if (c < width.size()) {
                    width[c] = std::max<std::size_t>(width[c], 10);
                }
            } else if (cell.kind == Cell::Kind::text) {
                e = x.worksheet_write_string(ws, row, col, xmlSafe(cell.text).c_str(), nullptr);
                if (c < width.size()) {
                    width[c] = std::max(width[c], displayLength(cell.text));
                }
            }
            if (e != LXW_NO_ERROR) {
                return e;
            }
        }
    }
    for (std::size_t c = 0; c < width.size(); ++c) {
        // Character widths, plus a little for the filter button; capped so one long name can't.
        double w = static_cast<double>(std::min<std::size_t>(width[c], 60)) + 2.5;
        x.worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr);
    }
    x.worksheet_freeze_panes(ws, 1, 0);
    if (!t.headers.empty()) {
        x.worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                             static_cast<lxw_col_t>(t.headers.size() - 1));
    }
    return LXW_NO_ERROR;
}

Error xlsxError(const LibXlsx& x, const std::string& what, lxw_error e) {
    return makeError(ErrorCode::internal, "xlsx: " + what + ": " + x.lxw_strerror(e));
}

// libxlsxwriter 1.1.4 writes only to a file: a private temporary one, read back.
struct TempFile {
    std::string path;
    TempFile() {
        const char* dir = std::getenv("TMPDIR");
        std::string pattern = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/qmsd-report-XXXXXX";
        int fd = ::mkstemp(pattern.data());
        if (fd >= 0) {
            ::close(fd);
            path = pattern;
        }
    }
    ~TempFile() {
        if (!path.empty()) {
            ::unlink(path.c_str());
        }
    }
};

} // namespace

std::string columnName(int column) {
    std::string name;
    for (int n = column + 1; n > 0; n = (n - 1) / 26) {
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return name;
}

Result<std::string> tablesXlsx(const std::vector<Table>& tables) {
    std::string missing;
    const LibXlsx* lib = loadLibXlsx(missing);
    if (lib == nullptr) {
        return makeError(ErrorCode::internal, "xlsx: " + missing);
    }
    const LibXlsx& x = *lib;
    TempFile file;
    if (file.path.empty()) {
        return makeError(ErrorCode::internal, "xlsx: cannot create a temporary file");
    }
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE; // column widths and autofilters need the whole sheet
    lxw_workbook* wb = x.workbook_new_opt(file.path.c_str(), &options);
    if (wb == nullptr) {
        return makeError(ErrorCode::internal, "xlsx: cannot start a workbook");
    }
    lxw_doc_properties props{};
    props.title = const_cast<char*>("Báo cáo");
    props.author = const_cast<char*>("qmsd");
    x.workbook_set_properties(wb, &props);
    Formats formats = makeFormats(x, wb);
    std::set<std::string> used;
    for (const Table& t : tables) {
        lxw_worksheet* ws = x.workbook_add_worksheet(wb, sheetName(t.title, used).c_str());
        if (ws == nullptr) {
            x.workbook_close(wb);
            return makeError(ErrorCode::internal, "xlsx: cannot add sheet \"" + t.title + "\"");
        }
        if (lxw_error e = writeSheet(x, ws, t, formats)) {
            x.workbook_close(wb);
            return xlsxError(x, "sheet \"" + t.title + "\"", e);
        }
    }
    if (lxw_error e = x.workbook_close(wb)) {
        return xlsxError(x, "writing the workbook", e);
    }
    std::ifstream in(file.path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
        return makeError(ErrorCode::internal, "xlsx: cannot read back " + file.path);
    }
    return bytes.str();
}

Result<std::string> reportXlsx(const Report& report) { return tablesXlsx(reportTables(report)); }

} // namespace qmsd::reports
