#include "http/router.hpp"

#include <boost/beast/http/field.hpp>

namespace qmsd::http {
namespace {

std::vector<std::string> splitPath(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) {
            j = path.size();
        }
        out.emplace_back(path.substr(i, j - i));
        i = j;
    }
    return out;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Absolute form ("http://host/api/v1/health"), which RFC 9112 3.2.2 says a
// server must accept, is reduced to its path. Anything else that does not
// start with '/' is left for the router to refuse.
std::string_view withoutSchemeAndHost(std::string_view path) {
    for (std::string_view scheme : {"http://", "https://"}) {
        bool same = path.size() >= scheme.size();
        for (std::size_t i = 0; same && i < scheme.size(); ++i) {
            char c = path[i];
            same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) == scheme[i];
        }
        if (same) {
            std::size_t slash = path.find('/', scheme.size());
            return slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
        }
    }
    return path;
}

} // namespace

std::string percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

void splitTarget(std::string_view target, std::string& path, std::map<std::string, std::string>& query) {
    std::size_t q = target.find('?');
    path = std::string(withoutSchemeAndHost(target.substr(0, q)));
    if (q == std::string_view::npos) {
        return;
    }
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        std::size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        std::size_t eq = pair.find('=');
        std::string key = percentDecode(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? "" : percentDecode(pair.substr(eq + 1));
        if (!key.empty()) {
            query[key] = value;
        }
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    }
}

void Router::add(boost::beast::http::verb method, std::string pattern,
                 std::initializer_list<Role> roles, Handler handler) {
    routes_.push_back(Route{method, splitPath(pattern), roles, std::move(handler)});
}

Result<Router::Match> Router::match(boost::beast::http::verb method, std::string_view path) const {
    // Origin form only (RFC 9112 3.2.1): "?x", "api/v1/x" or "*" is not "/".
    if (path.empty() || path.front() != '/') {
        return makeError(ErrorCode::invalidArgument, "the request target must be a path starting with '/'");
    }
    auto segments = splitPath(path);
    bool pathMatched = false;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) {
            continue;
        }
        Match m;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            const std::string& want = route.segments[i];
            if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
                m.params[want.substr(1, want.size() - 2)] = percentDecode(segments[i]);
            } else {
                ok = want == segments[i];
            }
        }
        if (!ok) {
            continue;
        }
        pathMatched = true;
        if (route.method != method) {
            continue;
        }
        m.handler = &route.handler;
        m.roles = route.roles;
        return m;
    }
    if (pathMatched) {
        return makeError(ErrorCode::methodNotAllowed, "this path does not take that method");
    }
    return makeError(ErrorCode::notFound, "no such endpoint: " + std::string(path));
}

std::vector<Router::RouteInfo> Router::routes() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_) {
        std::string pattern;
        for (const auto& seg : r.segments) {
            pattern += "/" + seg;
        }
        out.push_back(RouteInfo{std::string(boost::beast::http::to_string(r.method)),
                                pattern.empty() ? "/" : pattern, r.roles});
    }
    return out;
}

Result<Json> Request::jsonBody() const {
    const std::string& body = http.body();
    if (body.empty()) {
        return Json::object();
    }
    auto type = http[boost::beast::http::field::content_type];
    if (type.substr(0, 16) != "application/json") {
        return makeError(ErrorCode::unsupportedMediaType,
                         "send the body as application/json (got '" + std::string(type) + "')");
    }
    Json parsed = Json::parse(body, nullptr, false);
    if (parsed.is_discarded()) {
        return makeError(ErrorCode::invalidJson, "the body is not valid JSON");
    }
    if (!parsed.is_object()) {
        return makeError(ErrorCode::invalidJson, "the body must be a JSON object");
    }
    return parsed;
}

std::string Request::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string{} : it->second;
}

std::string Request::queryValue(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string{} : it->second;
}

} // namespace qmsd::http
