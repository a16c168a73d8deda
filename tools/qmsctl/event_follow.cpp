// One io_context runs the stream, the reconnect timer and the signal set, so
// SIGINT interrupts a read, a connect or a back-off alike and closes cleanly.
#include "event_follow.hpp"

#include "cli.hpp"
#include "ctl.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>

namespace qmsctl {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = boost::beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr int kMaxBackoffSeconds = 10;
constexpr auto kCloseGrace = std::chrono::seconds{2};

class Follower {
  public:
    Follower(const FollowRequest& request, OnStreamMessage onMessage)
        : request_(request), onMessage_(std::move(onMessage)),
          lastSeq_(request.since.value_or(-1)) {}

    int run() {
        signals_.async_wait([this](beast::error_code ec, int) {
            if (!ec) {
                stop(exitOk);
            }
        });
        connect();
        io_.run();
        return exitCode_;
    }

  private:
    void connect() {
        resolver_.async_resolve(request_.url.host, request_.url.port,
                                [this](beast::error_code ec, tcp::resolver::results_type results) {
                                    if (stopping_) {
                                        return;
                                    }
                                    if (ec) {
                                        return fail("cannot resolve '" + request_.url.host +
                                                    "': " + ec.message());
                                    }
                                    onResolved(results);
                                });
    }

    void onResolved(const tcp::resolver::results_type& results) {
        socket_.emplace(io_);
        beast::get_lowest_layer(*socket_).expires_after(request_.timeout);
        beast::get_lowest_layer(*socket_).async_connect(
            results, [this](beast::error_code ec, const tcp::endpoint&) {
                if (stopping_) {
                    return;
                }
                if (ec) {
                    return fail(ec == beast::error::timeout ? "no connection within the timeout"
                                                            : ec.message());
                }
                handshake();
            });
    }

    void handshake() {
        beast::get_lowest_layer(*socket_).expires_never();
        ws::stream_base::timeout opt{};
        opt.handshake_timeout = request_.timeout;
        opt.idle_timeout = std::chrono::seconds{30}; // pings at half of it catch a dead peer
        opt.keep_alive_pings = true;
        socket_->set_option(opt);
        socket_->set_option(
            ws::stream_base::decorator([token = request_.token](ws::request_type& req) {
                req.set(beast::http::field::user_agent, "qmsctl/" QMSD_VERSION);
                if (!token.empty()) {
                    req.set(beast::http::field::authorization, "Bearer " + token);
                }
            }));
        std::string target = request_.url.basePath + "/api/v1/stream";
        if (lastSeq_ >= 0) {
            target += "?since=" + std::to_string(lastSeq_);
        }
        handshakeReply_ = {};
        socket_->async_handshake(handshakeReply_, request_.url.host + ":" + request_.url.port,
                                 target, [this](beast::error_code ec) { onHandshake(ec); });
    }

    void onHandshake(beast::error_code ec) {
        if (stopping_) {
            return;
        }
        if (ec && handshakeReply_.result_int() >= 400) {
            // Refused (bad token, wrong role): retrying will not help.
            return stop(reportHttpError(handshakeReply_.result_int(), handshakeReply_.body()));
        }
        if (ec) {
            return fail(ec == beast::error::timeout ? "no answer within the timeout"
                                                    : ec.message());
        }
        if (connected_) {
            std::cerr << "qmsctl: reconnected to the live stream\n";
        }
        connected_ = true;
        backoffSeconds_ = 1;
        read();
    }

    void read() {
        socket_->async_read(buffer_, [this](beast::error_code ec, std::size_t) {
            if (stopping_) {
                return;
            }
            if (ec) {
                return fail(ec == ws::error::closed  ? closedWhy()
                            : ec == asio::error::eof ? "qmsd closed the connection"
                                                     : ec.message());
            }
            std::string raw = beast::buffers_to_string(buffer_.data());
            buffer_.consume(buffer_.size());
            if (deliver(raw)) {
                read();
            }
        });
    }

    std::string closedWhy() const {
        const ws::close_reason& r = socket_->reason();
        return "the server closed the stream (code " + std::to_string(r.code) + " " +
               std::string(r.reason.data(), r.reason.size()) + ")";
    }

    // False when reading should not go on (stopped, or reconnecting after a gap).
    bool deliver(const std::string& raw) {
        nlohmann::json message = nlohmann::json::parse(raw, nullptr, false);
        if (!message.is_object() || !message.contains("seq") ||
            !message["seq"].is_number_integer()) {
            std::cerr << "qmsctl: ignored a stream message that is not qmsd's: "
                      << raw.substr(0, 120) << "\n";
            return true;
        }
        long long seq = message["seq"].get<long long>();
        if (message.value("type", "") == "event") {
            if (lastSeq_ >= 0 && seq <= lastSeq_) {
                return true; // already shown before a reconnect
            }
            if (lastSeq_ >= 0 && seq != lastSeq_ + 1) {
                failGap(seq);
                return false;
            }
        }
        lastSeq_ = seq;
        if (!onMessage_(raw, message)) {
            stop(exitOk);
            return false;
        }
        return true;
    }

    void failGap(long long seq) {
        std::cerr << "qmsctl: events " << lastSeq_ + 1 << "–" << seq - 1
                  << " were skipped; catching up\n";
        scheduleReconnect(0);
    }

    // The stream was lost or never came: the first time is an error; later
    // ones are outages to wait out, as `tail -F` waits for its file.
    void fail(const std::string& why) {
        if (!connected_) {
            std::cerr << "qmsctl: cannot reach qmsd at " << request_.url.text << ": " << why
                      << "\n";
            return stop(exitUnreachable);
        }
        std::cerr << "qmsctl: lost the live stream: " << why << "; reconnecting in "
                  << backoffSeconds_ << " s\n";
        scheduleReconnect(backoffSeconds_);
        backoffSeconds_ = std::min(backoffSeconds_ * 2, kMaxBackoffSeconds);
    }

    void scheduleReconnect(int seconds) {
        closeSocket();
        timer_.expires_after(std::chrono::seconds{seconds});
        timer_.async_wait([this](beast::error_code ec) {
            if (!ec && !stopping_) {
                connect();
            }
        });
    }

    void closeSocket() {
        if (socket_) {
            beast::error_code ignored;
            beast::get_lowest_layer(*socket_).socket().close(ignored);
        }
    }

    // Ends the loop: a polite close frame when the stream is up, bounded by a
    // grace period so a silent server cannot keep us.
    void stop(int code) {
        if (stopping_) {
            return;
        }
        stopping_ = true;
        exitCode_ = code;
        signals_.cancel();
        resolver_.cancel();
        timer_.cancel();
        if (socket_ && socket_->is_open()) {
            timer_.expires_after(kCloseGrace);
            timer_.async_wait([this](beast::error_code ec) {
                if (!ec) {
                    closeSocket();
                }
            });
            socket_->async_close(ws::close_code::normal, [this](beast::error_code) {
                timer_.cancel();
                closeSocket();
            });
        } else {
            closeSocket();
        }
    }

    FollowRequest request_;
    OnStreamMessage onMessage_;
    asio::io_context io_;
    asio::signal_set signals_{io_, SIGINT, SIGTERM};
    asio::steady_timer timer_{io_};
    tcp::resolver resolver_{io_};
    std::optional<ws::stream<beast::tcp_stream>> socket_;
    ws::response_type handshakeReply_;
    beast::flat_buffer buffer_;
    long long lastSeq_ = -1;
    bool connected_ = false;
    bool stopping_ = false;
    int backoffSeconds_ = 1;
    int exitCode_ = exitOk;
};

} // namespace

int followStream(const FollowRequest& request, OnStreamMessage onMessage) {
    Follower follower(request, std::move(onMessage));
    return follower.run();
}

} // namespace qmsctl
