#pragma once
// Accepts connections on the daemon's io_context and hands each request to
// the dispatcher. Enforces the connection limit: past it a client gets a 503
// JSON reply and is closed, and the daemon keeps serving the others.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "http/http_types.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <functional>
#include <memory>

namespace spdlog {
class logger;
}

namespace qmsd::http {

struct ServerLimits {
    int maxConnections = 200;
    std::size_t maxBodyBytes = 16 * 1024;
    std::chrono::seconds requestTimeout{10};
    std::chrono::seconds idleTimeout{60};
};

// Answers one complete request (remote = peer address).
using Dispatch = std::function<void(HttpRequest&&, const std::string& remote, Respond)>;
// Takes over a connection that asked for a WebSocket upgrade.
using Upgrade = std::function<void(boost::beast::tcp_stream&&, HttpRequest&&, const std::string& remote)>;

class Server {
  public:
    Server(boost::asio::io_context& io, ServerLimits limits, Dispatch dispatch, Upgrade upgrade);
    ~Server();
    Status listen(const std::string& address, int port);
    void stop();
    unsigned short port() const; // the bound port (for port 0 in tests)
    const ServerLimits& limits() const { return limits_; }
    void setLimits(ServerLimits limits) { limits_ = limits; }

    // Connection bookkeeping (connection.cpp).
    void connectionOpened() { ++open_; }
    void connectionClosed() { --open_; }
    int openConnections() const { return open_; }
    void dispatch(HttpRequest&& req, const std::string& remote, Respond respond) {
        dispatch_(std::move(req), remote, std::move(respond));
    }
    void upgrade(boost::beast::tcp_stream&& stream, HttpRequest&& req, const std::string& remote) {
        upgrade_(std::move(stream), std::move(req), remote);
    }

  private:
    void accept();

    boost::asio::io_context& io_;
    ServerLimits limits_;
    Dispatch dispatch_;
    Upgrade upgrade_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::shared_ptr<spdlog::logger> log_;
    int open_ = 0;
    // Shared with the connections so they can outlive a stopped server.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace qmsd::http
