#include "city/city_api.hpp"

#include "city/city_reports.hpp"
#include "city/city_report_output.hpp"
#include "app/logging.hpp"
#include "http/api.hpp"
#include "http/reply.hpp"
#include "reports/report_json.hpp"

#include <algorithm>

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/http/write.hpp>

namespace qmsd::city {

namespace bh = boost::beast::http;
namespace beast = boost::beast;
using http::Request;
using http::Respond;
using http::Role;

namespace {

// Three years, like the office's reports.
constexpr int kMaxDays = 1096;

// Routes take the office daemon's roles: every city reader is a "leader";
// which offices one sees is the CityCaller's business.
const std::initializer_list<Role> kReaders = {Role::leader};
const std::initializer_list<Role> kEveryone = {Role::anonymous, Role::leader};

Error badParam(const std::string& name, const std::string& why) {
    return makeError(ErrorCode::invalidArgument, "'" + name + "' " + why);
}

void rejectUpgrade(beast::tcp_stream&& stream, http::HttpRequest&& req, const Error& error) {
    auto s = std::make_shared<beast::tcp_stream>(std::move(stream));
    auto res = std::make_shared<http::HttpResponse>(http::errorReply(error));
    res->version(req.version());
    res->keep_alive(false);
    res->prepare_payload();
    s->expires_after(std::chrono::seconds{5});
    bh::async_write(*s, *res, [s, res](beast::error_code, std::size_t) {
        beast::error_code ec;
        s->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    });
}

// The office's limits, with the centre's connection count (leaders and the
// city's staff, a few hundred browsers at most).
http::ServerLimits limitsFor(const CityConfig& config) {
    http::ServerLimits l;
    l.maxConnections = config.maxConnections;
    l.reservedConnections = std::max(1, config.maxConnections / 10);
    return l;
}

} // namespace

CityApi::CityApi(boost::asio::io_context& io, const CityConfig& config, PgWorkers& workers, CityLive& live,
                 const OfficeClock& clock, int schemaVersion)
    : config_(config), workers_(workers), live_(live), clock_(clock), schemaVersion_(schemaVersion),
      auth_(config.users),
      refusals_(io, moduleLogger("city-http")),
      server_(io, limitsFor(config), refusals_,
              [this](http::HttpRequest&& req, const std::string& remote, Respond respond) {
                  dispatch(std::move(req), remote, std::move(respond));
              },
              [this](beast::tcp_stream&& s, http::HttpRequest&& req, std::shared_ptr<http::ConnectionSlot> slot) {
                  upgrade(std::move(s), std::move(req), std::move(slot));
              },
              [this](const http::HttpRequest& req) { return authenticates(req); }) {
    registerRoutes();
}

Status CityApi::start() { return server_.listen(config_.bind, config_.port); }

void CityApi::stop() { server_.stop(); }

void CityApi::dispatch(http::HttpRequest&& req, const std::string& remote, Respond respond) {
    std::string path;
    std::map<std::string, std::string> query;
    http::splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    auto match = router_.match(req.method(), path);
    if (!match) {
        return respond(http::errorReply(match.error()));
    }
    auto caller = auth_.identify(http::bearerToken(req, {}));
    if (!caller) {
        return respond(http::errorReply(caller.error()));
    }
    http::Caller who;
    who.role = caller->anonymous() ? Role::anonymous : Role::leader;
    who.id = caller->id;
    who.remote = remote;
    const auto& roles = match->roles;
    if (std::find(roles.begin(), roles.end(), who.role) == roles.end()) {
        return respond(http::errorReply(makeError(ErrorCode::unauthenticated, "this needs a token")));
    }
    auto owned = std::make_shared<http::HttpRequest>(std::move(req));
    Request r{*owned, std::move(match->params), std::move(query), std::move(who)};
    (*match->handler)(r, [owned, respond = std::move(respond)](http::HttpResponse res) { respond(std::move(res)); });
}

bool CityApi::authenticates(const http::HttpRequest& req) const {
    std::string path;
    std::map<std::string, std::string> query;
    http::splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    auto caller = auth_.identify(http::bearerToken(req, query));
    return caller && !caller->anonymous();
}

void CityApi::upgrade(beast::tcp_stream&& stream, http::HttpRequest&& req, std::shared_ptr<http::ConnectionSlot>) {
    std::string path;
    std::map<std::string, std::string> query;
    http::splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    if (path != "/api/v1/stream") {
        return rejectUpgrade(std::move(stream), std::move(req),
                             makeError(ErrorCode::notFound, "WebSocket only at /api/v1/stream"));
    }
    auto caller = auth_.identify(http::bearerToken(req, query));
    if (!caller) {
        return rejectUpgrade(std::move(stream), std::move(req), caller.error());
    }
    if (caller->anonymous()) {
        return rejectUpgrade(std::move(stream), std::move(req),
                             makeError(ErrorCode::unauthenticated, "the stream needs a token"));
    }
    live_.accept(std::move(stream), std::move(req), *caller);
}

namespace {

Result<reports::DayRange> rangeParams(const Request& req, const std::string& today) {
    std::string from = req.queryValue("from").empty() ? today : req.queryValue("from");
    std::string to = req.queryValue("to").empty() ? from : req.queryValue("to");
    if (!isValidDay(from)) {
        return badParam("from", "must be a date YYYY-MM-DD");
    }
    if (!isValidDay(to)) {
        return badParam("to", "must be a date YYYY-MM-DD");
    }
    reports::DayRange range{from, to};
    if (to < from) {
        return badParam("to", "is before 'from'");
    }
    if (reports::daysIn(range) > kMaxDays) {
        return badParam("to", "is more than " + std::to_string(kMaxDays) + " days after 'from'");
    }
    return range;
}

Error forbiddenOffice(const std::string& office) {
    return makeError(ErrorCode::forbidden, "an office leader sees only their own office, not \"" + office + "\"");
}

} // namespace

void CityApi::registerRoutes() {
    router_.add(bh::verb::get, "/api/v1/health", kEveryone, [this](const Request&, Respond respond) {
        bool up = live_.databaseUp();
        respond(http::jsonReply(bh::status::ok, Json{{"status", up ? "ok" : "degraded"},
                                                    {"service", "qmsd-city"},
                                                    {"name", config_.name},
                                                    {"database", up ? "up" : "down"},
                                                    {"schema_version", schemaVersion_},
                                                    {"stream_clients", live_.clients()},
                                                    {"version", QMSD_VERSION}}));
    });
    router_.add(bh::verb::get, "/api/v1/offices", kReaders, [this](const Request& r, Respond respond) {
        CityCaller who = auth_.byId(r.caller.id);
        std::vector<std::string> only;
        if (who.role == CityRole::officeLeader) {
            only.push_back(who.office);
        }
        workers_.run([only](pg::Connection& c) { return loadOffices(c, only); },
                     [this, respond = std::move(respond)](Result<std::vector<OfficeRow>> rows) {
                         if (!rows) {
                             return respond(http::errorReply(rows.error()));
                         }
                         Json list = Json::array();
                         for (const auto& row : *rows) {
                             list.push_back(officeJson(row, clock_));
                         }
                         respond(http::jsonReply(bh::status::ok, Json{{"name", config_.name}, {"offices", std::move(list)}}));
                     });
    });
    router_.add(bh::verb::get, "/api/v1/offices/{id}", kReaders, [this](const Request& r, Respond respond) {
        std::string id = r.param("id");
        if (!auth_.byId(r.caller.id).canSee(id)) {
            return respond(http::errorReply(forbiddenOffice(id)));
        }
        workers_.run([id](pg::Connection& c) { return loadOffices(c, {id}); },
                     [this, id, respond = std::move(respond)](Result<std::vector<OfficeRow>> rows) {
                         if (!rows) {
                             return respond(http::errorReply(rows.error()));
                         }
                         if (rows->empty()) {
                             return respond(http::errorReply(
                                 makeError(ErrorCode::notFound, "no office \"" + id + "\" at the centre")));
                         }
                         respond(http::jsonReply(bh::status::ok, Json{{"office", officeJson(rows->front(), clock_)}}));
                     });
    });
    // The office's config as it was on a day (default: today): names as the office had them.
    router_.add(bh::verb::get, "/api/v1/offices/{id}/config", kReaders, [this](const Request& r, Respond respond) {
        std::string id = r.param("id");
        if (!auth_.byId(r.caller.id).canSee(id)) {
            return respond(http::errorReply(forbiddenOffice(id)));
        }
        std::string day = r.queryValue("day").empty() ? clock_.localDay(systemNow()) : r.queryValue("day");
        if (!isValidDay(day)) {
            return respond(http::errorReply(badParam("day", "must be a date YYYY-MM-DD")));
        }
        workers_.run([id, day](pg::Connection& c) { return configOnDay(c, id, day); },
                     [id, day, respond = std::move(respond)](Result<std::string> text) {
                         if (!text) {
                             return respond(http::errorReply(text.error()));
                         }
                         if (text->empty()) {
                             return respond(http::errorReply(makeError(
                                 ErrorCode::notFound, "office \"" + id + "\" had sent no configuration by " + day)));
                         }
                         respond(http::jsonReply(bh::status::ok,
                                                 Json{{"office", id}, {"day", day}, {"config", Json::parse(*text, nullptr, false)}}));
                     });
    });
    router_.add(bh::verb::get, "/api/v1/reports/summary", kReaders, [this](const Request& r, Respond respond) {
        CityCaller who = auth_.byId(r.caller.id);
        auto range = rangeParams(r, clock_.localDay(systemNow()));
        if (!range) {
            return respond(http::errorReply(range.error()));
        }
        std::string format = r.queryValue("format").empty() ? "json" : r.queryValue("format");
        if (format != "json" && format != "csv" && format != "xlsx") {
            return respond(http::errorReply(badParam("format", "must be one of json, csv, xlsx")));
        }
        std::string office = r.queryValue("office");
        if (office.empty() && who.role == CityRole::officeLeader) {
            office = who.office;
        }
        if (!office.empty() && !who.canSee(office)) {
            return respond(http::errorReply(forbiddenOffice(office)));
        }
        std::string table = r.queryValue("table");
        if (!table.empty() && format == "json") {
            return respond(http::errorReply(badParam("table", "applies to format=csv or xlsx only")));
        }
        ReportRequest job{*range, office, format, table, systemNow()};
        workers_.run([job](pg::Connection& c) { return reportReply(c, job); },
                     [respond = std::move(respond)](Result<http::HttpResponse> res) {
                         respond(res ? std::move(*res) : http::errorReply(res.error()));
                     });
    });
    registerCityStaticRoutes(router_);
}

} // namespace qmsd::city
