#include "bench_load.hpp"

#include "bench_daemon.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace qmsd::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;

double wallNow() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {

double since(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// One keep-alive connection sending its script's requests one after another.
class Client : public std::enable_shared_from_this<Client> {
  public:
    Client(asio::io_context& io, Script script, Tally& tally, std::function<void()> connected)
        : stream_(io), script_(std::move(script)), tally_(tally), connected_(std::move(connected)) {}

    void connect(const tcp::endpoint& ep) {
        stream_.async_connect(ep, [self = shared_from_this()](beast::error_code ec) {
            if (ec) {
                die("connect: " + ec.message());
            }
            self->connected_();
        });
    }

    void send() {
        req_ = Request{};
        if (Clock::now() >= tally_.end || !script_.next(req_)) {
            return close();
        }
        req_.version(11);
        req_.set(bh::field::host, "127.0.0.1");
        req_.keep_alive(true);
        req_.prepare_payload();
        sent_ = Clock::now();
        bh::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                die("write: " + ec.message());
            }
            self->read();
        });
    }

  private:
    void read() {
        res_ = Response{};
        bh::async_read(stream_, buffer_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->onReply(ec);
        });
    }

    void onReply(beast::error_code ec) {
        if (ec) {
            die("read: " + ec.message());
        }
        auto now = Clock::now();
        bool inWindow = now <= tally_.end;
        if (inWindow) {
            tally_.ms.push_back(since(sent_, now) * 1000.0);
            ++tally_.completed;
            tally_.lastReply = std::max(tally_.lastReply, now);
        }
        if (!script_.check(res_)) {
            if (tally_.firstRefusal.empty()) {
                tally_.firstRefusal = std::to_string(res_.result_int()) + " " + res_.body();
            }
            ++tally_.refused;
            return close();
        }
        send();
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    Request req_;
    Response res_;
    Script script_;
    Tally& tally_;
    std::function<void()> connected_;
    Clock::time_point sent_{};
};

} // namespace

Tally runLoad(const tcp::endpoint& ep, int n, double seconds, const std::function<Script(int)>& scriptFor) {
    asio::io_context io;
    Tally tally;
    tally.end = Clock::time_point::max();
    std::vector<std::shared_ptr<Client>> clients;
    int connected = 0;
    auto onConnected = [&tally, &clients, &connected, n, seconds] {
        if (++connected < n) {
            return;
        }
        tally.start = Clock::now();
        tally.wallStart = wallNow();
        tally.end = tally.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
        for (auto& c : clients) {
            c->send();
        }
    };
    for (int i = 0; i < n; ++i) {
        clients.push_back(std::make_shared<Client>(io, scriptFor(i), tally, onConnected));
        clients.back()->connect(ep);
    }
    io.run();
    return tally;
}

Script issueScript(int client, std::shared_ptr<long> budget) {
    auto seq = std::make_shared<long>(0);
    std::string auth = "Bearer " + kioskToken(client % kKiosks + 1);
    return Script{
        [client, seq, budget, auth](Request& req) {
            if (budget && --*budget < 0) {
                return false;
            }
            long i = ++*seq;
            req.method(bh::verb::post);
            req.target("/api/v1/tickets");
            req.set(bh::field::authorization, auth);
            req.set(bh::field::content_type, "application/json");
            req.body() = "{\"field\":\"" + std::string(kFields[(client + i) % std::size(kFields)]) +
                         "\",\"request_id\":\"c" + std::to_string(client) + "-" + std::to_string(i) + "\"}";
            return true;
        },
        [](const Response& res) { return res.result() == bh::status::created; }};
}

Script callScript(const std::string& token, int counter) {
    auto calling = std::make_shared<bool>(false);
    std::string base = "/api/v1/counters/" + std::to_string(counter) + "/";
    return Script{
        [calling, base, token](Request& req) {
            *calling = !*calling;
            req.method(bh::verb::post);
            req.target(base + (*calling ? "call-next" : "finish"));
            req.set(bh::field::authorization, "Bearer " + token);
            return true;
        },
        [](const Response& res) { return res.result() == bh::status::ok; }};
}

namespace {

// One request on its own connection (set-up only).
Response roundTrip(const tcp::endpoint& ep, Request req) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    beast::error_code ec;
    stream.connect(ep, ec);
    req.version(11);
    req.set(bh::field::host, "127.0.0.1");
    req.prepare_payload();
    if (!ec) {
        bh::write(stream, req, ec);
    }
    beast::flat_buffer buffer;
    Response res;
    if (!ec) {
        bh::read(stream, buffer, res, ec);
    }
    if (ec) {
        die("set-up request " + std::string(req.target()) + ": " + ec.message());
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return res;
}

} // namespace

std::vector<std::string> logIn(const tcp::endpoint& ep, int n) {
    std::vector<std::string> tokens;
    for (int c = 1; c <= n; ++c) {
        Request req{bh::verb::post, "/api/v1/sessions", 11};
        req.set(bh::field::content_type, "application/json");
        req.body() = nlohmann::json{{"staff", staffId(c)}, {"pin", pinOf(c)}, {"counter", c}}.dump();
        Response res = roundTrip(ep, std::move(req));
        if (res.result() != bh::status::created) {
            die("login of " + staffId(c) + " refused: " + res.body());
        }
        auto reply = nlohmann::json::parse(res.body(), nullptr, false);
        if (!reply.is_object() || !reply.contains("token") || !reply["token"].is_string()) {
            die("login of " + staffId(c) + ": no token in " + res.body());
        }
        tokens.push_back(reply["token"].get<std::string>());
    }
    return tokens;
}

} // namespace qmsd::bench
