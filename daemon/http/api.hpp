#pragma once
#include "devices/printer_manager.hpp"
// The HTTP API as a whole: the server, the routes, authentication and role
// checks in front of every handler. Owned by the Daemon, on its io_context.
#include "http/api_context.hpp"
#include "http/auth.hpp"
#include "http/refusal_log.hpp"
#include "http/request_checks.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "device/bus.hpp"

#include <memory>

namespace qmsd::voice {
struct AnnouncementReady;
}

namespace qmsd::http {

class EventStream;

class Api {
  public:
    Api(boost::asio::io_context& io, Daemon& daemon, Store& store);
    ~Api();
    Status start(); // listen on api.bind:api.port
    void stop();
    void configure(const OfficeConfig& config); // after a reload: tokens and limits
    unsigned short port() const { return server_.port(); }
    // Every committed change, for the live stream.
    void onCommitted(const Events& events);
    void onDeviceHealth(const drivers::UnitHealth& health);
    void onAnnouncement(const voice::AnnouncementReady& a);
    void onPrinterState(const PrinterView& v);
    // A message outside the event sequence to every stream client (the
    // upstream shipper's state, daemon/upstream).
    void publish(const Json& message);
    ApiContext& context() { return ctx_; }
    std::size_t streamClients() const;

    // Authenticate, check the role, run the handler (used by the server and the fuzz target).
    void dispatch(HttpRequest&& req, const std::string& remote, Respond respond);

    // Whether a request carries a valid token (the header, or ?token= on an upgrade).
    bool authenticates(const HttpRequest& req) const;

  private:
    void upgrade(boost::beast::tcp_stream&& stream, HttpRequest&& req, std::shared_ptr<ConnectionSlot> slot);

    Daemon& daemon_;
    Auth auth_;
    RefusalLog refusals_;
    HostRule hostRule_;
    ApiContext ctx_;
    Router router_;
    Server server_;
    std::unique_ptr<EventStream> stream_;
};

ServerLimits limitsFrom(const ApiSettings& api);
// The bearer token of a request: the Authorization header, or ?token= (WebSocket).
std::string bearerToken(const HttpRequest& req, const std::map<std::string, std::string>& query);

} // namespace qmsd::http
