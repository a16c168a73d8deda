// GET /health, /fields, /priorities: what a kiosk needs before anyone logs in.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"
#include "upstream/upstream_service.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

void health(ApiContext& ctx, const Request&, Respond respond) {
    ctx.reply(std::move(respond), [&ctx] {
        // "upstream": the shipping to the city's PostgreSQL, null when off
        // (daemon/upstream): its state and the backlog waiting here.
        return jsonReply(bh::status::ok, Json{{"status", "ok"},
                                              {"office", ctx.config().office.name},
                                              {"day", ctx.engine().day()},
                                              {"seq", ctx.engine().lastSeq()},
                                              {"version", QMSD_VERSION},
                                              {"upstream", ctx.daemon.upstream().health(systemNow())}});
    });
}

void fields(ApiContext& ctx, const Request&, Respond respond) {
    ctx.reply(std::move(respond), [&ctx] {
        TimePoint now = systemNow();
        Json list = Json::array();
        for (const auto& f : ctx.config().fields) {
            list.push_back(ctx.fieldJson(f, now));
        }
        return jsonReply(bh::status::ok, Json{{"fields", std::move(list)}});
    });
}

void priorities(ApiContext& ctx, const Request&, Respond respond) {
    Json list = Json::array();
    for (const auto& p : ctx.config().priorities) {
        list.push_back(Json{{"id", p.id}, {"name", p.name}});
    }
    respond(jsonReply(bh::status::ok, Json{{"priorities", std::move(list)}}));
}

} // namespace

void registerHealthRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/health", {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { health(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/fields", {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { fields(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/priorities", {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { priorities(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
