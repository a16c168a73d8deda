#include "http/server.hpp"

#include "app/logging.hpp"
#include "http/connection.hpp"
#include "http/reply.hpp"

#include <boost/asio/ip/address.hpp>

namespace qmsd::http {

namespace asio = boost::asio;

Server::Server(asio::io_context& io, ServerLimits limits, Dispatch dispatch, Upgrade upgrade)
    : io_(io), limits_(limits), dispatch_(std::move(dispatch)), upgrade_(std::move(upgrade)),
      acceptor_(io), retry_(io), log_(moduleLogger("http")) {}

Server::~Server() {
    *alive_ = false;
}

Status Server::listen(const std::string& address, int port) {
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(address, ec);
    if (ec) {
        return makeError(ErrorCode::configInvalid, "api.bind: '" + address + "' is not an address");
    }
    asio::ip::tcp::endpoint ep{addr, static_cast<unsigned short>(port)};
    acceptor_.open(ep.protocol(), ec);
    if (!ec) {
        acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor_.bind(ep, ec);
    }
    if (!ec) {
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return makeError(ErrorCode::configInvalid, "cannot listen on " + address + ":" +
                                                       std::to_string(port) + ": " + ec.message());
    }
    log_->info("listening address={} port={}", address, this->port());
    accept();
    return Ok{};
}

unsigned short Server::port() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void Server::stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
}

void Server::accept() {
    acceptor_.async_accept([this, alive = alive_](boost::system::error_code ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !*alive) {
            return;
        }
        if (ec) {
            // EMFILE and friends: the other connections go on; try again shortly.
            log_->warn("accept failed: {}", ec.message());
            retry_.expires_after(std::chrono::milliseconds{100});
            retry_.async_wait([this, alive](boost::system::error_code wec) {
                if (!wec && *alive) {
                    accept();
                }
            });
            return;
        } else {
            auto conn = std::make_shared<Connection>(std::move(socket), *this, alive_);
            if (open_ >= limits_.maxConnections) {
                log_->warn("refused a connection: {} open (limit {})", open_, limits_.maxConnections);
                conn->refuse(errorReply(makeError(ErrorCode::tooManyConnections,
                                                  "the server has " + std::to_string(open_) +
                                                      " connections open; try again shortly")));
            } else {
                conn->start();
            }
        }
        accept();
    });
}

} // namespace qmsd::http
