#include "reports/satisfaction_output.hpp"

#include "clock/office_clock.hpp"
#include "engine/rating.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"

namespace qmsd::reports {
namespace {

using Json = nlohmann::json;

Json orNull(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

std::optional<double> percent(std::optional<double> share) {
    return share ? std::optional<double>(*share * 100) : std::nullopt;
}

// Percentage points between two shares, when both exist.
std::optional<double> pointsBetween(const std::optional<double>& now, const std::optional<double>& before) {
    return now && before ? std::optional<double>((*now - *before) * 100) : std::nullopt;
}

Json rowJson(const SatisfactionRow& r) {
    Json j{{"key", r.key}, {"name", r.name}, {"served", r.served}, {"ratings", ratingsJson(r.ratings)}};
    if (r.previous) {
        j["previous"] = Json{{"served", r.previousServed.value_or(0)},
                             {"responses", r.previous->count},
                             {"response_rate", orNull(r.previous->responseRate)},
                             {"share_satisfied", orNull(r.previous->shareSatisfied)}};
        j["share_satisfied_change_points"] = orNull(pointsBetween(r.ratings.shareSatisfied, r.previous->shareSatisfied));
    } else {
        j["previous"] = nullptr;
        j["share_satisfied_change_points"] = nullptr;
    }
    return j;
}

Json rowsJson(const std::vector<SatisfactionRow>& rows) {
    Json a = Json::array();
    for (const auto& r : rows) {
        a.push_back(rowJson(r));
    }
    return a;
}

std::string fieldName(const OfficeConfig& cfg, const std::string& id) {
    const FieldConfig* f = cfg.field(id);
    return f != nullptr ? f->name : id;
}

std::vector<std::string> rowHeaders(std::vector<std::string> keys) {
    for (const char* h : {"Đã phục vụ", "Số đánh giá", "Tỷ lệ đánh giá (%)", "Hài lòng (%)", "Rất hài lòng", "Hài lòng",
                          "Bình thường", "Không hài lòng", "Qua điện thoại", "Tại màn hình quầy", "Hộp đánh giá",
                          "Hài lòng kỳ trước (%)", "Thay đổi (điểm %)"}) {
        keys.emplace_back(h);
    }
    return keys;
}

std::vector<Cell> rowCells(const SatisfactionRow& r, bool withName) {
    std::vector<Cell> row{Cell::of(r.key)};
    if (withName) {
        row.push_back(Cell::of(r.name));
    }
    row.push_back(Cell::of(static_cast<double>(r.served)));
    row.push_back(Cell::of(static_cast<double>(r.ratings.count)));
    row.push_back(Cell::of(percent(r.ratings.responseRate)));
    row.push_back(Cell::of(percent(r.ratings.shareSatisfied)));
    for (std::size_t i = r.ratings.levels.size(); i-- > 0;) {
        row.push_back(Cell::of(static_cast<double>(r.ratings.levels[i])));
    }
    for (int n : r.ratings.channels) {
        row.push_back(Cell::of(static_cast<double>(n)));
    }
    row.push_back(Cell::of(r.previous ? percent(r.previous->shareSatisfied) : std::nullopt));
    row.push_back(Cell::of(r.previous ? pointsBetween(r.ratings.shareSatisfied, r.previous->shareSatisfied)
                                      : std::nullopt));
    return row;
}

Table rowTable(std::string id, std::string title, std::string keyHeader, const std::vector<SatisfactionRow>& rows,
               bool withName) {
    std::vector<std::string> keys{std::move(keyHeader)};
    if (withName) {
        keys.emplace_back("Tên");
    }
    Table t{std::move(id), std::move(title), rowHeaders(std::move(keys)), {}};
    for (const auto& r : rows) {
        t.rows.push_back(rowCells(r, withName));
    }
    return t;
}

std::string localTime(const OfficeConfig& cfg, std::int64_t atMs, bool iso) {
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    if (!clock) {
        return {};
    }
    return iso ? clock->formatIso(fromMillis(atMs)) : clock->formatHourMinute(fromMillis(atMs));
}

} // namespace

nlohmann::json satisfactionJson(const SatisfactionReport& s, const OfficeConfig& cfg) {
    Json questions = Json::array();
    for (const auto& q : s.questions) {
        Json levels = Json::object();
        for (int level = 1; level <= kRatingLevels; ++level) {
            levels[std::string(ratingLevelName(level))] = q.levels[static_cast<std::size_t>(level - 1)];
        }
        questions.push_back(Json{{"id", q.id},
                                 {"element", q.element.empty() ? Json(nullptr) : Json(q.element)},
                                 {"element_name", q.element.empty() ? Json(nullptr) : Json(elementName(q.element))},
                                 {"text", q.text},
                                 {"text_en", q.textEn},
                                 {"responses", q.responses},
                                 {"levels", std::move(levels)},
                                 {"share_satisfied", orNull(q.shareSatisfied)},
                                 {"previous_share_satisfied", orNull(q.previousShareSatisfied)}});
    }
    Json trend = trendJson(s.trend);
    Json comments = Json::array();
    for (const auto& c : s.comments) {
        comments.push_back(Json{{"day", c.day},
                                {"at", localTime(cfg, c.atMs, true)},
                                {"code", c.code},
                                {"field", c.field},
                                {"field_name", fieldName(cfg, c.field)},
                                {"counter", c.counter == 0 ? Json(nullptr) : Json(c.counter)},
                                {"counter_name", c.counter == 0 ? Json(nullptr) : Json(cfg.counterName(c.counter))},
                                {"staff", c.staff.empty() ? Json(nullptr) : Json(c.staff)},
                                {"staff_name", c.staff.empty() ? Json(nullptr) : Json(cfg.staffName(c.staff))},
                                {"level", ratingLevelName(c.level)},
                                {"comment", c.text}});
    }
    Json out = keyedReportJson(s, rowJson);
    out["previous_from"] = s.previousRange.from;
    out["previous_to"] = s.previousRange.to;
    out["weeks"] = rowsJson(s.byWeek);
    out["months"] = rowsJson(s.byMonth);
    out["questions"] = std::move(questions);
    out["trend"] = std::move(trend);
    out["comments"] = std::move(comments);
    return out;
}

std::vector<Table> satisfactionTables(const SatisfactionReport& s, const OfficeConfig& cfg) {
    std::vector<Table> out;
    Table trend{"trend",
                "Xu hướng",
                {"Chỉ số", "Tên", s.range.from + " – " + s.range.to, s.previousRange.from + " – " + s.previousRange.to,
                 "Chênh lệch", "Thay đổi (%)"},
                {}};
    for (const auto& t : s.trend) {
        trend.rows.push_back({Cell::of(t.metric), Cell::of(t.name), Cell::of(t.current, 1), Cell::of(t.previous, 1),
                              Cell::of(t.delta, 1), Cell::of(t.percent, 1)});
    }
    out.push_back(std::move(trend));
    std::vector<SatisfactionRow> total{s.total};
    out.push_back(rowTable("total", "Tổng hợp", "Khoảng thời gian", total, true));
    out.push_back(rowTable("fields", "Theo lĩnh vực", "Mã lĩnh vực", s.byField, true));
    out.push_back(rowTable("counters", "Theo quầy", "Quầy", s.byCounter, true));
    out.push_back(rowTable("staff", "Theo cán bộ", "Mã cán bộ", s.byStaff, true));
    out.push_back(rowTable("days", "Theo ngày", "Ngày", s.byDay, false));
    out.push_back(rowTable("weeks", "Theo tuần", "Tuần (thứ Hai)", s.byWeek, true));
    out.push_back(rowTable("months", "Theo tháng", "Tháng", s.byMonth, true));

    Table questions{"questions",
                    "Theo câu hỏi",
                    {"Mã câu hỏi", "Nhóm tiêu chí (SIPAS)", "Câu hỏi", "Số trả lời", "Rất hài lòng", "Hài lòng",
                     "Bình thường", "Không hài lòng", "Hài lòng (%)", "Hài lòng kỳ trước (%)"},
                    {}};
    for (const auto& q : s.questions) {
        std::vector<Cell> row{Cell::of(q.id), Cell::of(q.element.empty() ? std::string{} : elementName(q.element)),
                              Cell::of(q.text), Cell::of(static_cast<double>(q.responses))};
        for (std::size_t i = q.levels.size(); i-- > 0;) {
            row.push_back(Cell::of(static_cast<double>(q.levels[i])));
        }
        row.push_back(Cell::of(percent(q.shareSatisfied)));
        row.push_back(Cell::of(percent(q.previousShareSatisfied)));
        questions.rows.push_back(std::move(row));
    }
    out.push_back(std::move(questions));

    Table comments{"comments",
                   "Góp ý của công dân",
                   {"Ngày", "Giờ", "Số phiếu", "Lĩnh vực", "Quầy", "Cán bộ", "Mức đánh giá", "Góp ý"},
                   {}};
    for (const auto& c : s.comments) {
        comments.rows.push_back({Cell::of(c.day), Cell::of(localTime(cfg, c.atMs, false)), Cell::of(c.code),
                                 Cell::of(fieldName(cfg, c.field)),
                                 Cell::of(c.counter == 0 ? std::string{} : cfg.counterName(c.counter)),
                                 Cell::of(c.staff.empty() ? std::string{} : cfg.staffName(c.staff)),
                                 Cell::of(std::string(ratingLevelVi(c.level))), Cell::of(c.text)});
    }
    out.push_back(std::move(comments));
    return out;
}

std::string satisfactionHtml(const SatisfactionReport& s, const OfficeConfig& cfg) {
    std::string title = "Mức độ hài lòng của công dân " + s.range.from + " – " + s.range.to;
    const Ratings& r = s.total.ratings;
    auto pct = [](std::optional<double> share) {
        return share ? formatNumber(*share * 100, 1) + "%" : std::string("—");
    };
    std::string change = "—";
    if (auto points = s.total.previous ? pointsBetween(r.shareSatisfied, s.total.previous->shareSatisfied)
                                       : std::nullopt) {
        change = (*points >= 0 ? "+" : "") + formatNumber(*points, 1) + " điểm %";
    }
    std::string body = "<h1>" + htmlEscape(cfg.office.name) + "</h1><p class=\"sub\">" + htmlEscape(title) +
                       " · so với " + htmlEscape(s.previousRange.from + " – " + s.previousRange.to) + "</p>";
    body += "<div class=\"kpi\">" + kpi("Đã phục vụ", formatNumber(s.total.served, 0)) +
            kpi("Số đánh giá", formatNumber(r.count, 0)) + kpi("Tỷ lệ đánh giá", pct(r.responseRate)) +
            kpi("Hài lòng", pct(r.shareSatisfied)) + kpi("So với kỳ trước", change) + "</div>";
    std::vector<Bar> fields;
    for (const auto& f : s.byField) {
        if (f.ratings.count > 0) {
            fields.push_back({f.name, f.ratings.shareSatisfied.value_or(0) * 100});
        }
    }
    std::vector<Bar> levels;
    for (int level = kRatingLevels; level >= 1; --level) {
        levels.push_back({std::string(ratingLevelVi(level)), static_cast<double>(r.levels[static_cast<std::size_t>(level - 1)])});
    }
    body += svgBarChart("Số đánh giá theo mức", levels, "lượt");
    body += svgBarChart("Tỷ lệ hài lòng theo lĩnh vực", fields, "%");
    for (const auto& table : satisfactionTables(s, cfg)) {
        if (table.id == "total") {
            continue;
        }
        body += htmlTable(table, table.id == "days" ? 62 : SIZE_MAX);
    }
    return htmlDocument(title, body);
}

} // namespace qmsd::reports
