// Admin: reload the config file, take an online backup, list the routes.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <filesystem>

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerAdminRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::post, "/api/v1/admin/reload", {}, [&ctx](const Request&, Respond respond) {
        ctx.daemon.whenCommitted([&ctx, respond = std::move(respond)] {
            if (auto st = ctx.daemon.reload(); !st) {
                return respond(errorReply(st.error()));
            }
            respond(jsonReply(bh::status::ok, Json{{"reloaded", true},
                                                   {"fields", ctx.config().fields.size()},
                                                   {"counters", ctx.config().counters.size()},
                                                   {"staff", ctx.config().staff.size()}}));
        });
    });
    // The route table with the roles of each route: what the API offers whom.
    router.add(bh::verb::get, "/api/v1/admin/routes", {}, [&router](const Request&, Respond respond) {
        Json list = Json::array();
        for (const auto& r : router.routes()) {
            Json roles = Json::array();
            for (Role role : r.roles) {
                roles.push_back(roleName(role));
            }
            roles.push_back(roleName(Role::admin));
            list.push_back(Json{{"method", r.method}, {"path", r.pattern}, {"roles", std::move(roles)}});
        }
        respond(jsonReply(bh::status::ok, Json{{"routes", std::move(list)}}));
    });
    router.add(bh::verb::post, "/api/v1/admin/backup", {}, [&ctx](const Request&, Respond respond) {
        ctx.daemon.backup([respond = std::move(respond)](Result<std::string> r) {
            if (!r) {
                return respond(errorReply(r.error()));
            }
            std::error_code ec;
            auto bytes = std::filesystem::file_size(*r, ec);
            respond(jsonReply(bh::status::ok, Json{{"path", *r}, {"bytes", ec ? 0 : bytes}}));
        });
    });
}

} // namespace qmsd::http
