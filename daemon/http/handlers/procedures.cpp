// Procedure sheets (issue 13): per field, what to bring, the fees, how long it
// takes and on what legal basis. Public to read (the kiosk shows a sheet
// before a ticket is taken, the TV rotates through them); editors and the
// leader change them.
#include "http/content_json.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

ContentView viewFor(const Request& req) {
    bool editor = req.caller.role == Role::editor || req.caller.role == Role::leader ||
                  req.caller.role == Role::admin;
    return editor ? ContentView::editor : ContentView::publicView;
}

void list(ApiContext& ctx, const Request& req, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, view = viewFor(req)] {
        Json sheets = Json::array();
        for (const auto& f : ctx.config().fields) { // the office's order; none for a removed field
            if (const ProcedureSheet* p = ctx.engine().content().procedure(f.id)) {
                sheets.push_back(procedureJson(ctx, *p, view));
            }
        }
        return jsonReply(bh::status::ok, Json{{"procedures", std::move(sheets)}});
    });
}

void one(ApiContext& ctx, const Request& req, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, field = req.param("field"), view = viewFor(req)] {
        if (ctx.config().field(field) == nullptr) {
            return errorReply(makeError(ErrorCode::unknownField, "no field '" + field + "'"));
        }
        const ProcedureSheet* p = ctx.engine().content().procedure(field);
        return jsonReply(
            bh::status::ok,
            Json{{"procedure", p != nullptr ? procedureJson(ctx, *p, view) : Json(nullptr)}});
    });
}

void after(ApiContext& ctx, const Command& cmd, const Request& req, Respond respond) {
    ctx.run(cmd, req.caller, [&ctx, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        if (r->front().kind == EventKind::procedureDeleted) {
            return respond(emptyReply(bh::status::no_content));
        }
        const ProcedureSheet* p = ctx.engine().content().procedure(r->front().field);
        respond(p != nullptr
                    ? jsonReply(bh::status::ok,
                                Json{{"procedure", procedureJson(ctx, *p, ContentView::editor)}})
                    : errorReply(makeError(ErrorCode::internal, "the saved sheet is gone")));
    });
}

void save(ApiContext& ctx, const Request& req, Respond respond) {
    auto edit = procedureFromRequest(req);
    if (!edit) {
        return respond(errorReply(edit.error()));
    }
    edit->sheet.field = req.param("field");
    after(ctx, SaveProcedure{std::move(edit->sheet), edit->expectVersion}, req, std::move(respond));
}

void remove(ApiContext& ctx, const Request& req, Respond respond) {
    auto version = versionFrom(req);
    if (!version) {
        return respond(errorReply(version.error()));
    }
    after(ctx, DeleteProcedure{req.param("field"), *version}, req, std::move(respond));
}

} // namespace

void registerProcedureRoutes(Router& router, ApiContext& ctx) {
    const std::initializer_list<Role> anyone{Role::anonymous, Role::kiosk,  Role::display,
                                             Role::staff,     Role::leader, Role::editor};
    router.add(bh::verb::get, "/api/v1/procedures", anyone,
               [&ctx](const Request& r, Respond done) { list(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/procedures/{field}", anyone,
               [&ctx](const Request& r, Respond done) { one(ctx, r, std::move(done)); });
    router.add(bh::verb::put, "/api/v1/procedures/{field}", {Role::editor, Role::leader},
               [&ctx](const Request& r, Respond done) { save(ctx, r, std::move(done)); });
    router.add(bh::verb::delete_, "/api/v1/procedures/{field}", {Role::editor, Role::leader},
               [&ctx](const Request& r, Respond done) { remove(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
