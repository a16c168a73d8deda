#pragma once
// Accepts connections on the daemon's io_context and hands each request to
// the dispatcher. Keeps one host from taking the API down (README
// "Connections"): a cap on all connections, a smaller one per address for
// connections that have shown no token, a share of the whole kept for those
// that do, and short deadlines for headers. A refused client gets a 503 JSON
// reply and is closed; the daemon keeps serving the others.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "http/connection_limits.hpp"
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

class RefusalLog;

struct ServerLimits {
    int maxConnections = 1000;
    int reservedConnections = 100;      // kept for connections that show a token
    int maxConnectionsPerAddress = 32;  // without a token, from one address
    std::size_t maxBodyBytes = 16 * 1024;
    std::chrono::seconds headerTimeout{5};
    std::chrono::seconds requestTimeout{10};
    std::chrono::seconds idleTimeout{60};
    // Between requests, a connection that has shown no token waits at most this.
    std::chrono::seconds anonymousIdleTimeout{15};
};

// Answers one complete request (remote = peer address).
using Dispatch = std::function<void(HttpRequest&&, const std::string& remote, Respond)>;
// Takes over a connection that asked for a WebSocket upgrade, with its place in the limits.
using Upgrade = std::function<void(boost::beast::tcp_stream&&, HttpRequest&&, std::shared_ptr<ConnectionSlot>)>;
// Whether a request shows a valid token (its connection then counts as authenticated).
using Authenticate = std::function<bool(const HttpRequest&)>;

class Server {
  public:
    Server(boost::asio::io_context& io, ServerLimits limits, RefusalLog& refusals, Dispatch dispatch,
           Upgrade upgrade, Authenticate authenticate);
    ~Server();
    Status listen(const std::string& address, int port);
    void stop();
    unsigned short port() const; // the bound port (for port 0 in tests)
    const ServerLimits& limits() const { return limits_; }
    void setLimits(ServerLimits limits);

    int openConnections() const { return all_.total(); }
    // For Connection: a request's headers have arrived. False: refuse it (503, close).
    bool admitRequest(ConnectionSlot& slot, const HttpRequest& req);
    void dispatch(HttpRequest&& req, const std::string& remote, Respond respond) {
        dispatch_(std::move(req), remote, std::move(respond));
    }
    void upgrade(boost::beast::tcp_stream&& stream, HttpRequest&& req, std::shared_ptr<ConnectionSlot> slot) {
        upgrade_(std::move(stream), std::move(req), std::move(slot));
    }
    RefusalLog& refusals() { return refusals_; }

  private:
    void accept();
    void onAccepted(boost::asio::ip::tcp::socket socket);
    int maxConnections() const; // the configured cap, within the file descriptors we have

    boost::asio::io_context& io_;
    ServerLimits limits_;
    RefusalLog& refusals_;
    Dispatch dispatch_;
    Upgrade upgrade_;
    Authenticate authenticate_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::shared_ptr<spdlog::logger> log_;
    Tally all_;       // every connection, by address
    Tally anonymous_; // connections that have shown no token yet, by address
    int fdBudget_ = 0; // connections the file descriptor limit leaves room for
    // Shared with the connections so they can outlive a stopped server.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Raises the soft limit on open files to the hard limit (systemd leaves the
// soft one at 1024 for compatibility) and returns what it is now.
long raiseOpenFileLimit();

} // namespace qmsd::http
