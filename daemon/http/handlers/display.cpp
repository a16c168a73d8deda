// GET /display: what a board or TV shows, public (no names, no phones).
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerDisplayRoutes(Router& router, ApiContext& ctx) {
    registerAnnouncementRoutes(router, ctx);
    router.add(bh::verb::get, "/api/v1/display",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request&, Respond respond) {
                   ctx.reply(std::move(respond), [&ctx] {
                       Json counters = Json::array();
                       for (const auto& c : ctx.config().counters) {
                           const Counter* state = ctx.engine().counter(c.number);
                           const Ticket* t = state != nullptr ? ctx.engine().ticket(state->activeTicket) : nullptr;
                           Json counter = ctx.counterJson(c.number, TicketView::citizen);
                           counters.push_back(Json{
                               {"number", c.number},
                               {"name", c.name},
                               {"state", counterStateName(ctx.engine().counterState(c.number))},
                               {"code", t != nullptr ? Json(t->code) : Json(nullptr)},
                               {"pause_reason", counter["pause_reason"]},
                               {"pause_reason_name", counter["pause_reason_name"]},
                               {"expected_back", counter["expected_back"]}});
                       }
                       Json messages = ctx.config().display.messages;
                       return jsonReply(bh::status::ok,
                                        Json{{"office", ctx.config().office.name},
                                             {"seq", ctx.engine().lastSeq()},
                                             {"latest_calls", latestCallsJson(ctx)},
                                             {"counters", std::move(counters)},
                                             {"messages", std::move(messages)},
                                             {"hotline", ctx.config().office.hotline},
                                             {"apology", ctx.config().display.apology}});
                   });
               });
}

} // namespace qmsd::http
