#include "http/server.hpp"

#include "app/logging.hpp"
#include "http/connection.hpp"
#include "http/refusal_log.hpp"
#include "http/reply.hpp"

#include <boost/asio/ip/address.hpp>
#include <sys/resource.h>

#include <algorithm>

namespace qmsd::http {

namespace asio = boost::asio;

namespace {
// Descriptors kept for everything that is not a client: the store, logs,
// serial ports, printers, the voice's sound card, the accept retry.
constexpr long kReservedDescriptors = 64;
constexpr int kRetryAfterSeconds = 5;
} // namespace

long raiseOpenFileLimit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) {
        return 1024;
    }
    if (lim.rlim_cur < lim.rlim_max) {
        rlimit raised = lim;
        raised.rlim_cur = lim.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            lim = raised;
        }
    }
    return lim.rlim_cur == RLIM_INFINITY ? 1L << 20 : static_cast<long>(lim.rlim_cur);
}

Server::Server(asio::io_context& io, ServerLimits limits, RefusalLog& refusals, Dispatch dispatch, Upgrade upgrade,
               Authenticate authenticate)
    : io_(io), limits_(limits), refusals_(refusals), dispatch_(std::move(dispatch)), upgrade_(std::move(upgrade)),
      authenticate_(std::move(authenticate)), acceptor_(io), retry_(io), log_(moduleLogger("http")) {}

Server::~Server() {
    *alive_ = false;
}

void Server::setLimits(ServerLimits limits) {
    limits_ = limits;
}

int Server::maxConnections() const {
    return static_cast<int>(std::min<long>(limits_.maxConnections, fdBudget_));
}

Status Server::listen(const std::string& address, int port) {
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(address, ec);
    if (ec) {
        return makeError(ErrorCode::configInvalid, "api.bind: '" + address + "' is not an address");
    }
    long files = raiseOpenFileLimit();
    fdBudget_ = static_cast<int>(std::max(16L, std::min<long>(files - kReservedDescriptors, 1L << 30)));
    if (fdBudget_ < limits_.maxConnections) {
        log_->warn("api.max_connections={} but the open file limit is {}: at most {} connections "
                   "(raise LimitNOFILE in the unit)",
                   limits_.maxConnections, files, fdBudget_);
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
            refusals_.note("accept_failed", "-", ec.message());
            retry_.expires_after(std::chrono::milliseconds{100});
            retry_.async_wait([this, alive](boost::system::error_code wec) {
                if (!wec && *alive) {
                    accept();
                }
            });
            return;
        }
        onAccepted(std::move(socket));
        accept();
    });
}

void Server::onAccepted(asio::ip::tcp::socket socket) {
    boost::system::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    std::string address = ec ? "unknown" : ep.address().to_string();
    auto conn = std::make_shared<Connection>(std::move(socket), *this, alive_, address);
    auto refuse = [&](const std::string& what, const std::string& detail) {
        refusals_.note(what, address, detail);
        conn->refuse(retryLaterReply(makeError(ErrorCode::tooManyConnections, detail), kRetryAfterSeconds));
    };
    int max = maxConnections();
    if (all_.total() >= max) {
        return refuse("server_full", "the server has " + std::to_string(all_.total()) +
                                         " connections open (its limit); try again shortly");
    }
    if (anonymous_.count(address) >= limits_.maxConnectionsPerAddress) {
        return refuse("address_full", "this address (" + address + ") already has " +
                                          std::to_string(anonymous_.count(address)) +
                                          " connections open without a token (api.max_connections_per_address)");
    }
    auto slot = std::make_shared<ConnectionSlot>();
    slot->address = address;
    slot->probation = anonymous_.total() >= max - limits_.reservedConnections;
    slot->connection = all_.hold(address);
    slot->anonymous = anonymous_.hold(address);
    conn->start(std::move(slot));
}

bool Server::admitRequest(ConnectionSlot& slot, const HttpRequest& req) {
    if (slot.authenticated()) {
        return true;
    }
    if (authenticate_(req)) {
        slot.authenticate();
        return true;
    }
    if (!slot.probation) {
        return true;
    }
    refusals_.note("reserved_for_tokens", slot.address,
                   "the connections left are kept for kiosks, displays, counters and the leader");
    return false;
}

} // namespace qmsd::http
