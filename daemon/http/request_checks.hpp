#pragma once
// Rules a request must keep before any handler sees it.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "http/http_types.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::http {

// RFC 9112 §6.1 and §6.3: the only transfer coding read is "chunked", alone.
// Anything else (gzip, "gzip, chunked", chunked not last, chunked with a
// Content-Length beside it, any Transfer-Encoding in HTTP/1.0) leaves the body's
// length or content unknown: the request is refused (400) and the connection
// closed, never run with an empty or misread body.
std::optional<Error> framingError(const HttpRequest& req);

// DNS rebinding: a page on some name the attacker controls, made to resolve to
// this server, would have the victim's browser talk to the API under the
// attacker's origin. The Host a request names must therefore be an IP literal
// (a page can only have that origin by being served from this very address),
// "localhost", the host of api.public_url, or one of api.allowed_hosts; the
// port is not checked. HTTP/1.1 without a Host is refused (RFC 9112 §3.2); an
// absolute-form target's authority stands for the Host (§3.2.2).
class HostRule {
  public:
    void configure(const ApiSettings& api);
    Status check(const HttpRequest& req) const;
    // The host part of a Host value, lower-case, without port or brackets;
    // empty when the value is malformed. (For the tests.)
    static std::string hostOf(std::string_view value);

  private:
    std::vector<std::string> names_;
};

} // namespace qmsd::http
