// Tickets: a kiosk issues them (idempotent per request id, rate-limited), a
// citizen follows one by its opaque id, staff reinstate or cancel.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <algorithm>
#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

bool validRequestId(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
}

bool validPhone(const std::string& phone) {
    return phone.size() <= 16 && std::all_of(phone.begin(), phone.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '+';
    });
}

// The ticket an identical earlier request made, once its commit is settled.
void replyWithRequestTicket(ApiContext& ctx, const Caller& caller, const std::string& requestId,
                            bh::status status, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, actor = caller.actor(), requestId, status] {
        const Ticket* t = ctx.engine().ticketForRequest(actor, requestId);
        if (t == nullptr) {
            return errorReply(makeError(ErrorCode::storageFailed, "the ticket could not be stored"));
        }
        return jsonReply(status, Json{{"ticket", ctx.ticketJson(*t, TicketView::full)}});
    });
}

void issue(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto field = requireString(*body, "field", 64);
    auto priority = optionalString(*body, "priority", 64);
    auto phone = optionalString(*body, "phone", 16);
    auto requestId = req.caller.role == Role::kiosk ? requireString(*body, "request_id", 64)
                                                    : optionalString(*body, "request_id", 64);
    for (const auto* r : {&field, &priority, &phone, &requestId}) {
        if (!*r) {
            return respond(errorReply(r->error()));
        }
    }
    if (!requestId->empty() && !validRequestId(*requestId)) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                            "'request_id' may only hold letters, digits, - and _")));
    }
    if (!validPhone(*phone)) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'phone' must be digits")));
    }
    if (!requestId->empty() && ctx.engine().ticketForRequest(req.caller.actor(), *requestId) != nullptr) {
        return replyWithRequestTicket(ctx, req.caller, *requestId, bh::status::ok, std::move(respond));
    }
    if (req.caller.role == Role::kiosk &&
        !ctx.kioskLimiter.allow(req.caller.id, ctx.config().api.kioskRatePerMinute, systemNow())) {
        return respond(errorReply(makeError(ErrorCode::rateLimited, "kiosk '" + req.caller.id +
                                                                        "' is issuing too fast")));
    }
    IssueTicket cmd{*field, *priority, *phone, makePublicId(), *requestId};
    ctx.run(cmd, req.caller, [&ctx, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        const Ticket* t = ctx.engine().ticket(r->front().ticketId);
        respond(jsonReply(bh::status::created, Json{{"ticket", ctx.ticketJson(*t, TicketView::full)}}));
    });
}

void status(ApiContext& ctx, const Request& req, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, publicId = req.param("public_id")] {
        const Ticket* t = ctx.engine().ticketByPublicId(publicId);
        if (t == nullptr) {
            return errorReply(makeError(ErrorCode::unknownTicket, "no ticket with that id today"));
        }
        return jsonReply(bh::status::ok, Json{{"ticket", ctx.ticketJson(*t, TicketView::citizen)}});
    });
}

// "A012" or a numeric ticket id.
const Ticket* resolveTicket(const ApiContext& ctx, const std::string& ref) {
    if (const Ticket* byCode = ctx.engine().ticketByCode(ref)) {
        return byCode;
    }
    TicketId id = 0;
    auto [ptr, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
    return ec == std::errc{} && ptr == ref.data() + ref.size() ? ctx.engine().ticket(id) : nullptr;
}

// Staff may touch tickets of the fields their counter serves.
Status checkTicketAccess(const ApiContext& ctx, const Caller& caller, const Ticket& t) {
    if (caller.role != Role::staff) {
        return Ok{};
    }
    const CounterConfig* c = ctx.config().counter(caller.counter);
    if (c == nullptr || std::find(c->fields.begin(), c->fields.end(), t.field) == c->fields.end()) {
        return makeError(ErrorCode::forbidden, "counter " + std::to_string(caller.counter) +
                                                   " does not serve '" + t.field + "'");
    }
    return Ok{};
}

void ticketAction(ApiContext& ctx, const Request& req, Respond respond, bool cancel) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto reason = optionalString(*body, "reason", 200);
    if (!reason) {
        return respond(errorReply(reason.error()));
    }
    const Ticket* t = resolveTicket(ctx, req.param("id"));
    if (t == nullptr) {
        return respond(errorReply(makeError(ErrorCode::unknownTicket, "no ticket '" + req.param("id") + "' today")));
    }
    if (auto st = checkTicketAccess(ctx, req.caller, *t); !st) {
        return respond(errorReply(st.error()));
    }
    Command cmd = cancel ? Command{CancelTicket{t->id, *reason}} : Command{Reinstate{t->id}};
    ctx.run(cmd, req.caller, [&ctx, id = t->id, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        respond(jsonReply(bh::status::ok, Json{{"ticket", ctx.ticketJson(*ctx.engine().ticket(id), TicketView::full)}}));
    });
}

} // namespace

void registerTicketRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::post, "/api/v1/tickets", {Role::kiosk},
               [&ctx](const Request& r, Respond done) { issue(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/tickets/{public_id}",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { status(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/tickets/{id}/reinstate", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { ticketAction(ctx, r, std::move(done), false); });
    router.add(bh::verb::post, "/api/v1/tickets/{id}/cancel", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { ticketAction(ctx, r, std::move(done), true); });
}

} // namespace qmsd::http
