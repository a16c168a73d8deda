#include "http/request_checks.hpp"

#include <boost/beast/http/field.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool isIpLiteral(const std::string& host) {
    in_addr v4{};
    in6_addr v6{};
    return ::inet_pton(AF_INET, host.c_str(), &v4) == 1 || ::inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "http://Host:port/path" → "Host:port"; "" when the target is not absolute.
std::string_view authorityOf(std::string_view target) {
    for (std::string_view scheme : {"http://", "https://"}) {
        if (target.size() > scheme.size() && lower(target.substr(0, scheme.size())) == scheme) {
            std::string_view rest = target.substr(scheme.size());
            return rest.substr(0, rest.find_first_of("/?#"));
        }
    }
    return {};
}

} // namespace

std::optional<Error> framingError(const HttpRequest& req) {
    auto te = req.find(bh::field::transfer_encoding);
    if (te == req.end()) {
        return std::nullopt;
    }
    std::string value = lower(trim(std::string_view(te->value().data(), te->value().size())));
    auto refuse = [&value](const std::string& why) {
        return makeError(ErrorCode::invalidArgument,
                         "Transfer-Encoding '" + value + "': " + why + " (RFC 9112 section 6); send the body "
                                                                      "with Content-Length, or chunked alone");
    };
    if (req.version() < 11) {
        return refuse("HTTP/1.0 has no transfer codings");
    }
    if (std::distance(req.equal_range(bh::field::transfer_encoding).first,
                      req.equal_range(bh::field::transfer_encoding).second) > 1) {
        return refuse("more than one Transfer-Encoding line");
    }
    if (value != "chunked") {
        return refuse("the only transfer coding this server reads is chunked, alone");
    }
    if (req.find(bh::field::content_length) != req.end()) {
        return refuse("a Content-Length beside a Transfer-Encoding makes the length ambiguous");
    }
    return std::nullopt;
}

std::string HostRule::hostOf(std::string_view value) {
    value = trim(value);
    if (value.empty()) {
        return {};
    }
    std::string_view host = value;
    std::string_view port;
    if (value.front() == '[') {
        auto close = value.find(']');
        if (close == std::string_view::npos) {
            return {};
        }
        host = value.substr(1, close - 1);
        std::string_view rest = value.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') {
            return {};
        }
        port = rest.empty() ? rest : rest.substr(1);
    } else if (std::count(value.begin(), value.end(), ':') == 1) {
        auto colon = value.find(':');
        host = value.substr(0, colon);
        port = value.substr(colon + 1);
    } // more than one colon: an unbracketed IPv6 literal, or nothing valid
    if (!allDigits(port) || port.size() > 5) {
        return {};
    }
    std::string h = lower(host);
    if (!h.empty() && h.back() == '.') {
        h.pop_back(); // "qms.example.vn." is the same name
    }
    bool valid = !h.empty() && std::all_of(h.begin(), h.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == ':' || c == '%';
    });
    return valid ? h : std::string{};
}

void HostRule::configure(const ApiSettings& api) {
    names_ = {"localhost"};
    std::string_view authority = authorityOf(api.publicUrl);
    if (std::string h = hostOf(authority.substr(authority.find('@') + 1)); !h.empty()) {
        names_.push_back(h);
    }
    for (const auto& extra : api.allowedHosts) {
        names_.push_back(hostOf(extra));
    }
}

Status HostRule::check(const HttpRequest& req) const {
    std::string_view value;
    std::string_view target(req.target().data(), req.target().size());
    std::string_view authority = authorityOf(target);
    auto hosts = req.equal_range(bh::field::host);
    if (!authority.empty()) {
        value = authority; // the Host line, if any, is ignored (RFC 9112 §3.2.2)
    } else if (hosts.first == hosts.second) {
        if (req.version() < 11) {
            return Ok{}; // HTTP/1.0 may leave it out
        }
        return makeError(ErrorCode::invalidArgument, "an HTTP/1.1 request needs a Host header (RFC 9112 section 3.2)");
    } else if (std::next(hosts.first) != hosts.second) {
        return makeError(ErrorCode::invalidArgument, "more than one Host header");
    } else {
        value = std::string_view(hosts.first->value().data(), hosts.first->value().size());
    }
    std::string host = hostOf(value);
    if (host.empty()) {
        return makeError(ErrorCode::invalidArgument, "Host '" + std::string(value) + "' is not a host[:port]");
    }
    if (isIpLiteral(host) || std::find(names_.begin(), names_.end(), host) != names_.end()) {
        return Ok{};
    }
    return makeError(ErrorCode::invalidArgument,
                     "Host '" + host + "' is not a name of this server; add it to [api] allowed_hosts "
                                       "if it is (a guard against DNS rebinding)");
}

} // namespace qmsd::http
