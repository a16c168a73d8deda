// GET /stats/fields: the leader's live per-field figures for today. The
// analytics issue adds arrival rates, Erlang C staffing and flags.
#include "analytics/wait_estimate.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

struct FieldTally {
    int issued = 0, served = 0, noShow = 0, cancelled = 0, transferredOut = 0, called = 0;
    double waitSeconds = 0, serviceSeconds = 0;
};

Json fieldStats(const ApiContext& ctx, const FieldConfig& f, TimePoint now) {
    FieldTally t;
    TimePoint oldestWaiting{};
    for (const auto& [id, ticket] : ctx.engine().tickets()) {
        if (ticket.issueField == f.id) {
            ++t.issued;
            t.transferredOut += ticket.field != f.id ? 1 : 0;
        }
        if (ticket.field != f.id) {
            continue;
        }
        if (ticket.state == TicketState::waiting &&
            (oldestWaiting == TimePoint{} || ticket.issuedAt < oldestWaiting)) {
            oldestWaiting = ticket.issuedAt;
        }
        // A call before queuedAt belongs to the ticket's visit to another field.
        if (ticket.calledAt != TimePoint{} && ticket.calledAt >= ticket.queuedAt) {
            ++t.called;
            t.waitSeconds += std::chrono::duration<double>(ticket.calledAt - ticket.queuedAt).count();
        }
        t.served += ticket.state == TicketState::finished ? 1 : 0;
        t.noShow += ticket.state == TicketState::noShow ? 1 : 0;
        t.cancelled += ticket.state == TicketState::cancelled ? 1 : 0;
    }
    std::size_t waiting = ctx.engine().waiting(f.id);
    auto w = estimateWait(ctx.engine(), f.id, waiting);
    return Json{{"id", f.id},
                {"name", f.name},
                {"waiting", waiting},
                {"head_wait_seconds",
                 oldestWaiting == TimePoint{} ? 0 : std::chrono::duration_cast<std::chrono::seconds>(now - oldestWaiting).count()},
                {"issued", t.issued},
                {"served", t.served},
                {"no_show", t.noShow},
                {"cancelled", t.cancelled},
                {"transferred_out", t.transferredOut},
                {"mean_wait_seconds", t.called == 0 ? Json(nullptr) : Json(t.waitSeconds / t.called)},
                {"mean_service_seconds", w.meanServiceMinutes * 60},
                {"open_counters", w.counters},
                {"estimated_wait_minutes", w.minutes ? Json(static_cast<int>(*w.minutes + 0.5)) : Json(nullptr)},
                {"target_wait_minutes", f.targetWaitMinutes}};
}

} // namespace

void registerStatsRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/stats/fields", {Role::leader}, [&ctx](const Request&, Respond respond) {
        ctx.reply(std::move(respond), [&ctx] {
            TimePoint now = systemNow();
            Json fields = Json::array();
            for (const auto& f : ctx.config().fields) {
                fields.push_back(fieldStats(ctx, f, now));
            }
            return jsonReply(bh::status::ok, Json{{"day", ctx.engine().day()}, {"fields", std::move(fields)}});
        });
    });
}

} // namespace qmsd::http
