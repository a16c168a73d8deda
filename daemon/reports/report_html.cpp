#include "reports/report_html.hpp"

#include "reports/report_tables.hpp"

#include <algorithm>
#include <array>

namespace qmsd::reports {
namespace {

constexpr const char* kStyle = R"css(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#222;margin:24px;font-size:13px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #999}
.sub{color:#555;margin:0 0 16px}
.kpi{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.kpi div{border:1px solid #bbb;border-radius:4px;padding:8px 12px;min-width:120px}
.kpi b{display:block;font-size:18px}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #ccc;padding:3px 5px;text-align:right}
th{background:#eee}td.t,th.t{text-align:left}
svg{display:block;margin:8px 0}.bar{fill:#2f6fb0}.lbl{font-size:10px;fill:#333}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:10px}h2,.chart,table{break-inside:avoid}th{background:#eee !important;
-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

std::string fmt(double v, int decimals) { return formatNumber(v, decimals); }

} // namespace

std::string htmlTable(const Table& t, std::size_t maxRows) {
    std::string h = "<h2>" + htmlEscape(t.title) + "</h2><table><thead><tr>";
    for (const auto& head : t.headers) {
        h += "<th>" + htmlEscape(head) + "</th>";
    }
    h += "</tr></thead><tbody>";
    for (std::size_t r = 0; r < t.rows.size() && r < maxRows; ++r) {
        h += "<tr>";
        for (const auto& c : t.rows[r]) {
            if (c.kind == Cell::Kind::text) {
                h += "<td class=\"t\">" + htmlEscape(c.text) + "</td>";
            } else if (c.kind == Cell::Kind::number) {
                h += "<td>" + fmt(c.number, c.decimals) + "</td>";
            } else {
                h += "<td></td>";
            }
        }
        h += "</tr>";
    }
    return h + "</tbody></table>";
}

std::string kpi(const std::string& label, const std::string& value) {
    return "<div>" + htmlEscape(label) + "<b>" + htmlEscape(value) + "</b></div>";
}

std::string htmlDocument(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + htmlEscape(title) +
           "</title><style>" + kStyle + "</style></head><body>" + body + "</body></html>\n";
}

std::string htmlEscape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string svgBarChart(const std::string& title, const std::vector<Bar>& bars, const std::string& unit) {
    constexpr int kWidth = 720, kHeight = 220, kLeft = 10, kTop = 24, kBottom = 40;
    double maxValue = 0;
    for (const auto& b : bars) {
        maxValue = std::max(maxValue, b.value);
    }
    std::string s = "<div class=\"chart\"><svg width=\"" + std::to_string(kWidth) + "\" height=\"" +
                    std::to_string(kHeight) + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                    std::to_string(kHeight) + "\" role=\"img\" aria-label=\"" + htmlEscape(title) + "\">";
    s += "<text x=\"" + std::to_string(kLeft) + "\" y=\"14\" font-size=\"13\" font-weight=\"bold\">" +
         htmlEscape(title) + " (" + htmlEscape(unit) + ")</text>";
    if (!bars.empty()) {
        double slot = static_cast<double>(kWidth - 2 * kLeft) / static_cast<double>(bars.size());
        double plot = kHeight - kTop - kBottom;
        for (std::size_t i = 0; i < bars.size(); ++i) {
            double h = maxValue > 0 ? bars[i].value / maxValue * plot : 0;
            double x = kLeft + slot * static_cast<double>(i) + slot * 0.15;
            double y = kTop + plot - h;
            s += "<rect class=\"bar\" x=\"" + fmt(x, 1) + "\" y=\"" + fmt(y, 1) + "\" width=\"" +
                 fmt(slot * 0.7, 1) + "\" height=\"" + fmt(h, 1) + "\"><title>" + htmlEscape(bars[i].label) +
                 ": " + fmt(bars[i].value, 1) + "</title></rect>";
            s += "<text class=\"lbl\" x=\"" + fmt(x + slot * 0.35, 1) + "\" y=\"" + fmt(y - 2, 1) +
                 "\" text-anchor=\"middle\">" + fmt(bars[i].value, bars[i].value < 10 ? 1 : 0) + "</text>";
            s += "<text class=\"lbl\" x=\"" + fmt(x + slot * 0.35, 1) + "\" y=\"" +
                 std::to_string(kHeight - kBottom + 14) + "\" text-anchor=\"middle\">" +
                 htmlEscape(bars[i].label) + "</text>";
        }
    }
    return s + "</svg></div>";
}

std::string reportHtml(const Report& r, const OfficeConfig& cfg) {
    const Breakdown& t = r.total;
    std::string title = "Báo cáo xếp hàng " + r.range.from + " – " + r.range.to;
    std::string h = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + htmlEscape(title) +
                    "</title><style>" + kStyle + "</style></head><body>";
    h += "<h1>" + htmlEscape(cfg.office.name) + "</h1><p class=\"sub\">" + htmlEscape(title) + " · " +
         std::to_string(r.daysWithActivity) + " ngày làm việc</p>";
    h += "<div class=\"kpi\">" + kpi("Số phiếu cấp", fmt(t.outcomes.issued, 0)) +
         kpi("Đã phục vụ", fmt(t.outcomes.served, 0)) + kpi("Vắng mặt", fmt(t.outcomes.noShow, 0)) +
         kpi("Chờ trung bình", fmt(t.wait.mean / 60, 1) + " phút") +
         kpi("Chờ P90", fmt(t.wait.p90 / 60, 1) + " phút") +
         kpi("Gọi trong chỉ tiêu", t.shareWithinTarget ? fmt(*t.shareWithinTarget * 100, 1) + "%" : "—") +
         kpi("Hài lòng", t.ratings.shareSatisfied ? fmt(*t.ratings.shareSatisfied * 100, 1) + "% của " +
                                                         fmt(t.ratings.count, 0) + " đánh giá"
                                                   : "—") +
         "</div>";

    // Hours of the day over all weekdays: waits weighted by count, arrivals per working day.
    std::array<double, 24> waitSum{}, waitCount{}, issued{};
    for (const auto& c : r.byHour) {
        auto hr = static_cast<std::size_t>(c.hour);
        waitSum[hr] += c.stats.wait.mean * c.stats.wait.count;
        waitCount[hr] += c.stats.wait.count;
        issued[hr] += c.stats.outcomes.issued;
    }
    std::vector<Bar> waits, arrivals;
    for (std::size_t hr = 0; hr < 24; ++hr) {
        if (waitCount[hr] == 0 && issued[hr] == 0) {
            continue;
        }
        std::string label = std::to_string(hr) + "h";
        waits.push_back({label, waitCount[hr] > 0 ? waitSum[hr] / waitCount[hr] / 60 : 0});
        arrivals.push_back({label, r.daysWithActivity > 0 ? issued[hr] / r.daysWithActivity : 0});
    }
    std::vector<Bar> fieldWaits, fieldShare;
    for (const auto& f : r.byField) {
        fieldWaits.push_back({f.name, f.wait.mean / 60});
        fieldShare.push_back({f.name, f.shareWithinTarget.value_or(0) * 100});
    }
    h += "<h2>Biểu đồ</h2>";
    h += svgBarChart("Chờ trung bình theo giờ", waits, "phút");
    h += svgBarChart("Lượt đến theo giờ, trung bình một ngày", arrivals, "phiếu");
    h += svgBarChart("Chờ trung bình theo lĩnh vực", fieldWaits, "phút");
    h += svgBarChart("Tỷ lệ gọi trong chỉ tiêu theo lĩnh vực", fieldShare, "%");
    for (const auto& table : reportTables(r)) {
        if (table.id == "hours" || table.id == "total") {
            continue;
        }
        h += htmlTable(table, table.id == "days" ? 62 : SIZE_MAX);
    }
    return h + "</body></html>\n";
}

} // namespace qmsd::reports
