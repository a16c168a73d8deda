// What the screens show besides the calls (issue 13), public like /display:
// GET /info?screen=tv|kiosk|board — the notices shown there now, the
// procedure sheets, the paused counters explained with the office's apology,
// and when to ask again. GET/POST /board-preview — for editors: each LED
// board's information pages exactly as the board gets them, with a draft
// notice put in when the body has one.
#include "content/content_checks.hpp"
#include "devices/board_info.hpp"
#include "http/content_json.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

Json pausedJson(const ApiContext& ctx) {
    Json out = Json::array();
    for (const auto& c : ctx.config().counters) {
        if (ctx.engine().counterState(c.number) != CounterState::paused) {
            continue;
        }
        const Counter* state = ctx.engine().counter(c.number);
        const PauseReason* reason = ctx.config().pauseReason(state->pauseReason);
        out.push_back(Json{{"counter", c.number},
                           {"name", c.name},
                           {"reason", state->pauseReason},
                           {"reason_name", reason != nullptr ? reason->name : state->pauseReason},
                           {"since", ctx.time(state->pausedAt)},
                           {"expected_back", state->expectedBack == TimePoint{}
                                                 ? Json(nullptr)
                                                 : Json(ctx.time(state->expectedBack))},
                           {"text", pausedCounterText(ctx.engine(), c.number)}});
    }
    return out;
}

void info(ApiContext& ctx, const Request& req, Respond respond) {
    std::string name = req.queryValue("screen").empty() ? "tv" : req.queryValue("screen");
    Screen screen{};
    if (!parseScreen(name, screen)) {
        return respond(errorReply(
            makeError(ErrorCode::invalidArgument, "'screen' must be tv, board or kiosk")));
    }
    ctx.reply(std::move(respond), [&ctx, screen] {
        TimePoint now = systemNow();
        const ContentBook& content = ctx.engine().content();
        Json notices = Json::array();
        for (const Notice* n : content.shown(screen, now)) {
            notices.push_back(noticeJson(ctx, *n, now, ContentView::publicView));
        }
        Json procedures = Json::array();
        for (const auto& f : ctx.config().fields) {
            if (const ProcedureSheet* p = content.procedure(f.id)) {
                procedures.push_back(procedureJson(ctx, *p, ContentView::publicView));
            }
        }
        TimePoint next = content.nextChange(now);
        const DisplaySettings& d = ctx.config().display;
        return jsonReply(
            bh::status::ok,
            Json{{"screen", screenName(screen)},
                 {"now", ctx.time(now)},
                 {"notices", std::move(notices)},
                 {"procedures", std::move(procedures)},
                 {"paused", pausedJson(ctx)},
                 {"apology", d.apology},
                 {"messages", d.messages},
                 {"page_seconds", screen == screenBoard ? d.boardPageSeconds : d.tvPageSeconds},
                 {"next_change_at", next == TimePoint{} ? Json(nullptr) : Json(ctx.time(next))}});
    });
}

void preview(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    std::optional<Notice> draft;
    std::string replaces;
    if (auto it = body->find("notice"); it != body->end() && !it->is_null()) {
        if (!it->is_object()) {
            return respond(
                errorReply(makeError(ErrorCode::invalidArgument, "'notice' must be an object")));
        }
        auto edit = noticeFromBody(ctx, *it);
        if (!edit) {
            return respond(errorReply(edit.error()));
        }
        // Checked and trimmed as a save would be: the preview is what saving it would show.
        if (auto st = normalizeNotice(edit->notice); !st) {
            return respond(errorReply(st.error()));
        }
        draft = std::move(edit->notice);
    }
    if (auto it = body->find("replaces"); it != body->end() && it->is_string()) {
        replaces = it->get<std::string>(); // the saved notice the draft is an edit of
    }
    ctx.reply(std::move(respond), [&ctx, draft = std::move(draft), replaces] {
        TimePoint now = systemNow();
        ContentBook content = ctx.engine().content();
        bool draftOnBoards = false;
        if (draft) {
            Notice n = *draft;
            // Shown as it will look while it runs, whatever its dates.
            n.startsAt = {};
            n.endsAt = {};
            n.id = replaces.empty() ? "draft" : replaces;
            draftOnBoards = (n.screens & screenBoard) != 0;
            content.put(std::move(n));
        }
        auto texts = boardInfoTexts(ctx.engine(), content, now);
        Json boards = Json::array();
        for (const auto& d : ctx.config().devices) {
            if (d.role != DeviceRole::mainBoard) {
                continue;
            }
            BoardLayout layout = boardLayout(ctx.config(), d);
            boards.push_back(Json{{"id", d.id},
                                  {"width", layout.width},
                                  {"call_lines", layout.callLines},
                                  {"info_lines", layout.infoLines},
                                  {"unicode", layout.unicode},
                                  {"pages", boardInfoPages(texts, layout)}});
        }
        return jsonReply(bh::status::ok,
                         Json{{"boards", std::move(boards)},
                              {"page_seconds", ctx.config().display.boardPageSeconds},
                              {"draft_on_boards", draft ? Json(draftOnBoards) : Json(nullptr)}});
    });
}

} // namespace

void registerInfoRoutes(Router& router, ApiContext& ctx) {
    router.add(
        bh::verb::get, "/api/v1/info",
        {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader, Role::editor},
        [&ctx](const Request& r, Respond done) { info(ctx, r, std::move(done)); });
    for (auto verb : {bh::verb::get, bh::verb::post}) {
        router.add(verb, "/api/v1/board-preview", {Role::editor, Role::leader},
                   [&ctx](const Request& r, Respond done) { preview(ctx, r, std::move(done)); });
    }
}

} // namespace qmsd::http
