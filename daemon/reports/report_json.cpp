#include "reports/report_json.hpp"

#include "engine/rating.hpp"

namespace qmsd::reports {
namespace {

using Json = nlohmann::json;

Json orNull(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json durationJson(const DurationStats& d) {
    if (d.count == 0) {
        return Json{{"count", 0}, {"mean_seconds", nullptr}, {"median_seconds", nullptr}, {"p90_seconds", nullptr}};
    }
    return Json{{"count", d.count}, {"mean_seconds", d.mean}, {"median_seconds", d.median}, {"p90_seconds", d.p90}};
}

} // namespace

nlohmann::json ratingsJson(const Ratings& r) {
    Json levels = Json::object();
    Json questions = Json::object();
    for (int level = 1; level <= kRatingLevels; ++level) {
        levels[std::string(ratingLevelName(level))] = r.levels[static_cast<std::size_t>(level - 1)];
    }
    for (const auto& [id, counts] : r.questions) {
        Json q = Json::object();
        int n = 0;
        for (int level = 1; level <= kRatingLevels; ++level) {
            q[std::string(ratingLevelName(level))] = counts[static_cast<std::size_t>(level - 1)];
            n += counts[static_cast<std::size_t>(level - 1)];
        }
        q["responses"] = n;
        q["share_satisfied"] = n > 0 ? Json(static_cast<double>(counts[2] + counts[3]) / n) : Json(nullptr);
        questions[id] = std::move(q);
    }
    return Json{{"count", r.count},
                {"response_rate", orNull(r.responseRate)},
                {"share_satisfied", orNull(r.shareSatisfied)},
                {"levels", std::move(levels)},
                {"channels", Json{{"phone", r.channels[0]}, {"screen", r.channels[1]}, {"box", r.channels[2]}}},
                {"questions", std::move(questions)}};
}

Json breakdownJson(const Breakdown& b) {
    const Outcomes& o = b.outcomes;
    return Json{{"key", b.key},
                {"name", b.name},
                {"issued", o.issued},
                {"served", o.served},
                {"no_show", o.noShow},
                {"cancelled", o.cancelled},
                {"expired", o.expired},
                {"transferred", o.transferred},
                {"still_open", o.stillOpen},
                {"wait", durationJson(b.wait)},
                {"service", durationJson(b.service)},
                {"within_target", b.withinTarget},
                {"missed_target", b.missedTarget},
                {"share_within_target", orNull(b.shareWithinTarget)},
                {"ratings", ratingsJson(b.ratings)},
                {"estimate",
                 Json{{"count", b.estimate.count},
                      {"mean_abs_error_seconds", b.estimate.count > 0 ? Json(b.estimate.meanAbsError) : Json(nullptr)},
                      {"bias_seconds", b.estimate.count > 0 ? Json(b.estimate.bias) : Json(nullptr)},
                      {"within_five_minutes", b.estimate.withinFiveMinutes},
                      {"share_within_five_minutes", orNull(b.estimate.shareWithinFiveMinutes)}}}};
}

Json breakdownsJson(const std::vector<Breakdown>& rows) {
    Json a = Json::array();
    for (const auto& b : rows) {
        a.push_back(breakdownJson(b));
    }
    return a;
}

Json hourCellsJson(const std::vector<HourCell>& cells) {
    Json a = Json::array();
    for (const auto& c : cells) {
        Json j = breakdownJson(c.stats);
        j.erase("key");
        j.erase("name");
        j["weekday"] = c.weekday;
        j["hour"] = c.hour;
        a.push_back(std::move(j));
    }
    return a;
}

namespace {

Json totalsJson(const Totals& t) {
    const Outcomes& o = t.outcomes;
    return Json{{"issued", o.issued},
                {"served", o.served},
                {"no_show", o.noShow},
                {"cancelled", o.cancelled},
                {"expired", o.expired},
                {"transferred", o.transferred},
                {"mean_wait_seconds", orNull(t.meanWaitSeconds)},
                {"p90_wait_seconds", orNull(t.p90WaitSeconds)},
                {"mean_service_seconds", orNull(t.meanServiceSeconds)},
                {"share_within_target", orNull(t.shareWithinTarget)},
                {"ratings", t.ratings},
                {"rating_response_rate", orNull(t.ratingResponseRate)},
                {"share_satisfied", orNull(t.shareSatisfied)}};
}

} // namespace

nlohmann::json reportJson(const Report& r) {
    Json pauses = Json::array();
    for (const auto& p : r.pauses) {
        pauses.push_back(Json{{"counter", p.counter},
                              {"reason", p.reason},
                              {"reason_name", p.reasonName},
                              {"count", p.count},
                              {"seconds", p.seconds}});
    }
    Json counterTime = Json::array();
    for (const auto& c : r.counterTime) {
        counterTime.push_back(Json{{"counter", c.counter},
                                   {"name", c.name},
                                   {"open_seconds", c.openSeconds},
                                   {"busy_seconds", c.busySeconds},
                                   {"paused_seconds", c.pausedSeconds},
                                   {"idle_while_waiting_seconds", c.idleWhileWaitingSeconds}});
    }
    Json out = keyedReportJson(r, breakdownJson);
    out["days_with_activity"] = r.daysWithActivity;
    out["hours"] = hourCellsJson(r.byHour);
    out["pauses"] = std::move(pauses);
    out["counter_time"] = std::move(counterTime);
    return out;
}

nlohmann::json staffingJson(const StaffingHistory& s) {
    Json fields = Json::array();
    for (const auto& f : s.fields) {
        Json hours = Json::array();
        for (const auto& h : f.hours) {
            hours.push_back(Json{{"weekday", h.weekday},
                                 {"hour", h.hour},
                                 {"arrivals_per_hour", h.arrivalsPerHour},
                                 {"lagged_arrivals_per_hour", h.laggedArrivalsPerHour},
                                 {"mean_service_minutes", orNull(h.meanServiceMinutes)},
                                 {"load_erlangs", h.loadErlangs},
                                 {"counters_open", h.countersOpen},
                                 {"recommended", h.recommended},
                                 {"predicted_share_with_open", orNull(h.predictedShareWithOpen)}});
        }
        fields.push_back(Json{{"field", f.field},
                              {"name", f.name},
                              {"target_minutes", f.target.targetMinutes},
                              {"target_share", f.target.share},
                              {"mean_service_minutes", f.meanServiceMinutes},
                              {"hours", std::move(hours)}});
    }
    return Json{{"from", s.range.from}, {"to", s.range.to}, {"fields", std::move(fields)}};
}

nlohmann::json trendJson(const std::vector<TrendRow>& rows) {
    Json trend = Json::array();
    for (const auto& t : rows) {
        trend.push_back(Json{{"metric", t.metric},
                             {"name", t.name},
                             {"current", orNull(t.current)},
                             {"previous", orNull(t.previous)},
                             {"delta", orNull(t.delta)},
                             {"percent", orNull(t.percent)}});
    }
    return trend;
}

nlohmann::json summaryJson(const PeriodSummary& s) {
    Json trend = trendJson(s.trend);
    return Json{{"period", s.period.kind == PeriodKind::week ? "week" : "month"},
                {"from", s.period.range.from},
                {"to", s.period.range.to},
                {"previous_from", s.period.previous.from},
                {"previous_to", s.period.previous.to},
                {"current", totalsJson(s.current)},
                {"previous", totalsJson(s.previous)},
                {"trend", std::move(trend)},
                {"worst_fields", breakdownsJson(s.worstFields)},
                {"worst_hours", hourCellsJson(s.worstHours)}};
}

} // namespace qmsd::reports
