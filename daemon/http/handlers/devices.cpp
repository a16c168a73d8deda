// GET /devices: every configured unit's health (online, last error, frame,
// retry, timeout and bad-frame counts), as the bus workers last reported it,
// and every ticket printer's state.
#include "devices/device_manager.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/printer.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerDeviceRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/devices", {Role::leader}, [&ctx](const Request&, Respond respond) {
        Json list = Json::array();
        for (const auto& h : ctx.daemon.devices().health()) {
            list.push_back(deviceJson(ctx, h));
        }
        Json printers = Json::array();
        for (const auto& p : ctx.daemon.printers().printers()) {
            printers.push_back(printerJson(ctx, p));
        }
        respond(jsonReply(bh::status::ok, Json{{"devices", std::move(list)}, {"printers", std::move(printers)}}));
    });
    registerPrinterRoutes(router, ctx); // the kiosk's own printer, beside the others
}

} // namespace qmsd::http
