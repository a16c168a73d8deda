#include "reports/report_xlsx.hpp"

#include "reports/zip_writer.hpp"

#include <set>

namespace qmsd::reports {
namespace {

constexpr const char* kXmlHead = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                                 "\n";
constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string xmlEscape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto u = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            // Control characters other than tab/LF/CR are not allowed in XML 1.0.
            if (u >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                out += ch;
            }
        }
    }
    return out;
}

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

std::string textCell(const std::string& ref, const std::string& text, bool bold) {
    std::string c = "<c r=\"" + ref + "\" t=\"inlineStr\"" + (bold ? " s=\"1\"" : "") + "><is><t";
    if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) {
        c += " xml:space=\"preserve\"";
    }
    return c + ">" + xmlEscape(text) + "</t></is></c>";
}

std::string worksheet(const Table& t) {
    std::string x = kXmlHead;
    x += std::string("<worksheet xmlns=\"") + kMainNs + "\">";
    x += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
         "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>";
    x += "<row r=\"1\">";
    for (std::size_t i = 0; i < t.headers.size(); ++i) {
        x += textCell(columnName(static_cast<int>(i)) + "1", t.headers[i], true);
    }
    x += "</row>";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::string rowNum = std::to_string(r + 2);
        x += "<row r=\"" + rowNum + "\">";
        for (std::size_t i = 0; i < t.rows[r].size(); ++i) {
            const Cell& cell = t.rows[r][i];
            std::string ref = columnName(static_cast<int>(i)) + rowNum;
            if (cell.kind == Cell::Kind::text) {
                x += textCell(ref, cell.text, false);
            } else if (cell.kind == Cell::Kind::number) {
                x += "<c r=\"" + ref + "\"><v>" + formatNumber(cell.number, cell.decimals) + "</v></c>";
            }
        }
        x += "</row>";
    }
    x += "</sheetData></worksheet>";
    return x;
}

std::string styles() {
    return std::string(kXmlHead) + "<styleSheet xmlns=\"" + kMainNs +
           "\"><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
           "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
           "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
           "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
           "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
           "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
           "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
           "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
           "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
           "</styleSheet>";
}

} // namespace

std::string columnName(int column) {
    std::string name;
    for (int n = column + 1; n > 0; n = (n - 1) / 26) {
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return name;
}

Result<std::string> tablesXlsx(const std::vector<Table>& tables) {
    std::string types = std::string(kXmlHead) +
                        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
    std::string workbook = std::string(kXmlHead) + "<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><sheets>";
    std::string rels = std::string(kXmlHead) +
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    std::set<std::string> used;
    ZipWriter zip;
    std::vector<std::pair<std::string, std::string>> sheets;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        std::string n = std::to_string(i + 1);
        types += "<Override PartName=\"/xl/worksheets/sheet" + n +
                 ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
        workbook += "<sheet name=\"" + xmlEscape(sheetName(tables[i].title, used)) + "\" sheetId=\"" + n +
                    "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRelNs + "/worksheet\" Target=\"worksheets/sheet" + n +
                ".xml\"/>";
        sheets.emplace_back("xl/worksheets/sheet" + n + ".xml", worksheet(tables[i]));
    }
    types += "</Types>";
    workbook += "</sheets></workbook>";
    rels += "<Relationship Id=\"rId" + std::to_string(tables.size() + 1) + "\" Type=\"" + kRelNs +
            "/styles\" Target=\"styles.xml\"/></Relationships>";
    std::string rootRels = std::string(kXmlHead) +
                           "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                           "<Relationship Id=\"rId1\" Type=\"" + kRelNs +
                           "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    for (const auto& [name, data] :
         std::vector<std::pair<std::string, std::string>>{{"[Content_Types].xml", types},
                                                          {"_rels/.rels", rootRels},
                                                          {"xl/workbook.xml", workbook},
                                                          {"xl/_rels/workbook.xml.rels", rels},
                                                          {"xl/styles.xml", styles()}}) {
        if (auto st = zip.add(name, data); !st) {
            return st.error();
        }
    }
    for (const auto& [name, data] : sheets) {
        if (auto st = zip.add(name, data); !st) {
            return st.error();
        }
    }
    return zip.finish();
}

Result<std::string> reportXlsx(const Report& report) { return tablesXlsx(reportTables(report)); }

} // namespace qmsd::reports
