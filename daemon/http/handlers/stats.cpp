// GET /stats/fields: the leader's live per-field figures for today: the day's
// tallies, the sliding window's rates, Erlang C staffing and the flags.
#include "app/live_analytics.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <map>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

struct FieldTally {
    int issued = 0, served = 0, noShow = 0, cancelled = 0, transferredOut = 0, called = 0;
    double waitSeconds = 0;
};

// The day's counts of every field in one walk over the day's tickets.
std::map<std::string, FieldTally> tallyByField(const QueueEngine& engine) {
    std::map<std::string, FieldTally> out;
    for (const Ticket& ticket : engine.tickets()) {
        FieldTally& issuedIn = out[ticket.issueField];
        ++issuedIn.issued;
        issuedIn.transferredOut += ticket.field != ticket.issueField ? 1 : 0;
        FieldTally& t = out[ticket.field];
        // A call before queuedAt belongs to the ticket's visit to another field.
        if (ticket.calledAt != TimePoint{} && ticket.calledAt >= ticket.queuedAt()) {
            ++t.called;
            t.waitSeconds += std::chrono::duration<double>(ticket.calledAt - ticket.queuedAt()).count();
        }
        t.served += ticket.state == TicketState::finished ? 1 : 0;
        t.noShow += ticket.state == TicketState::noShow ? 1 : 0;
        t.cancelled += ticket.state == TicketState::cancelled ? 1 : 0;
    }
    return out;
}

Json optionalNumber(const std::optional<double>& v, double scale = 1) {
    return v ? Json(*v * scale) : Json(nullptr);
}

Json sharedJson(const FieldFigures& fig) {
    Json out = Json::array();
    for (const auto& c : fig.sharedCounters) {
        out.push_back(Json{{"counter", c.number}, {"name", c.name}, {"other_fields", c.otherFields}});
    }
    return out;
}

Json fieldStats(const ApiContext& ctx, const FieldConfig& f, const FieldFigures& fig, const FieldTally& t,
               TimePoint now) {
    const FlagTracker& flags = ctx.daemon.analytics().flags();
    FlagText reason = flags.reason(f.id);
    return Json{{"id", f.id},
                {"name", f.name},
                {"waiting", fig.waiting},
                {"head_wait_seconds", static_cast<std::int64_t>(fig.headWaitMinutes * 60)},
                {"issued", t.issued},
                {"served", t.served},
                {"no_show", t.noShow},
                {"cancelled", t.cancelled},
                {"transferred_out", t.transferredOut},
                {"mean_wait_seconds", t.called == 0 ? Json(nullptr) : Json(t.waitSeconds / t.called)},
                {"mean_service_seconds", fig.meanServiceMinutes * 60},
                {"open_counters", fig.countersServing},
                {"counter_share", fig.openCounters},
                {"idle_counters", fig.idleCounters},
                {"estimated_wait_minutes", fig.estimatedWaitMinutes
                                               ? Json(static_cast<int>(*fig.estimatedWaitMinutes + 0.5))
                                               : Json(nullptr)},
                {"wait", waitJson(ctx.estimator().newTicket(ctx.engine(), f.id, false, now))},
                {"people_ahead_of_new", fig.peopleAheadOfNew},
                {"target_wait_minutes", f.targetWaitMinutes},
                {"target_share", fig.target.share},
                {"arrivals_per_hour", fig.arrivalsPerMinute * 60},
                {"load_erlangs", fig.load},
                {"wait_probability", fig.waitProbability},
                {"predicted_service_level", fig.predictedServiceLevel},
                {"counters_needed", fig.countersNeeded},
                {"unstable", fig.unstable},
                {"calls_in_window", fig.callsInWindow},
                {"service_level", optionalNumber(fig.serviceLevel)},
                {"recent_mean_wait_seconds", optionalNumber(fig.recentMeanWaitMinutes, 60)},
                {"flag", flagLevelName(flags.level(f.id))},
                {"flag_since", flags.since(f.id) ? Json(ctx.time(*flags.since(f.id))) : Json(nullptr)},
                {"flag_held", flags.held(f.id)},
                {"shared_counters", sharedJson(fig)},
                {"arrivals_in_window", fig.arrivalsInWindow},
                {"services_in_window", fig.servicesInWindow},
                {"rate_from_history", fig.rateFromHistory},
                {"service_unsure", fig.serviceUnsure},
                {"flag_reason_vi", reason.vi.empty() ? Json(nullptr) : Json(reason.vi)},
                {"flag_reason_en", reason.en.empty() ? Json(nullptr) : Json(reason.en)}};
}

} // namespace

void registerStatsRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/stats/fields", {Role::leader}, [&ctx](const Request&, Respond respond) {
        ctx.reply(std::move(respond), [&ctx] {
            TimePoint now = systemNow();
            const LiveAnalytics& live = ctx.daemon.analytics();
            auto figures = live.figures(now);
            auto tallies = tallyByField(ctx.engine());
            Json fields = Json::array();
            for (const auto& fig : figures) {
                if (const FieldConfig* f = ctx.config().field(fig.field)) {
                    fields.push_back(fieldStats(ctx, *f, fig, tallies[f->id], now));
                }
            }
            Json counterFlags = Json::array();
            for (const auto& a : live.counterAlerts()) {
                if (live.flags().counterFlag(a.counter) == CounterAlertKind::none) {
                    continue; // seen, but not yet held long enough to be raised
                }
                counterFlags.push_back(Json{{"counter", a.counter},
                                            {"kind", counterAlertName(a.kind)},
                                            {"field", a.field},
                                            {"reason_vi", a.reason.vi},
                                            {"reason_en", a.reason.en}});
            }
            return jsonReply(bh::status::ok, Json{{"day", ctx.engine().day()},
                                                  {"fields", std::move(fields)},
                                                  {"counter_flags", std::move(counterFlags)}});
        });
    });
}

} // namespace qmsd::http
