#pragma once
// The types every HTTP file shares: Beast's string-bodied request and
// response, the caller's identity, and the one-shot reply continuation.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace qmsd::http {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Called exactly once with the reply; may be called after the handler returned
// (typically once the journal has committed).
using Respond = std::function<void(HttpResponse)>;

// editor: keeps notices and procedure sheets; ratingScreen: the citizen-facing
// screen of one counter (Caller::counter); metrics: Prometheus, GET /metrics only.
enum class Role { anonymous, kiosk, display, staff, leader, admin, editor, ratingScreen, metrics };
std::string_view roleName(Role r);

struct Caller {
    Role role = Role::anonymous;
    std::string id;      // client id, or staff id
    int counter = 0;     // staff: the counter the session is bound to; rating screen: the one it faces
    std::string tokenHash; // staff: to end the session
    std::string remote;  // peer address, for throttling and logs
    // What the event log records as the actor: "kiosk:k1", "staff:nv01", ...
    std::string actor() const { return std::string(roleName(role)) + ":" + id; }
};

} // namespace qmsd::http
