// GET /events: the event log (the wait-time log) with filters, paged by seq.
#include "clock/office_clock.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

template <typename T> bool parseNumber(const std::string& text, T& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

Result<Store::EventFilter> filterFrom(const ApiContext& ctx, const Request& req) {
    Store::EventFilter f;
    f.day = req.queryValue("day").empty() ? ctx.engine().day() : req.queryValue("day");
    if (!isValidDay(f.day)) {
        return makeError(ErrorCode::invalidArgument, "'day' must be YYYY-MM-DD");
    }
    f.field = req.queryValue("field");
    f.staff = req.queryValue("staff");
    f.kind = req.queryValue("kind");
    EventKind kind{};
    if (!f.kind.empty() && !parseEventKind(f.kind, kind)) {
        return makeError(ErrorCode::invalidArgument, "unknown event kind '" + f.kind + "'");
    }
    std::string counter = req.queryValue("counter");
    if (!counter.empty() && (!parseNumber(counter, f.counter) || f.counter <= 0)) {
        return makeError(ErrorCode::invalidArgument, "'counter' must be a positive integer");
    }
    std::string after = req.queryValue("after");
    if (!after.empty() && (!parseNumber(after, f.after) || f.after < 0)) {
        return makeError(ErrorCode::invalidArgument, "'after' must be a sequence number");
    }
    std::string limit = req.queryValue("limit");
    if (!limit.empty() && (!parseNumber(limit, f.limit) || f.limit < 1 || f.limit > 1000)) {
        return makeError(ErrorCode::invalidArgument, "'limit' must be 1 to 1000");
    }
    return f;
}

} // namespace

void registerEventLogRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/events", {Role::leader}, [&ctx](const Request& req, Respond respond) {
        auto filter = filterFrom(ctx, req);
        if (!filter) {
            return respond(errorReply(filter.error()));
        }
        ctx.reply(std::move(respond), [&ctx, f = *filter] {
            auto events = ctx.daemon.store().findEvents(f);
            if (!events) {
                return errorReply(events.error());
            }
            Json list = Json::array();
            for (const auto& e : *events) {
                list.push_back(ctx.eventJson(e));
            }
            bool more = static_cast<int>(events->size()) == f.limit;
            return jsonReply(bh::status::ok,
                             Json{{"events", std::move(list)},
                                  {"next_after", more ? Json(events->back().seq) : Json(nullptr)}});
        });
    });
}

} // namespace qmsd::http
