#pragma once
// The city page's live stream, pushed from PostgreSQL: one connection LISTENs
// on channel qmsd_city (qmsd_hello/qmsd_ingest notify it with the office's
// id in the same transaction as the change); its socket waits on the loop,
// nothing polls. Notifications that arrive together are coalesced (250 ms),
// the offices' rows fetched on a worker and sent to every client that may
// see them. While the listener is down clients get {"type":"database",
// "up":false}; when it is back everyone gets a fresh snapshot, since
// notifications sent meanwhile are lost.
//
// Messages: {"type":"snapshot","offices":[office]} on connect and after a
// reconnect to the database, {"type":"office","office":office} on a change,
// {"type":"database","up":bool}.
#include "city/city_auth.hpp"
#include "city/office_json.hpp"
#include "city/pg_workers.hpp"
#include "http/http_types.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <memory>
#include <set>
#include <string>

namespace spdlog {
class logger;
}

namespace qmsd::city {

class CityLive {
  public:
    CityLive(boost::asio::io_context& io, PgWorkers& workers, const OfficeClock& clock);
    ~CityLive();
    void start();
    void stop();
    void accept(boost::beast::tcp_stream&& stream, http::HttpRequest&& req, const CityCaller& caller);
    bool databaseUp() const { return listening_; }
    std::size_t clients() const { return clients_.size(); }

    struct Client;

  private:
    void connect();
    void retryLater();
    void waitReadable();
    void onReadable();
    void fetch(std::vector<std::string> ids, bool snapshot, int attempt = 0);
    void send(Client& c, std::shared_ptr<const std::string> text);
    void sendSnapshot(const std::shared_ptr<Client>& c);
    void remove(const std::shared_ptr<Client>& c);
    void broadcastDatabase();

    boost::asio::io_context& io_;
    PgWorkers& workers_;
    const OfficeClock& clock_;
    std::shared_ptr<spdlog::logger> log_;
    std::unique_ptr<pg::Connection> listener_;
    std::unique_ptr<boost::asio::posix::stream_descriptor> socket_;
    boost::asio::steady_timer retry_;
    boost::asio::steady_timer coalesce_;
    bool coalesceArmed_ = false;
    std::set<std::string> pending_;
    bool listening_ = false;
    bool stopped_ = false;
    int failures_ = 0;
    std::set<std::shared_ptr<Client>> clients_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace qmsd::city
