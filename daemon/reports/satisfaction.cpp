#include "reports/satisfaction.hpp"

#include "clock/office_clock.hpp"
#include "engine/rating.hpp"
#include "reports/duration_stats.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace qmsd::reports {
namespace {

using namespace std::chrono;

std::string mondayOf(const std::string& day) {
    auto d = calendarDay(day);
    if (!d) {
        return day;
    }
    return dayText(*d - days{(weekday{*d} - Monday).count()});
}

const Breakdown* findRow(const std::vector<Breakdown>& rows, const std::string& key) {
    auto it = std::find_if(rows.begin(), rows.end(), [&key](const Breakdown& b) { return b.key == key; });
    return it == rows.end() ? nullptr : &*it;
}

bool hasAny(const Breakdown* b) { return b != nullptr && (b->outcomes.served > 0 || b->ratings.count > 0); }

SatisfactionRow rowOf(const Breakdown& b, const Breakdown* previous) {
    SatisfactionRow r{b.key, b.name, b.outcomes.served, b.ratings, std::nullopt, std::nullopt};
    if (previous != nullptr) {
        r.previousServed = previous->outcomes.served;
        r.previous = previous->ratings;
    }
    return r;
}

// Rows keyed like the current report's, each against the same key before.
std::vector<SatisfactionRow> keyedRows(const std::vector<Breakdown>& current, const std::vector<Breakdown>& previous,
                                       bool keepEmpty) {
    std::vector<SatisfactionRow> out;
    for (const auto& b : current) {
        const Breakdown* before = findRow(previous, b.key);
        if (keepEmpty || hasAny(&b) || hasAny(before)) {
            out.push_back(rowOf(b, before));
        }
    }
    return out;
}

// Days into weeks or months; each row against the one just before when it is adjacent.
std::vector<SatisfactionRow> groupedRows(const std::vector<Breakdown>& days, bool byMonth) {
    std::map<std::string, SatisfactionRow> groups;
    for (const auto& d : days) {
        std::string key = byMonth ? d.key.substr(0, 7) : mondayOf(d.key);
        SatisfactionRow& g = groups[key];
        g.key = key;
        g.name = byMonth ? monthLabel(key) : weekLabel(key);
        g.served += d.outcomes.served;
        addRatings(g.ratings, d.ratings);
    }
    std::vector<SatisfactionRow> out;
    for (auto& [key, g] : groups) {
        finishRatings(g.ratings, g.served);
        if (!out.empty()) {
            const SatisfactionRow& before = out.back();
            bool adjacent = false;
            if (byMonth) {
                auto a = calendarDay(before.key + "-01");
                auto b = calendarDay(key + "-01");
                adjacent = a && b && year_month_day{*a}.year() / year_month_day{*a}.month() + months{1} ==
                                         year_month_day{*b}.year() / year_month_day{*b}.month();
            } else {
                auto a = calendarDay(before.key);
                auto b = calendarDay(key);
                adjacent = a && b && *b - *a == std::chrono::days{7};
            }
            if (adjacent) {
                g.previousServed = before.served;
                g.previous = before.ratings;
            }
        }
        out.push_back(std::move(g));
    }
    return out;
}

std::optional<double> percent(std::optional<double> share) {
    return share ? std::optional<double>(*share * 100) : std::nullopt;
}

std::optional<double> levelShare(const Ratings& r, int index) {
    return r.count > 0 ? std::optional<double>(100.0 * r.levels[static_cast<std::size_t>(index)] / r.count)
                       : std::nullopt;
}

std::optional<double> questionShare(const Ratings& r, const std::string& id, int* responses = nullptr) {
    auto it = r.questions.find(id);
    if (it == r.questions.end()) {
        return std::nullopt;
    }
    int n = 0;
    for (int v : it->second) {
        n += v;
    }
    if (responses != nullptr) {
        *responses = n;
    }
    return n > 0 ? std::optional<double>(static_cast<double>(it->second[2] + it->second[3]) / n) : std::nullopt;
}

} // namespace

DayRange previousRangeOf(const DayRange& range) {
    auto from = calendarDay(range.from);
    auto to = calendarDay(range.to);
    if (!from || !to || *to < *from) {
        return range;
    }
    auto length = (*to - *from) + days{1};
    return DayRange{dayText(*from - length), dayText(*from - days{1})};
}

std::string weekLabel(const std::string& monday) {
    return monday.size() == 10 ? "Tuần " + monday.substr(8, 2) + "/" + monday.substr(5, 2) + "/" + monday.substr(0, 4)
                               : monday;
}

std::string monthLabel(const std::string& month) {
    return month.size() == 7 ? "Tháng " + month.substr(5, 2) + "/" + month.substr(0, 4) : month;
}

std::string elementName(const std::string& element) {
    static const std::pair<std::string_view, std::string_view> kNames[] = {
        {"access", "Tiếp cận dịch vụ"},
        {"procedure", "Thủ tục hành chính"},
        {"officer", "Công chức giải quyết công việc"},
        {"result", "Kết quả giải quyết công việc"},
        {"feedback", "Tiếp nhận, xử lý góp ý, phản ánh"},
    };
    for (const auto& [id, name] : kNames) {
        if (id == element) {
            return std::string(name);
        }
    }
    return element;
}

SatisfactionReport satisfactionFrom(const Report& current, const Report& previous, const OfficeConfig& cfg) {
    SatisfactionReport s;
    s.range = current.range;
    s.previousRange = previous.range;
    s.daysInRange = current.daysInRange;
    s.total = rowOf(current.total, &previous.total);
    s.total.key = current.range.from + " – " + current.range.to;
    s.total.name = "Tổng";
    s.byField = keyedRows(current.byField, previous.byField, true);
    s.byCounter = keyedRows(current.byCounter, previous.byCounter, false);
    s.byStaff = keyedRows(current.byStaff, previous.byStaff, false);
    for (const auto& d : current.byDay) {
        if (hasAny(&d)) {
            s.byDay.push_back(rowOf(d, nullptr));
        }
    }
    s.byWeek = groupedRows(current.byDay, false);
    s.byMonth = groupedRows(current.byDay, true);

    std::vector<std::string> ids;
    for (const auto& q : cfg.ratingQuestions) {
        ids.push_back(q.id);
    }
    for (const auto& [id, counts] : current.total.ratings.questions) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(id); // answered under a question the config no longer has
        }
    }
    for (const auto& id : ids) {
        QuestionSummary q;
        q.id = id;
        auto configured = std::find_if(cfg.ratingQuestions.begin(), cfg.ratingQuestions.end(),
                                       [&id](const RatingQuestion& rq) { return rq.id == id; });
        if (configured != cfg.ratingQuestions.end()) {
            q.element = configured->element;
            q.text = configured->text;
            q.textEn = configured->textEn;
        } else {
            q.text = q.textEn = id;
        }
        if (auto it = current.total.ratings.questions.find(id); it != current.total.ratings.questions.end()) {
            q.levels = it->second;
        }
        q.shareSatisfied = questionShare(current.total.ratings, id, &q.responses);
        q.previousShareSatisfied = questionShare(previous.total.ratings, id);
        s.questions.push_back(std::move(q));
    }

    const Ratings& c = current.total.ratings;
    const Ratings& p = previous.total.ratings;
    s.trend = {
        trendRow("served", "Đã phục vụ", current.total.outcomes.served, previous.total.outcomes.served),
        trendRow("responses", "Số lượt đánh giá", c.count, p.count),
        trendRow("response_rate", "Tỷ lệ công dân đánh giá (%)", percent(c.responseRate), percent(p.responseRate)),
        trendRow("share_satisfied", "Tỷ lệ hài lòng (%)", percent(c.shareSatisfied), percent(p.shareSatisfied)),
    };
    for (int level = kRatingLevels; level >= 1; --level) {
        s.trend.push_back(trendRow("level_" + std::string(ratingLevelName(level)),
                                   std::string(ratingLevelVi(level)) + " (%)", levelShare(c, level - 1),
                                   levelShare(p, level - 1)));
    }
    for (const auto& q : s.questions) {
        s.trend.push_back(trendRow("question_" + q.id, q.text + " — hài lòng (%)", percent(q.shareSatisfied),
                                   percent(q.previousShareSatisfied)));
    }
    s.comments.assign(current.comments.rbegin(), current.comments.rend());
    return s;
}

Result<SatisfactionReport> querySatisfaction(const std::string& dbPath, const OfficeConfig& cfg,
                                             const ReportOptions& options) {
    auto current = queryReport(dbPath, cfg, options);
    if (!current) {
        return current.error();
    }
    ReportOptions before = options;
    before.range = previousRangeOf(options.range);
    auto previous = queryReport(dbPath, cfg, before);
    if (!previous) {
        return previous.error();
    }
    return satisfactionFrom(*current, *previous, cfg);
}

} // namespace qmsd::reports
