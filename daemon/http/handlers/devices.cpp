// GET /devices: device health. No drivers exist yet (the devices issue adds
// them); the list is honestly empty until then.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerDeviceRoutes(Router& router, ApiContext& /*ctx*/) {
    router.add(bh::verb::get, "/api/v1/devices", {Role::leader}, [](const Request&, Respond respond) {
        respond(jsonReply(bh::status::ok, Json{{"devices", Json::array()}}));
    });
}

} // namespace qmsd::http
