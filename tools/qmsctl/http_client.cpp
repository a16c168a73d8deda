// Synchronous on the outside, asynchronous inside: Beast's tcp_stream only
// enforces deadlines on async operations, so each call runs the private
// io_context until its one operation completes or the deadline closes it.
#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

namespace qmsctl {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Reports can be large; anything past this is not a qmsd reply.
constexpr std::uint64_t kBodyLimit = 64 * 1024 * 1024;

bool startsWithNoCase(const std::string& text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

bool validPort(const std::string& port) {
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    int n = std::stoi(port); // digits only, at most 5: cannot throw
    return n > 0 && n <= 65535;
}

http::verb verbOf(Method m) {
    switch (m) {
    case Method::post:
        return http::verb::post;
    case Method::del:
        return http::verb::delete_;
    case Method::get:
        break;
    }
    return http::verb::get;
}

// A closed idle keep-alive connection shows up as one of these before any
// byte of the answer: the request never reached qmsd and may be sent again.
bool staleConnection(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == asio::error::eof;
}

} // namespace

std::optional<ServerUrl> parseServerUrl(const std::string& text, std::string& problem) {
    if (startsWithNoCase(text, "https://")) {
        problem = "https is not supported: qmsd speaks plain HTTP; use an SSH tunnel to reach it "
                  "remotely";
        return std::nullopt;
    }
    if (!startsWithNoCase(text, "http://")) {
        problem = "the URL must start with http:// (got '" + text + "')";
        return std::nullopt;
    }
    ServerUrl url;
    url.text = text;
    std::string rest = text.substr(7);
    std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    url.basePath = slash == std::string::npos ? std::string{} : rest.substr(slash);
    while (!url.basePath.empty() && url.basePath.back() == '/') {
        url.basePath.pop_back();
    }
    // Accept the API root too: people copy it from the README.
    if (url.basePath.size() >= 7 &&
        url.basePath.compare(url.basePath.size() - 7, 7, "/api/v1") == 0) {
        url.basePath.resize(url.basePath.size() - 7);
    }
    std::size_t colon = authority.rfind(':');
    bool bracketed = !authority.empty() && authority.front() == '[';
    std::size_t close = authority.find(']');
    if (colon != std::string::npos && (!bracketed || colon > close)) {
        url.host = authority.substr(0, colon);
        url.port = authority.substr(colon + 1);
    } else {
        url.host = authority;
        url.port = "80";
    }
    if (bracketed && url.host.size() > 2 && url.host.back() == ']') {
        url.host = url.host.substr(1, url.host.size() - 2);
    }
    if (url.host.empty() || !validPort(url.port)) {
        problem = "'" + text + "' is not a valid http://host:port URL";
        return std::nullopt;
    }
    return url;
}

struct HttpClient::Impl {
    asio::io_context io;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    std::chrono::milliseconds timeout{};

    // Runs the loop until the operations started so far have finished.
    void runAll() {
        io.restart();
        io.run();
    }

    bool connect(const ServerUrl& url, TransportFailure& failure);
    beast::error_code exchange(const http::request<http::string_body>& req,
                               http::response_parser<http::string_body>& parser);
};

bool HttpClient::Impl::connect(const ServerUrl& url, TransportFailure& failure) {
    tcp::resolver resolver(io);
    beast::error_code ec;
    tcp::resolver::results_type results;
    bool resolved = false;
    resolver.async_resolve(
        url.host, url.port,
        [&ec, &results, &resolved](beast::error_code e, tcp::resolver::results_type r) {
            ec = e;
            results = std::move(r);
            resolved = true;
        });
    io.restart();
    io.run_for(timeout);
    if (!resolved) {
        resolver.cancel();
        runAll();
        failure = {"cannot resolve '" + url.host + "' in time", true};
        return false;
    }
    if (ec) {
        failure = {"cannot resolve '" + url.host + "': " + ec.message(), false};
        return false;
    }
    stream.emplace(io);
    stream->expires_after(timeout);
    stream->async_connect(results, [&ec](beast::error_code e, const tcp::endpoint&) { ec = e; });
    runAll();
    if (ec) {
        stream.reset();
        bool timedOut = ec == beast::error::timeout;
        failure = {timedOut ? "no connection within the timeout" : ec.message(), timedOut};
        return false;
    }
    return true;
}

beast::error_code HttpClient::Impl::exchange(const http::request<http::string_body>& req,
                                             http::response_parser<http::string_body>& parser) {
    beast::error_code ec;
    stream->expires_after(timeout);
    http::async_write(*stream, req, [&ec](beast::error_code e, std::size_t) { ec = e; });
    runAll();
    if (ec) {
        return ec;
    }
    buffer.clear();
    http::async_read(*stream, buffer, parser, [&ec](beast::error_code e, std::size_t) { ec = e; });
    runAll();
    return ec;
}

HttpClient::HttpClient(ServerUrl url, std::chrono::milliseconds timeout)
    : url_(std::move(url)), impl_(std::make_unique<Impl>()) {
    impl_->timeout = timeout;
}

HttpClient::~HttpClient() {
    if (impl_->stream) {
        beast::error_code ec;
        impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
    }
}

bool HttpClient::send(Method method, const std::string& target, const std::string& jsonBody,
                      const std::string& token, HttpReply& reply, TransportFailure& failure) {
    http::request<http::string_body> req{verbOf(method), url_.basePath + target, 11};
    req.set(http::field::host, url_.host + ":" + url_.port);
    req.set(http::field::user_agent, "qmsctl/" QMSD_VERSION);
    req.set(http::field::accept, "application/json");
    if (!token.empty()) {
        req.set(http::field::authorization, "Bearer " + token);
    }
    if (method == Method::post) {
        req.set(http::field::content_type, "application/json");
        req.body() = jsonBody.empty() ? "{}" : jsonBody;
    }
    req.keep_alive(true);
    req.prepare_payload();

    for (int attempt = 0; attempt < 2; ++attempt) {
        bool reused = impl_->stream.has_value();
        if (!reused && !impl_->connect(url_, failure)) {
            return false;
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        beast::error_code ec = impl_->exchange(req, parser);
        if (ec) {
            impl_->stream.reset();
            if (reused && !parser.got_some() && staleConnection(ec)) {
                continue; // qmsd closed the idle connection; this request never arrived
            }
            bool timedOut = ec == beast::error::timeout;
            failure = {timedOut ? "no answer within the timeout" : ec.message(), timedOut};
            return false;
        }
        auto& res = parser.get();
        reply.status = res.result_int();
        reply.body = std::move(res.body());
        if (!res.keep_alive()) {
            impl_->stream.reset();
        }
        return true;
    }
    failure = {"the connection was closed twice before an answer", false};
    return false;
}

} // namespace qmsctl
