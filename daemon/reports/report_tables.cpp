#include "reports/report_tables.hpp"

#include <charconv>

namespace qmsd::reports {
namespace {

std::optional<double> minutes(const DurationStats& s, double v) {
    return s.count > 0 ? std::optional<double>(v / 60.0) : std::nullopt;
}

std::optional<double> percent(std::optional<double> share) {
    return share ? std::optional<double>(*share * 100.0) : std::nullopt;
}

std::vector<std::string> breakdownHeaders(std::vector<std::string> keys) {
    for (const char* h : {"Cấp phiếu", "Đã phục vụ", "Vắng mặt", "Đã hủy", "Hết hạn", "Chuyển đi", "Chưa xong",
                          "Lượt chờ", "Chờ TB (phút)", "Chờ trung vị (phút)", "Chờ P90 (phút)",
                          "Trong chỉ tiêu (%)", "Phục vụ TB (phút)", "Phục vụ trung vị (phút)",
                          "Phục vụ P90 (phút)", "Số đánh giá", "Tỷ lệ đánh giá (%)", "Hài lòng (%)",
                          "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Lượt có dự báo", "Sai số dự báo TB (phút)", "Chờ hơn dự báo TB (phút)",
                          "Dự báo đúng ±5 phút (%)"}) {
        keys.emplace_back(h);
    }
    return keys;
}

void appendBreakdown(std::vector<Cell>& row, const Breakdown& b) {
    const Outcomes& o = b.outcomes;
    for (int v : {o.issued, o.served, o.noShow, o.cancelled, o.expired, o.transferred, o.stillOpen, b.wait.count}) {
        row.push_back(Cell::of(static_cast<double>(v)));
    }
    row.push_back(Cell::of(minutes(b.wait, b.wait.mean)));
    row.push_back(Cell::of(minutes(b.wait, b.wait.median)));
    row.push_back(Cell::of(minutes(b.wait, b.wait.p90)));
    row.push_back(Cell::of(percent(b.shareWithinTarget)));
    row.push_back(Cell::of(minutes(b.service, b.service.mean)));
    row.push_back(Cell::of(minutes(b.service, b.service.median)));
    row.push_back(Cell::of(minutes(b.service, b.service.p90)));
    row.push_back(Cell::of(static_cast<double>(b.ratings.count)));
    row.push_back(Cell::of(percent(b.ratings.responseRate)));
    row.push_back(Cell::of(percent(b.ratings.shareSatisfied)));
    for (std::size_t i = b.ratings.levels.size(); i-- > 0;) { // Rất hài lòng first, as the form shows them
        row.push_back(Cell::of(static_cast<double>(b.ratings.levels[i])));
    }
    const EstimateAccuracy& e = b.estimate;
    auto estimateMinutes = [&e](double seconds) {
        return e.count > 0 ? std::optional<double>(seconds / 60.0) : std::nullopt;
    };
    row.push_back(Cell::of(static_cast<double>(e.count)));
    row.push_back(Cell::of(estimateMinutes(e.meanAbsError)));
    row.push_back(Cell::of(estimateMinutes(e.bias)));
    row.push_back(Cell::of(percent(e.shareWithinFiveMinutes)));
}

Table breakdownTable(std::string id, std::string title, std::string keyHeader, const std::vector<Breakdown>& rows,
                     bool withName) {
    Table t{std::move(id), std::move(title), {}, {}};
    std::vector<std::string> keys{std::move(keyHeader)};
    if (withName) {
        keys.emplace_back("Tên");
    }
    t.headers = breakdownHeaders(std::move(keys));
    for (const auto& b : rows) {
        std::vector<Cell> row{Cell::of(b.key)};
        if (withName) {
            row.push_back(Cell::of(b.name));
        }
        appendBreakdown(row, b);
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace

std::string formatNumber(double v, int decimals) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) {
        return "";
    }
    std::string s(buf, end);
    return s == "-0" || s.find_first_not_of("-0.") == std::string::npos ? s.substr(s[0] == '-' ? 1 : 0) : s;
}

const char* weekdayName(int weekday) {
    static constexpr const char* kNames[] = {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
                                             "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"};
    return weekday >= 0 && weekday < 7 ? kNames[weekday] : "";
}

std::vector<Table> reportTables(const Report& r) {
    std::vector<Table> out;
    std::vector<Breakdown> total{r.total};
    total[0].key = r.range.from + " – " + r.range.to;
    out.push_back(breakdownTable("total", "Tổng hợp", "Khoảng thời gian", total, true));
    out.push_back(breakdownTable("fields", "Theo lĩnh vực", "Mã lĩnh vực", r.byField, true));
    out.push_back(breakdownTable("counters", "Theo quầy", "Quầy", r.byCounter, true));
    out.push_back(breakdownTable("staff", "Theo cán bộ", "Mã cán bộ", r.byStaff, true));
    out.push_back(breakdownTable("days", "Theo ngày", "Ngày", r.byDay, false));

    Table hours{"hours", "Theo giờ trong tuần", {}, {}};
    hours.headers = breakdownHeaders({"Thứ", "Giờ"});
    for (const auto& h : r.byHour) {
        std::vector<Cell> row{Cell::of(weekdayName(h.weekday)),
                              Cell::of(formatNumber(h.hour, 0) + ":00–" + formatNumber(h.hour + 1, 0) + ":00")};
        appendBreakdown(row, h.stats);
        hours.rows.push_back(std::move(row));
    }
    out.push_back(std::move(hours));

    Table pauses{"pauses", "Tạm dừng theo lý do", {"Quầy", "Lý do", "Tên lý do", "Số lần", "Thời gian (phút)"}, {}};
    for (const auto& p : r.pauses) {
        pauses.rows.push_back({Cell::of(static_cast<double>(p.counter)), Cell::of(p.reason), Cell::of(p.reasonName),
                               Cell::of(static_cast<double>(p.count)), Cell::of(p.seconds / 60.0, 1)});
    }
    out.push_back(std::move(pauses));

    Table times{"counter_time",
                "Thời gian quầy",
                {"Quầy", "Tên", "Mở (phút)", "Có khách (phút)", "Tạm dừng (phút)", "Rảnh khi có người chờ (phút)"},
                {}};
    for (const auto& c : r.counterTime) {
        times.rows.push_back({Cell::of(static_cast<double>(c.counter)), Cell::of(c.name),
                              Cell::of(c.openSeconds / 60.0, 1), Cell::of(c.busySeconds / 60.0, 1),
                              Cell::of(c.pausedSeconds / 60.0, 1), Cell::of(c.idleWhileWaitingSeconds / 60.0, 1)});
    }
    out.push_back(std::move(times));
    return out;
}

std::vector<Table> staffingTables(const StaffingHistory& s) {
    Table t{"staffing",
            "Nhu cầu quầy",
            {"Mã lĩnh vực", "Lĩnh vực", "Thứ", "Giờ", "Đến/giờ", "Đến/giờ (trễ 1 lượt phục vụ)",
             "Phục vụ TB (phút)", "Tải (Erlang)", "Quầy mở TB", "Quầy đề xuất", "Dự báo trong chỉ tiêu (%)"},
            {}};
    for (const auto& f : s.fields) {
        for (const auto& h : f.hours) {
            t.rows.push_back({Cell::of(f.field), Cell::of(f.name), Cell::of(weekdayName(h.weekday)),
                              Cell::of(static_cast<double>(h.hour)), Cell::of(h.arrivalsPerHour, 2),
                              Cell::of(h.laggedArrivalsPerHour, 2), Cell::of(h.meanServiceMinutes, 1),
                              Cell::of(h.loadErlangs, 2), Cell::of(h.countersOpen, 2),
                              Cell::of(static_cast<double>(h.recommended)),
                              Cell::of(h.predictedShareWithOpen ? std::optional<double>(*h.predictedShareWithOpen * 100)
                                                                : std::nullopt)});
        }
    }
    return {t};
}

std::vector<Table> summaryTables(const PeriodSummary& s) {
    std::vector<Table> out;
    Table trend{"trend",
                "Xu hướng",
                {"Chỉ số", "Tên", s.period.range.from + " – " + s.period.range.to,
                 s.period.previous.from + " – " + s.period.previous.to, "Chênh lệch", "Thay đổi (%)"},
                {}};
    for (const auto& t : s.trend) {
        trend.rows.push_back({Cell::of(t.metric), Cell::of(t.name), Cell::of(t.current, 2), Cell::of(t.previous, 2),
                              Cell::of(t.delta, 2), Cell::of(t.percent, 1)});
    }
    out.push_back(std::move(trend));
    out.push_back(breakdownTable("worst_fields", "Lĩnh vực cần chú ý", "Mã lĩnh vực", s.worstFields, true));
    Table hours{"worst_hours", "Giờ chờ lâu nhất", {}, {}};
    hours.headers = breakdownHeaders({"Thứ", "Giờ"});
    for (const auto& h : s.worstHours) {
        std::vector<Cell> row{Cell::of(weekdayName(h.weekday)), Cell::of(static_cast<double>(h.hour))};
        appendBreakdown(row, h.stats);
        hours.rows.push_back(std::move(row));
    }
    out.push_back(std::move(hours));
    return out;
}

} // namespace qmsd::reports
