#pragma once
// Method + path pattern → handler, with the roles allowed to call it.
// Patterns are literal segments and {name} parameters: "/api/v1/counters/{n}/recall".
#include "core/result.hpp"
#include "http/http_types.hpp"
#include "http/json.hpp"

#include <boost/beast/http/verb.hpp>

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace qmsd::http {

struct Request {
    const HttpRequest& http;
    std::map<std::string, std::string> params; // from the path pattern
    std::map<std::string, std::string> query;  // decoded
    Caller caller;

    // The body as a JSON object (empty body = {}), or invalid_json /
    // unsupported_media_type.
    Result<Json> jsonBody() const;
    std::string param(const std::string& name) const;
    std::string queryValue(const std::string& name) const;
};

using Handler = std::function<void(const Request&, Respond)>;

class Router {
  public:
    void add(boost::beast::http::verb method, std::string pattern, std::initializer_list<Role> roles,
             Handler handler);

    struct Match {
        const Handler* handler = nullptr;
        std::vector<Role> roles;
        std::map<std::string, std::string> params;
    };
    // Error notFound or methodNotAllowed when nothing fits.
    Result<Match> match(boost::beast::http::verb method, std::string_view path) const;

    // The table itself (GET /admin/routes): tests walk every route with every role.
    struct RouteInfo {
        std::string method;
        std::string pattern;
        std::vector<Role> roles; // besides admin
    };
    std::vector<RouteInfo> routes() const;

  private:
    struct Route {
        boost::beast::http::verb method;
        std::vector<std::string> segments;
        std::vector<Role> roles;
        Handler handler;
    };
    std::vector<Route> routes_;
};

// "/a/b?x=1&y=%C3%A1" → path "/a/b" and decoded query pairs.
void splitTarget(std::string_view target, std::string& path, std::map<std::string, std::string>& query);
std::string percentDecode(std::string_view text);

} // namespace qmsd::http
