// GET /devices: every configured unit's health (online, last error, frame,
// retry, timeout and bad-frame counts), as the bus workers last reported it.
#include "devices/device_manager.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerDeviceRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/devices", {Role::leader}, [&ctx](const Request&, Respond respond) {
        Json list = Json::array();
        for (const auto& h : ctx.daemon.devices().health()) {
            list.push_back(deviceJson(ctx, h));
        }
        respond(jsonReply(bh::status::ok, Json{{"devices", std::move(list)}}));
    });
}

} // namespace qmsd::http
