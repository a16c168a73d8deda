// GET /reports/daily: per day and field over a date range, from the tickets
// table. The analytics issue adds percentiles, per counter/staff/hour reports,
// staffing recommendations and exports.
#include "clock/office_clock.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerReportRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/reports/daily", {Role::leader}, [&ctx](const Request& req, Respond respond) {
        std::string from = req.queryValue("from").empty() ? ctx.engine().day() : req.queryValue("from");
        std::string to = req.queryValue("to").empty() ? from : req.queryValue("to");
        if (!isValidDay(from) || !isValidDay(to) || to < from) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                                "'from' and 'to' must be YYYY-MM-DD with from <= to")));
        }
        ctx.reply(std::move(respond), [&ctx, from, to] {
            auto rows = ctx.daemon.store().dailyReport(from, to);
            if (!rows) {
                return errorReply(rows.error());
            }
            Json days = Json::array();
            for (const auto& r : *rows) {
                days.push_back(Json{{"day", r.day},
                                    {"field", r.field},
                                    {"issued", r.issued},
                                    {"served", r.served},
                                    {"no_show", r.noShow},
                                    {"cancelled", r.cancelled},
                                    {"expired", r.expired},
                                    {"mean_wait_seconds", r.meanWaitSeconds ? Json(*r.meanWaitSeconds) : Json(nullptr)},
                                    {"max_wait_seconds", r.maxWaitSeconds ? Json(*r.maxWaitSeconds) : Json(nullptr)}});
            }
            return jsonReply(bh::status::ok, Json{{"from", from}, {"to", to}, {"days", std::move(days)}});
        });
    });
}

} // namespace qmsd::http
