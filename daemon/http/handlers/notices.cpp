// Notices (issue 13): the editors' announcements for the TV, the LED boards
// and the kiosks, and the history of every content change. Editors and the
// leader change them; each change is an engine command, answered after its
// event is committed, like a ticket's.
#include "http/content_json.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

// After the commit: the item as saved, or the refusal.
void answer(ApiContext& ctx, const Command& cmd, const Request& req, Respond respond,
            bh::status status) {
    ctx.run(cmd, req.caller, [&ctx, status, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        const Event& e = r->front();
        if (e.kind == EventKind::noticeDeleted) {
            return respond(emptyReply(bh::status::no_content));
        }
        const Notice* n = ctx.engine().content().notice(e.reason);
        respond(n != nullptr
                    ? jsonReply(status,
                                Json{{"notice", noticeJson(ctx, *n, e.at, ContentView::editor)}})
                    : errorReply(makeError(ErrorCode::internal, "the saved notice is gone")));
    });
}

void list(ApiContext& ctx, Respond respond) {
    ctx.reply(std::move(respond), [&ctx] {
        TimePoint now = systemNow();
        Json notices = Json::array();
        for (const Notice* n : ctx.engine().content().ordered()) {
            notices.push_back(noticeJson(ctx, *n, now, ContentView::editor));
        }
        return jsonReply(bh::status::ok,
                         Json{{"now", ctx.time(now)}, {"notices", std::move(notices)}});
    });
}

void create(ApiContext& ctx, const Request& req, Respond respond) {
    auto edit = noticeFromRequest(ctx, req);
    if (!edit) {
        return respond(errorReply(edit.error()));
    }
    edit->notice.id.clear();
    answer(ctx, SaveNotice{std::move(edit->notice), 0}, req, std::move(respond),
           bh::status::created);
}

void update(ApiContext& ctx, const Request& req, Respond respond) {
    auto edit = noticeFromRequest(ctx, req);
    if (!edit) {
        return respond(errorReply(edit.error()));
    }
    edit->notice.id = req.param("id");
    answer(ctx, SaveNotice{std::move(edit->notice), edit->expectVersion}, req, std::move(respond),
           bh::status::ok);
}

void remove(ApiContext& ctx, const Request& req, Respond respond) {
    auto version = versionFrom(req);
    if (!version) {
        return respond(errorReply(version.error()));
    }
    answer(ctx, DeleteNotice{req.param("id"), *version}, req, std::move(respond),
           bh::status::no_content);
}

// Who changed what, when: the latest content events of every day.
void history(ApiContext& ctx, const Request& req, Respond respond) {
    int limit = 50;
    if (std::string text = req.queryValue("limit"); !text.empty()) {
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
        if (ec != std::errc{} || ptr != text.data() + text.size() || limit < 1 || limit > 500) {
            return respond(
                errorReply(makeError(ErrorCode::invalidArgument, "'limit' must be 1 to 500")));
        }
    }
    ctx.reply(std::move(respond), [&ctx, limit] {
        auto events = ctx.daemon.store().contentEvents(limit);
        if (!events) {
            return errorReply(events.error());
        }
        Json changes = Json::array();
        for (const auto& e : *events) {
            changes.push_back(ctx.eventJson(e));
        }
        return jsonReply(bh::status::ok, Json{{"changes", std::move(changes)}});
    });
}

} // namespace

void registerNoticeRoutes(Router& router, ApiContext& ctx) {
    const std::initializer_list<Role> editors{Role::editor, Role::leader};
    router.add(bh::verb::get, "/api/v1/notices", editors,
               [&ctx](const Request&, Respond done) { list(ctx, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/notices", editors,
               [&ctx](const Request& r, Respond done) { create(ctx, r, std::move(done)); });
    router.add(bh::verb::put, "/api/v1/notices/{id}", editors,
               [&ctx](const Request& r, Respond done) { update(ctx, r, std::move(done)); });
    router.add(bh::verb::delete_, "/api/v1/notices/{id}", editors,
               [&ctx](const Request& r, Respond done) { remove(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/content/history", editors,
               [&ctx](const Request& r, Respond done) { history(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
