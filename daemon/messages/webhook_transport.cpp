#include "messages/webhook_transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <deque>
#include <exception>
#include <unordered_set>

namespace qmsd {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxReplyBody = 64 * 1024;
constexpr std::size_t kRememberedIds = 4096;

struct HttpUrl {
    std::string host;
    std::string port;
    std::string target;     // path and query
    std::string hostHeader; // host[:port], an IPv6 address in brackets
};

bool urlSafe(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
            return false;
        }
    }
    return true;
}

// Only plain http: an https gateway goes through a local TLS relay (stunnel,
// nginx) for now, which keeps OpenSSL out of the daemon.
Result<HttpUrl> parseHttpUrl(std::string_view url) {
    auto bad = [url](const std::string& what) {
        return makeError(ErrorCode::configInvalid,
                         "webhook url '" + std::string(url) + "': " + what);
    };
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, 8) == "https://") {
        return bad("https is not supported; point it at a local TLS relay on http://127.0.0.1");
    }
    if (url.substr(0, scheme.size()) != scheme) {
        return bad("must start with http://");
    }
    if (!urlSafe(url) || url.find('#') != std::string_view::npos) {
        return bad("contains spaces, control characters, non-ASCII or a '#'");
    }
    std::string_view rest = url.substr(scheme.size());
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    HttpUrl out;
    out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (authority.find('@') != std::string_view::npos) {
        return bad("user:password@ is not supported; use the bearer token");
    }
    std::string_view portText;
    if (!authority.empty() && authority.front() == '[') { // [::1]:8080
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            return bad("unclosed '[' in the host");
        }
        out.host = authority.substr(1, close - 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') {
            return bad("junk after ']'");
        }
        portText = after.empty() ? after : after.substr(1);
    } else {
        std::size_t colon = authority.find(':');
        out.host = authority.substr(0, colon);
        portText =
            colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1);
    }
    if (out.host.empty()) {
        return bad("no host");
    }
    unsigned port = 80;
    if (!portText.empty() || authority.back() == ':') {
        auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc{} || end != portText.data() + portText.size() || port == 0 ||
            port > 65535) {
            return bad("port '" + std::string(portText) + "' is not 1-65535");
        }
    }
    out.port = std::to_string(port);
    out.hostHeader = out.host.find(':') == std::string::npos ? out.host : "[" + out.host + "]";
    if (port != 80) {
        out.hostHeader += ":" + out.port;
    }
    return out;
}

bool officeIdOk(std::string_view id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    for (char c : id) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// The first `n` bytes of `s`, cut back to a whole UTF-8 character.
std::string headOf(const std::string& s, std::size_t n) {
    if (s.size() <= n) {
        return s;
    }
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
        --n;
    }
    return s.substr(0, n) + "...";
}

enum class Stage { connecting, writing, reading, done };

// One request/response on a private io_context: Beast's timeouts only apply
// to asynchronous operations, so the blocking call runs them to completion.
class Exchange {
  public:
    // `stage` is the caller's, so it still tells how far we got if a handler throws.
    Exchange(net::io_context& ioc, http::request<http::string_body>& req, Stage& stage)
        : stream_(ioc), req_(req), stage_(stage) {
        parser_.body_limit(kMaxReplyBody);
    }

    void start(const tcp::resolver::results_type& endpoints, Clock::time_point deadline) {
        stream_.expires_at(deadline);
        stream_.async_connect(
            endpoints, [this](beast::error_code ec, const tcp::endpoint&) { onConnected(ec); });
    }

    Stage failedAt() const { return failedAt_; }
    const beast::error_code& error() const { return error_; }
    bool gotStatus() const { return gotStatus_; }
    const http::response<http::string_body>& reply() const { return parser_.get(); }

  private:
    void onConnected(beast::error_code ec) {
        if (fail(ec)) {
            return;
        }
        stage_ = Stage::writing;
        http::async_write(stream_, req_,
                          [this](beast::error_code e, std::size_t) { onWritten(e); });
    }

    void onWritten(beast::error_code ec) {
        if (fail(ec)) {
            return;
        }
        stage_ = Stage::reading;
        http::async_read_header(stream_, buffer_, parser_,
                                [this](beast::error_code e, std::size_t) { onHeader(e); });
    }

    void onHeader(beast::error_code ec) {
        if (fail(ec)) {
            return;
        }
        gotStatus_ = true;
        http::async_read(stream_, buffer_, parser_,
                         [this](beast::error_code e, std::size_t) { onBody(e); });
    }

    // The status is known: a cut-off body only shortens the `why`.
    void onBody(beast::error_code) { finish(); }

    bool fail(beast::error_code ec) {
        if (!ec) {
            return false;
        }
        error_ = ec;
        failedAt_ = stage_;
        finish();
        return true;
    }

    void finish() {
        stage_ = Stage::done;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    http::request<http::string_body>& req_;
    beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
    Stage& stage_;
    Stage failedAt_ = Stage::done;
    beast::error_code error_;
    bool gotStatus_ = false;
};

Handoff classifyStatus(unsigned status, const std::string& body) {
    std::string code = std::to_string(status);
    if (status >= 200 && status < 300) {
        return {HandoffResult::accepted, "gateway answered " + code};
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
        std::string head = headOf(body, 200);
        return {HandoffResult::rejected,
                "gateway refused with " + code + (head.empty() ? "" : ": " + head)};
    }
    // 408, 429, 5xx, and a redirect we do not follow: the gateway did not take it.
    return {HandoffResult::retry, "gateway answered " + code};
}

class WebhookTransport final : public MessageTransport {
  public:
    WebhookTransport(WebhookOptions o, HttpUrl url) : o_(std::move(o)), url_(std::move(url)) {}

    std::string_view name() const override { return "webhook"; }

    Handoff send(const OutgoingMessage& m) override {
        Stage reached = Stage::connecting;
        try {
            Handoff h = exchange(m, reached);
            if (h.result == HandoffResult::accepted) {
                remember(m.id);
            }
            return h;
        } catch (const std::exception& e) { // allocation, or no fd for the io_context
            bool maybeSent = reached == Stage::reading;
            return {maybeSent ? HandoffResult::uncertain : HandoffResult::retry,
                    std::string("internal error: ") + e.what()};
        }
    }

    Delivery status(std::int64_t id) override {
        if (acceptedSet_.count(id) != 0) {
            return {DeliveryState::sent, "the gateway accepted it"};
        }
        return {DeliveryState::unknown, ""};
    }

  private:
    http::request<http::string_body> buildRequest(const OutgoingMessage& m) const {
        std::string key = o_.officeId + "-" + std::to_string(m.id);
        nlohmann::json body = {{"id", key}, {"to", m.to}, {"text", m.text}, {"kind", m.kind}};
        http::request<http::string_body> req{http::verb::post, url_.target, 11};
        req.set(http::field::host, url_.hostHeader);
        req.set(http::field::user_agent, "qmsd");
        req.set(http::field::content_type, "application/json; charset=utf-8");
        req.set("Idempotency-Key", key);
        if (!o_.bearerToken.empty()) {
            req.set(http::field::authorization, "Bearer " + o_.bearerToken);
        }
        req.keep_alive(false);
        // replace, not throw, on bad UTF-8: the text came from our own store.
        req.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        req.prepare_payload();
        return req;
    }

    Handoff exchange(const OutgoingMessage& m, Stage& reached) {
        auto deadline = Clock::now() + o_.timeout;
        std::string where = url_.host + ":" + url_.port;
        net::io_context ioc;
        // getaddrinfo cannot be cancelled; resolv.conf's timeout bounds it. A
        // gateway (or TLS relay) given by IP address never waits here.
        tcp::resolver resolver(ioc);
        beast::error_code ec;
        auto endpoints = resolver.resolve(url_.host, url_.port, ec);
        if (ec) {
            return {HandoffResult::retry, "cannot resolve " + url_.host + ": " + ec.message()};
        }
        auto req = buildRequest(m);
        Exchange x(ioc, req, reached);
        x.start(endpoints, deadline);
        ioc.run();
        if (x.gotStatus()) {
            return classifyStatus(x.reply().result_int(), x.reply().body());
        }
        std::string what = x.error() == beast::error::timeout ? "timed out" : x.error().message();
        if (x.failedAt() == Stage::reading) {
            return {HandoffResult::uncertain,
                    "no reply from " + where + " after the request was sent: " + what};
        }
        if (x.failedAt() == Stage::writing) {
            return {HandoffResult::retry, "request to " + where + " not fully sent: " + what};
        }
        return {HandoffResult::retry, "cannot connect to " + where + ": " + what};
    }

    void remember(std::int64_t id) {
        if (!acceptedSet_.insert(id).second) {
            return;
        }
        acceptedOrder_.push_back(id);
        if (acceptedOrder_.size() > kRememberedIds) {
            acceptedSet_.erase(acceptedOrder_.front());
            acceptedOrder_.pop_front();
        }
    }

    WebhookOptions o_;
    HttpUrl url_;
    std::deque<std::int64_t> acceptedOrder_; // the outbox asks soon after; old ids can go
    std::unordered_set<std::int64_t> acceptedSet_;
};

} // namespace

Result<std::unique_ptr<MessageTransport>> makeWebhook(WebhookOptions o) {
    auto url = parseHttpUrl(o.url);
    if (!url) {
        return url.error();
    }
    if (!officeIdOk(o.officeId)) {
        return makeError(ErrorCode::configInvalid,
                         "webhook officeId '" + o.officeId + "' must be 1-64 of A-Z a-z 0-9 - _ .");
    }
    if (!urlSafe(o.bearerToken)) { // the token itself is never put in a message
        return makeError(ErrorCode::configInvalid,
                         "webhook bearer token has spaces or non-ASCII characters");
    }
    if (o.timeout.count() <= 0) {
        return makeError(ErrorCode::configInvalid, "webhook timeout must be above 0 ms");
    }
    std::unique_ptr<MessageTransport> t =
        std::make_unique<WebhookTransport>(std::move(o), std::move(*url));
    return t;
}

} // namespace qmsd
