#include "city/city_live.hpp"

#include "app/logging.hpp"
#include "http/reply.hpp"
#include "http/ws_client.hpp"

#include <boost/beast/websocket.hpp>
#include <unistd.h>

namespace qmsd::city {

namespace beast = boost::beast;
namespace ws = boost::beast::websocket;

// The queue, the slow-client limit and the read loop are the office
// stream's (http/ws_client.hpp); this is whom it serves.
struct CityLive::Client : http::WsClient {
    using WsClient::WsClient;
    CityCaller caller;
};

namespace {

constexpr std::size_t kMaxQueued = 500; // a client this far behind reconnects and gets a snapshot
constexpr auto kCoalesce = std::chrono::milliseconds{250};

} // namespace

CityLive::CityLive(boost::asio::io_context& io, PgWorkers& workers, const OfficeClock& clock)
    : io_(io), workers_(workers), clock_(clock), log_(moduleLogger("live")), retry_(io), coalesce_(io) {}

CityLive::~CityLive() {
    *alive_ = false;
}

void CityLive::start() { connect(); }

void CityLive::stop() {
    stopped_ = true;
    retry_.cancel();
    coalesce_.cancel();
    if (socket_) {
        boost::system::error_code ec;
        socket_->close(ec);
    }
    for (const auto& c : clients_) {
        c->closeNow();
    }
    clients_.clear();
}

// The LISTEN connection is made on a worker (connecting blocks), then handed
// to the loop, which alone uses it from then on.
void CityLive::connect() {
    pg::ConnectParams params = workers_.params();
    params.applicationName = "qmsd-city listen";
    workers_.run(
        [params](pg::Connection&) -> Result<std::shared_ptr<pg::Connection>> {
            auto c = pg::Connection::open(params);
            if (!c) {
                return c.error();
            }
            if (auto st = c->run("LISTEN qmsd_city"); !st) {
                return st.error();
            }
            return std::make_shared<pg::Connection>(std::move(*c));
        },
        [this](Result<std::shared_ptr<pg::Connection>> r) {
            if (stopped_) {
                return;
            }
            if (!r) {
                if (failures_++ == 0) {
                    log_->warn("cannot listen for office changes: {}; retrying", r.error().message);
                }
                retryLater();
                return;
            }
            listener_ = std::make_unique<pg::Connection>(std::move(**r));
            socket_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, ::dup(listener_->socket()));
            if (failures_ > 0) {
                log_->info("listening for office changes again after {} attempts", failures_);
            }
            failures_ = 0;
            listening_ = true;
            broadcastDatabase();
            fetch({}, true); // what changed while nobody listened
            waitReadable();
        });
}

void CityLive::retryLater() {
    listening_ = false;
    retry_.expires_after(std::chrono::seconds{std::min(30, 1 << std::min(failures_, 5))});
    retry_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !stopped_) {
            connect();
        }
    });
}

void CityLive::waitReadable() {
    socket_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                        [this, alive = alive_](const boost::system::error_code& ec) {
                            if (!*alive || ec == boost::asio::error::operation_aborted || stopped_) {
                                return;
                            }
                            onReadable();
                        });
}

void CityLive::onReadable() {
    if (!listener_->consume()) {
        log_->warn("lost the database connection that listens for office changes; reconnecting");
        boost::system::error_code ec;
        socket_->close(ec);
        socket_.reset();
        listener_.reset();
        listening_ = false;
        broadcastDatabase();
        ++failures_;
        retryLater();
        return;
    }
    while (auto n = listener_->nextNotification()) {
        if (n->channel == "qmsd_city" && !n->payload.empty()) {
            pending_.insert(n->payload);
        }
    }
    if (!pending_.empty() && !coalesceArmed_) {
        coalesceArmed_ = true;
        coalesce_.expires_after(kCoalesce);
        coalesce_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) {
                return;
            }
            coalesceArmed_ = false;
            std::vector<std::string> ids(pending_.begin(), pending_.end());
            pending_.clear();
            fetch(std::move(ids), false);
        });
    }
    waitReadable();
}

// Rows of `ids` (all offices when empty) to every client allowed to see them.
// A snapshot after a reconnect is tried again until it is read: the first
// query after PostgreSQL came back can land on a worker whose connection died
// with the old server (libpq only notices on use), and the clients were told
// the database is up and wait for what changed meanwhile.
void CityLive::fetch(std::vector<std::string> ids, bool snapshot, int attempt) {
    workers_.run([ids](pg::Connection& c) { return loadOffices(c, ids); },
                 [this, snapshot, attempt](Result<std::vector<OfficeRow>> rows) {
                     if (!rows) {
                         if (attempt == 0) {
                             log_->warn("reading offices for the live view: {}", rows.error().message);
                         }
                         if (snapshot && listening_ && !stopped_) {
                             auto again = std::make_shared<boost::asio::steady_timer>(
                                 io_, std::chrono::milliseconds{std::min(10000, 250 << std::min(attempt, 6))});
                             again->async_wait([this, again, attempt, alive = alive_](const boost::system::error_code& ec) {
                                 if (!ec && *alive && !stopped_ && listening_) {
                                     fetch({}, true, attempt + 1);
                                 }
                             });
                         }
                         return;
                     }
                     if (snapshot) {
                         for (const auto& c : clients_) {
                             sendSnapshot(c);
                         }
                         return;
                     }
                     for (const auto& row : *rows) {
                         auto text = std::make_shared<const std::string>(
                             Json{{"type", "office"}, {"office", officeJson(row, clock_)}}.dump(
                                 -1, ' ', false, Json::error_handler_t::replace));
                         for (const auto& c : clients_) {
                             if (c->caller.canSee(row.id)) {
                                 send(*c, text);
                             }
                         }
                     }
                 });
}

void CityLive::sendSnapshot(const std::shared_ptr<Client>& client) {
    std::vector<std::string> only;
    if (client->caller.role == CityRole::officeLeader) {
        only.push_back(client->caller.office);
    }
    workers_.run([only](pg::Connection& c) { return loadOffices(c, only); },
                 [this, client](Result<std::vector<OfficeRow>> rows) {
                     if (client->closing) {
                         return;
                     }
                     Json offices = Json::array();
                     if (rows) {
                         for (const auto& row : *rows) {
                             offices.push_back(officeJson(row, clock_));
                         }
                     }
                     send(*client, std::make_shared<const std::string>(
                                       Json{{"type", "snapshot"}, {"database_up", rows.ok() && listening_},
                                            {"offices", std::move(offices)}}
                                           .dump(-1, ' ', false, Json::error_handler_t::replace)));
                 });
}

void CityLive::broadcastDatabase() {
    auto text = std::make_shared<const std::string>(Json{{"type", "database"}, {"up", listening_}}.dump());
    for (const auto& c : clients_) {
        send(*c, text);
    }
}

void CityLive::send(Client& c, std::shared_ptr<const std::string> text) { c.send(std::move(text), kMaxQueued); }

void CityLive::remove(const std::shared_ptr<Client>& c) {
    c->closing = true;
    clients_.erase(c);
}

void CityLive::accept(beast::tcp_stream&& stream, http::HttpRequest&& req, const CityCaller& caller) {
    auto client = std::make_shared<Client>(std::move(stream));
    client->caller = caller;
    client->socket.set_option(ws::stream_base::timeout::suggested(beast::role_type::server));
    auto request = std::make_shared<http::HttpRequest>(std::move(req));
    client->socket.async_accept(*request, [this, alive = alive_, client, request](beast::error_code ec) {
        if (ec || !*alive || stopped_) {
            return;
        }
        clients_.insert(client);
        sendSnapshot(client);
        client->readUntilGone([this, alive, weak = std::weak_ptr<Client>(client)] {
            if (auto c = weak.lock(); c && *alive) {
                remove(c);
            }
        });
    });
}

} // namespace qmsd::city
