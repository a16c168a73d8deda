// GET /health, /fields, /priorities: what a kiosk needs before anyone logs in
// (and the names a counter page shows for priority groups and pause reasons).
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"
#include "upstream/upstream_service.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

Json messagesHealth(const ApiContext& ctx, TimePoint now); // messages.cpp

namespace {

void health(ApiContext& ctx, const Request&, Respond respond) {
    ctx.reply(std::move(respond), [&ctx] {
        // "upstream": the shipping to the city's PostgreSQL, null when off
        // (daemon/upstream): its state and the backlog waiting here.
        return jsonReply(bh::status::ok, Json{{"status", "ok"},
                                              {"office", ctx.config().office.name},
                                              {"unit", ctx.config().office.unit},
                                              {"unit_en", ctx.config().office.unitEn},
                                              {"day", ctx.engine().day()},
                                              {"seq", ctx.engine().lastSeq()},
                                              {"version", QMSD_VERSION},
                                              {"upstream", ctx.daemon.upstream().health(systemNow())},
                                              {"messages", messagesHealth(ctx, systemNow())}});
    });
}

// [[priority]] and [[pause_reason]]: {"id","name","name_en"} (name_en null if not given).
template <typename T> Json namedList(const std::vector<T>& items) {
    Json list = Json::array();
    for (const auto& p : items) {
        list.push_back(Json{{"id", p.id}, {"name", p.name}, {"name_en", p.nameEn.empty() ? Json(nullptr) : Json(p.nameEn)}});
    }
    return list;
}

void fields(ApiContext& ctx, const Request&, Respond respond) {
    ctx.reply(std::move(respond), [&ctx] {
        TimePoint now = systemNow();
        Json list = Json::array();
        for (const auto& f : ctx.config().fields) {
            list.push_back(ctx.fieldJson(f, now));
        }
        return jsonReply(bh::status::ok, Json{{"fields", std::move(list)},
                                              {"priorities", namedList(ctx.config().priorities)},
                                              {"pause_reasons", namedList(ctx.config().pauseReasons)}});
    });
}

void priorities(ApiContext& ctx, const Request&, Respond respond) {
    respond(jsonReply(bh::status::ok, Json{{"priorities", namedList(ctx.config().priorities)}}));
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
