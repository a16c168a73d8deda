// GET /messages: the leader's view of the messages sent to citizens' phones
// on a day (daemon/messages/README.md): what each said, to whom (masked),
// and where it stands — queued, sent, failed or skipped, and why.
#include "app/outbox_sender.hpp"
#include "clock/office_clock.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"
#include "messages/phone_number.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

void messages(ApiContext& ctx, const Request& req, Respond respond) {
    std::string day = req.queryValue("day").empty() ? ctx.engine().day() : req.queryValue("day");
    if (!isValidDay(day)) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'day' must be YYYY-MM-DD")));
    }
    ctx.reply(std::move(respond), [&ctx, day] {
        auto rows = ctx.daemon.store().messages(day);
        if (!rows) {
            return errorReply(rows.error());
        }
        std::map<std::string, int> counts{{"queued", 0}, {"sending", 0}, {"handed", 0},
                                          {"sent", 0},   {"failed", 0},  {"skipped", 0}};
        Json list = Json::array();
        for (const auto& r : *rows) {
            ++counts[r.state];
            list.push_back(Json{{"id", r.id},
                                {"kind", r.kind},
                                {"ticket", r.ticketId == 0 ? Json(nullptr) : Json(r.ticketId)},
                                {"code", orNull(r.code)},
                                {"field", orNull(r.field)},
                                {"to", r.to.empty() ? Json(nullptr) : Json(maskPhone(r.to))},
                                {"text", r.text},
                                {"state", r.state},
                                {"attempts", r.attempts},
                                {"why", orNull(r.why)},
                                {"queued_at", ctx.time(r.queuedAt)},
                                {"updated_at", ctx.time(r.updatedAt)}});
        }
        const auto* sender = ctx.daemon.messages();
        return jsonReply(bh::status::ok,
                         Json{{"day", day},
                              {"enabled", sender != nullptr},
                              {"sender", sender != nullptr ? Json(std::string(sender->transportName())) : Json(nullptr)},
                              {"counts", counts},
                              {"messages", std::move(list)}});
    });
}

} // namespace

// For /health: the sender and today's backlog (counts only, no numbers).
Json messagesHealth(const ApiContext& ctx, TimePoint now) {
    const auto* sender = ctx.daemon.messages();
    if (sender == nullptr) {
        return nullptr;
    }
    int waiting = 0, failed = 0;
    std::optional<TimePoint> oldest;
    for (const auto& [id, m] : ctx.engine().outbox()) {
        if (!isFinal(m.state)) {
            ++waiting;
            oldest = oldest ? std::min(*oldest, m.queuedAt) : m.queuedAt;
        }
        failed += m.state == MessageState::failed ? 1 : 0;
    }
    return Json{{"sender", std::string(sender->transportName())},
                {"waiting", waiting},
                {"failed_today", failed},
                {"oldest_waiting_seconds",
                 oldest ? Json(std::chrono::duration_cast<std::chrono::seconds>(now - *oldest).count()) : Json(nullptr)}};
}

void registerMessageRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/messages", {Role::leader},
               [&ctx](const Request& r, Respond done) { messages(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
