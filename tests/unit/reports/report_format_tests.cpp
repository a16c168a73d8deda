// The report's files as a user opens them: CSV bytes for Excel, an .xlsx read
// back by Python's zipfile + ElementTree, HTML through Python's html.parser.
#include "report_log.hpp"
#include "reports/report_csv.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "reports/report_xlsx.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace qmsd;
using namespace qmsd::reports;
using K = EventKind;

namespace {

const std::string kMon = "2026-11-23";
const std::string kOddName = "Hộ tịch, \"khai sinh\"";

OfficeConfig office() {
    OfficeConfig cfg = test::makeTestOffice();
    cfg.fields[0].name = kOddName;
    return cfg;
}

// Two ho_tich tickets waiting 3 and 6 minutes, served 4 and 5 minutes.
Report sampleReport(test::ReportLog& log, const OfficeConfig& cfg) {
    log.counter(kMon, 7, 30, K::counterOpened, 1, "nv01");
    log.issue(kMon, 8, 0, 1, "ho_tich");
    log.ticket(kMon, 8, 3, K::ticketCalled, 1, 1);
    log.ticket(kMon, 8, 7, K::ticketFinished, 1, 1);
    log.issue(kMon, 8, 10, 2, "ho_tich");
    log.ticket(kMon, 8, 16, K::ticketCalled, 2, 1);
    log.ticket(kMon, 8, 21, K::ticketFinished, 2, 1);
    log.commit();
    ReportOptions opt;
    opt.range = {kMon, kMon};
    auto r = queryReport(log.path(), cfg, opt);
    REQUIRE(r.ok());
    return *r;
}

std::string runPython(const std::string& script, const std::string& arg, const test::TempDir& dir) {
    std::string path = dir.file("check.py");
    std::ofstream(path) << script;
    std::string cmd = std::string(QMSD_PYTHON) + " " + path + " " + arg + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) {
        out.append(buf, n);
    }
    CHECK(::pclose(p) == 0);
    return out;
}

} // namespace

TEST_CASE("CSV: BOM, CRLF, quoted Vietnamese names, decimal point") {
    test::ReportLog log;
    OfficeConfig cfg = office();
    Report r = sampleReport(log, cfg);
    std::string csv = reportCsv(r, "fields");
    REQUIRE(csv.size() > 3);
    CHECK(csv.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(csv.find("\"Hộ tịch, \"\"khai sinh\"\"\"") != std::string::npos);
    CHECK(csv.find("Mã lĩnh vực,Tên,Cấp phiếu") != std::string::npos);
    // Every line ends CRLF: no bare LF anywhere.
    for (std::size_t i = 0; i < csv.size(); ++i) {
        if (csv[i] == '\n') {
            REQUIRE(i > 0);
            CHECK(csv[i - 1] == '\r');
        }
    }
    // ho_tich: issued 2, served 2, … , 2 waits, mean 4.5 min, median 4.5, p90 6.0, 100%.
    CHECK(csv.find(",2,2,0,0,0,0,0,2,4.5,4.5,6.0,100.0,4.5,4.5,5.0,0,") != std::string::npos);
    CHECK(csvField("a,b") == "\"a,b\"");
    CHECK(csvField("plain") == "plain");
    CHECK(csvField("x\r\ny") == "\"x\r\ny\"");
    auto all = reportCsv(r);
    CHECK(all.find("Theo lĩnh vực\r\n") != std::string::npos);
    CHECK(all.find("Thời gian quầy\r\n") != std::string::npos);
}

TEST_CASE("XLSX read back by openpyxl: values, Vietnamese, formats, widths, frozen header") {
    test::ReportLog log;
    OfficeConfig cfg = office();
    Report r = sampleReport(log, cfg);
    auto xlsx = reportXlsx(r);
    REQUIRE(xlsx.ok());
    std::string path = log.dir.file("report.xlsx");
    std::ofstream(path, std::ios::binary) << *xlsx;
    // openpyxl (Debian python3-openpyxl) is the reader nobody here wrote; it
    // refuses a malformed workbook outright.
    const std::string script = R"py(
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print('sheets=%d' % len(wb.sheetnames))
print('names=' + '|'.join(wb.sheetnames))
def show(c):
    v = c.value
    if v is None: return ''
    if isinstance(v, datetime.datetime): return 'date:' + v.strftime('%Y-%m-%d') + '@' + c.number_format
    if isinstance(v, (int, float)): return ('%.*f' % (len(c.number_format.split('.')[1]) if '.' in c.number_format else 0, v))
    return str(v)
for name in ['Theo lĩnh vực', 'Theo ngày']:
    ws = wb[name]
    print('freeze[%s]=%s' % (name, ws.freeze_panes))
    print('bold[%s]=%s' % (name, all(c.font.b for c in ws[1] if c.value is not None)))
    print('filter[%s]=%s' % (name, ws.auto_filter.ref))
    for row in ws.iter_rows():
        print('|'.join(show(c) for c in row))
ws = wb['Theo lĩnh vực']
widths = {k: round(v.width, 1) for k, v in ws.column_dimensions.items()}
# Wide enough for the longest text (Excel adds its own few pixels of padding).
print('width[B]=%s' % (20 <= widths.get('B', 0) <= 26))
print('width[A]=%s' % (11 <= widths.get('A', 0) <= 17))
print('width[C]=%s' % (widths.get('C', 0) < widths.get('B', 0)))
)py";
    std::string out = runPython(script, path, log.dir);
    INFO(out);
    CHECK(out.find("sheets=8") != std::string::npos);
    CHECK(out.find("names=Tổng hợp|Theo lĩnh vực|Theo quầy|Theo cán bộ|Theo ngày|") != std::string::npos);
    CHECK(out.find("Mã lĩnh vực|Tên|Cấp phiếu|Đã phục vụ") != std::string::npos);
    // Numbers are numbers, shown with the report's decimals.
    CHECK(out.find("ho_tich|" + kOddName + "|2|2|0|0|0|0|0|2|4.5|4.5|6.0|100.0|4.5|4.5|5.0|0|0.0||0|0|0|0|0") !=
          std::string::npos);
    CHECK(out.find("dat_dai|Đất đai|0|0") != std::string::npos);
    // A day is a date cell, shown the Vietnamese way.
    CHECK(out.find("date:2026-11-23@dd/mm/yyyy|2|2") != std::string::npos);
    CHECK(out.find("freeze[Theo lĩnh vực]=A2") != std::string::npos);
    CHECK(out.find("freeze[Theo ngày]=A2") != std::string::npos);
    CHECK(out.find("bold[Theo lĩnh vực]=True") != std::string::npos);
    CHECK(out.find("filter[Theo lĩnh vực]=A1:") != std::string::npos);
    // Columns as wide as their text: the name column fits "Hộ tịch, "khai sinh"" (20
    // characters), the id column "Mã lĩnh vực" (11); a count column is narrower.
    CHECK(out.find("width[B]=True") != std::string::npos);
    CHECK(out.find("width[A]=True") != std::string::npos);
    CHECK(out.find("width[C]=True") != std::string::npos);
    CHECK(columnName(0) == "A");
    CHECK(columnName(25) == "Z");
    CHECK(columnName(26) == "AA");
    CHECK(columnName(701) == "ZZ");
}

TEST_CASE("HTML is self-contained, Vietnamese and well-formed enough to parse") {
    test::ReportLog log;
    OfficeConfig cfg = office();
    Report r = sampleReport(log, cfg);
    std::string html = reportHtml(r, cfg);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<html lang=\"vi\">") != std::string::npos);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("Hộ tịch, &quot;khai sinh&quot;") != std::string::npos);
    CHECK(html.find(cfg.office.name) != std::string::npos);
    std::string path = log.dir.file("report.html");
    std::ofstream(path) << html;
    const std::string script = R"py(
import sys
from html.parser import HTMLParser
VOID = {'meta', 'br', 'img', 'input', 'link', 'hr', 'col', 'area', 'base', 'source', 'wbr'}
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.svg, self.rects, self.text = [], [], 0, 0, []
    def handle_starttag(self, tag, attrs):
        if tag == 'rect': self.rects += 1
        if tag == 'svg': self.svg += 1
        for k, v in attrs:
            if v and ('http:' in v or 'https:' in v or v.startswith('//')): self.errors.append('external ' + v)
        if tag not in VOID: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID: return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append('unbalanced </%s> with %s open' % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
    def handle_data(self, d): self.text.append(d)
p = Check()
p.feed(open(sys.argv[1], encoding='utf-8').read())
p.close()
print('errors=%d open=%d svg=%d rects=%d' % (len(p.errors), len(p.stack), p.svg, p.rects))
for e in p.errors[:5]: print(e)
print('has-title' if 'Chờ trung bình theo giờ' in ''.join(p.text) else 'no-title')
)py";
    std::string out = runPython(script, path, log.dir);
    INFO(out);
    CHECK(out.find("errors=0 open=0 svg=4") != std::string::npos);
    CHECK(out.find("rects=0") == std::string::npos);
    CHECK(out.find("has-title") != std::string::npos);
}

TEST_CASE("JSON carries the same figures, null where nothing was measured") {
    test::ReportLog log;
    OfficeConfig cfg = office();
    Report r = sampleReport(log, cfg);
    auto j = reportJson(r);
    CHECK(j["from"] == kMon);
    CHECK(j["fields"][0]["key"] == "ho_tich");
    CHECK(j["fields"][0]["issued"] == 2);
    CHECK(j["fields"][0]["wait"]["mean_seconds"].get<double>() == Approx(270));
    CHECK(j["fields"][0]["share_within_target"].get<double>() == Approx(1.0));
    CHECK(j["fields"][1]["wait"]["mean_seconds"].is_null());
    CHECK(j["fields"][1]["share_within_target"].is_null());
}
