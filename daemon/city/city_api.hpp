#pragma once
// qmsd-city's HTTP side, on the office daemon's own HTTP server, router and
// reply conventions (daemon/http): JSON under /api/v1, errors with a stable
// code and Vietnamese/English text, read-only. Routes (README.md here):
// GET /api/v1/health, /offices, /offices/{id}, /offices/{id}/config,
// /reports/summary, the WebSocket /api/v1/stream, and the city page.
#include "city/city_auth.hpp"
#include "city/city_config.hpp"
#include "city/city_live.hpp"
#include "city/pg_workers.hpp"
#include "http/connection_limits.hpp"
#include "http/refusal_log.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace qmsd::city {

class CityApi {
  public:
    CityApi(boost::asio::io_context& io, const CityConfig& config, PgWorkers& workers, CityLive& live,
            const OfficeClock& clock, int schemaVersion);
    Status start();
    void stop();
    unsigned short port() const { return server_.port(); }

    void dispatch(http::HttpRequest&& req, const std::string& remote, http::Respond respond);

  private:
    void upgrade(boost::beast::tcp_stream&& stream, http::HttpRequest&& req, std::shared_ptr<http::ConnectionSlot> slot);
    bool authenticates(const http::HttpRequest& req) const;
    void registerRoutes();

    const CityConfig& config_;
    PgWorkers& workers_;
    CityLive& live_;
    const OfficeClock& clock_;
    int schemaVersion_;
    CityAuth auth_;
    http::Router router_;
    http::RefusalLog refusals_; // refused connections, summed up in the log
    http::Server server_;
};

// The city's pages (daemon/city/web) and the office pages' shared assets
// (daemon/web: css, api.js, dom.js, charts.js).
void registerCityStaticRoutes(http::Router& router);

} // namespace qmsd::city
