#include "reports/period_summary.hpp"

#include "clock/office_clock.hpp"

#include <algorithm>
#include <chrono>

namespace qmsd::reports {
namespace {

using namespace std::chrono;

std::optional<double> opt(bool present, double v) { return present ? std::optional<double>(v) : std::nullopt; }

std::optional<double> percentOf(std::optional<double> share) {
    return share ? std::optional<double>(*share * 100) : std::nullopt;
}

} // namespace

TrendRow trendRow(std::string metric, std::string name, std::optional<double> cur, std::optional<double> prev) {
    TrendRow r{std::move(metric), std::move(name), cur, prev, std::nullopt, std::nullopt};
    if (cur && prev) {
        r.delta = *cur - *prev;
        if (*prev != 0) {
            r.percent = (*cur - *prev) / *prev * 100.0;
        }
    }
    return r;
}

Result<Period> periodContaining(PeriodKind kind, const std::string& day) {
    auto d = calendarDay(day);
    if (!d) {
        return makeError(ErrorCode::invalidArgument, "'" + day + "' is not a date YYYY-MM-DD");
    }
    sys_days first;
    sys_days last;
    if (kind == PeriodKind::week) {
        auto sinceMonday = (weekday{*d} - Monday).count();
        first = *d - days{sinceMonday};
        last = first + days{6};
    } else {
        year_month_day ymd{*d};
        first = sys_days{ymd.year() / ymd.month() / 1};
        last = sys_days{ymd.year() / ymd.month() / std::chrono::last};
    }
    auto length = (last - first).count() + 1;
    Period p;
    p.kind = kind;
    p.range = {dayText(first), dayText(last)};
    p.previous = {dayText(first - days{length}), dayText(first - days{1})};
    return p;
}

Totals totalsOf(const Breakdown& b) {
    Totals t;
    t.outcomes = b.outcomes;
    t.meanWaitSeconds = opt(b.wait.count > 0, b.wait.mean);
    t.p90WaitSeconds = opt(b.wait.count > 0, b.wait.p90);
    t.meanServiceSeconds = opt(b.service.count > 0, b.service.mean);
    t.shareWithinTarget = b.shareWithinTarget;
    t.ratings = b.ratings.count;
    t.ratingResponseRate = b.ratings.responseRate;
    t.shareSatisfied = b.ratings.shareSatisfied;
    return t;
}

PeriodSummary summarize(const Period& period, const Report& current, const Report& previous) {
    PeriodSummary s;
    s.period = period;
    s.current = totalsOf(current.total);
    s.previous = totalsOf(previous.total);
    const Totals& c = s.current;
    const Totals& p = s.previous;
    s.trend = {
        trendRow("issued", "Đã cấp", c.outcomes.issued, p.outcomes.issued),
        trendRow("served", "Đã phục vụ", c.outcomes.served, p.outcomes.served),
        trendRow("no_show", "Vắng mặt", c.outcomes.noShow, p.outcomes.noShow),
        trendRow("cancelled", "Đã hủy", c.outcomes.cancelled, p.outcomes.cancelled),
        trendRow("mean_wait_seconds", "Chờ TB (giây)", c.meanWaitSeconds, p.meanWaitSeconds),
        trendRow("p90_wait_seconds", "Chờ P90 (giây)", c.p90WaitSeconds, p.p90WaitSeconds),
        trendRow("mean_service_seconds", "Phục vụ TB (giây)", c.meanServiceSeconds, p.meanServiceSeconds),
        trendRow("share_within_target", "Trong chỉ tiêu (%)",
                 c.shareWithinTarget ? std::optional<double>(*c.shareWithinTarget * 100) : std::nullopt,
                 p.shareWithinTarget ? std::optional<double>(*p.shareWithinTarget * 100) : std::nullopt),
        trendRow("ratings", "Số lượt đánh giá", c.ratings, p.ratings),
        trendRow("rating_response_rate", "Tỷ lệ công dân đánh giá (%)", percentOf(c.ratingResponseRate),
                 percentOf(p.ratingResponseRate)),
        trendRow("rating_share_satisfied", "Tỷ lệ hài lòng (%)", percentOf(c.shareSatisfied),
                 percentOf(p.shareSatisfied)),
    };
    for (const auto& f : current.byField) {
        if (f.shareWithinTarget) {
            s.worstFields.push_back(f);
        }
    }
    std::sort(s.worstFields.begin(), s.worstFields.end(), [](const Breakdown& a, const Breakdown& b) {
        if (*a.shareWithinTarget != *b.shareWithinTarget) {
            return *a.shareWithinTarget < *b.shareWithinTarget;
        }
        return a.wait.p90 > b.wait.p90;
    });
    if (s.worstFields.size() > kWorstFields) {
        s.worstFields.resize(kWorstFields);
    }
    for (const auto& h : current.byHour) {
        if (h.stats.wait.count >= kMinWaitsForWorstHour) {
            s.worstHours.push_back(h);
        }
    }
    std::sort(s.worstHours.begin(), s.worstHours.end(), [](const HourCell& a, const HourCell& b) {
        return a.stats.wait.mean > b.stats.wait.mean;
    });
    if (s.worstHours.size() > kWorstHours) {
        s.worstHours.resize(kWorstHours);
    }
    return s;
}

Result<PeriodSummary> summarizePeriod(SQLite::Database& db, const OfficeConfig& cfg, PeriodKind kind,
                                      const std::string& day, const ReportOptions& base) {
    auto period = periodContaining(kind, day);
    if (!period) {
        return period.error();
    }
    ReportOptions opt = base;
    opt.range = period->range;
    auto current = queryReport(db, cfg, opt);
    if (!current) {
        return current.error();
    }
    opt.range = period->previous;
    auto previous = queryReport(db, cfg, opt);
    if (!previous) {
        return previous.error();
    }
    return summarize(*period, *current, *previous);
}

} // namespace qmsd::reports
