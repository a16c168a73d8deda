#include "http/api.hpp"
#include "app/logging.hpp"
#include "http/handlers/printer.hpp"
#include "voice/voice_service.hpp"

#include "http/event_stream.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerStaticRoutes(Router& router, ApiContext& ctx); // handlers/static_files.cpp: the web pages

ServerLimits limitsFrom(const ApiSettings& api) {
    ServerLimits l;
    l.maxConnections = api.maxConnections;
    l.reservedConnections = api.reservedConnections;
    l.maxConnectionsPerAddress = api.maxConnectionsPerAddress;
    l.maxBodyBytes = static_cast<std::size_t>(api.maxBodyBytes);
    l.headerTimeout = std::chrono::seconds{api.headerTimeoutSeconds};
    l.requestTimeout = std::chrono::seconds{api.requestTimeoutSeconds};
    l.idleTimeout = std::chrono::seconds{api.idleTimeoutSeconds};
    return l;
}

std::string bearerToken(const HttpRequest& req, const std::map<std::string, std::string>& query) {
    auto header = req[bh::field::authorization];
    if (header.size() > 7 && (header.substr(0, 7) == "Bearer " || header.substr(0, 7) == "bearer ")) {
        return std::string(header.substr(7));
    }
    auto it = query.find("token");
    return it == query.end() ? std::string{} : it->second;
}

Api::Api(boost::asio::io_context& io, Daemon& daemon, Store& store)
    : daemon_(daemon), auth_(store, systemNow()), refusals_(io, moduleLogger("http")),
      ctx_{daemon, auth_, refusals_, {}},
      server_(
          io, limitsFrom(daemon.config().api), refusals_,
          [this](HttpRequest&& req, const std::string& remote, Respond respond) {
              dispatch(std::move(req), remote, std::move(respond));
          },
          [this](boost::beast::tcp_stream&& s, HttpRequest&& req, std::shared_ptr<ConnectionSlot> slot) {
              upgrade(std::move(s), std::move(req), std::move(slot));
          },
          [this](const HttpRequest& req) { return authenticates(req); }),
      stream_(std::make_unique<EventStream>(ctx_)) {
    auth_.configure(daemon.config());
    hostRule_.configure(daemon.config().api);
    registerHealthRoutes(router_, ctx_);
    registerTicketRoutes(router_, ctx_);
    registerQrRoutes(router_, ctx_);
    registerSessionRoutes(router_, ctx_);
    registerCounterRoutes(router_, ctx_);
    registerDisplayRoutes(router_, ctx_);
    registerStatsRoutes(router_, ctx_);
    registerEventLogRoutes(router_, ctx_);
    registerMessageRoutes(router_, ctx_);
    registerReportRoutes(router_, ctx_);
    registerDeviceRoutes(router_, ctx_);
    registerAdminRoutes(router_, ctx_);
    registerNoticeRoutes(router_, ctx_);
    registerProcedureRoutes(router_, ctx_);
    registerInfoRoutes(router_, ctx_);
    registerRatingRoutes(router_, ctx_);
    registerMetricsRoutes(router_, ctx_);
    registerBookingRoutes(router_, ctx_);
    registerStaticRoutes(router_, ctx_); // last: its catch-all patterns must not shadow the API
}

Api::~Api() = default;

Status Api::start() { return server_.listen(daemon_.config().api.bind, daemon_.config().api.port); }

void Api::stop() {
    server_.stop();
    stream_->closeAll();
}

void Api::configure(const OfficeConfig& config) {
    auth_.configure(config);
    hostRule_.configure(config.api);
    server_.setLimits(limitsFrom(config.api));
}

bool Api::authenticates(const HttpRequest& req) const {
    std::string path;
    std::map<std::string, std::string> query;
    if (boost::beast::websocket::is_upgrade(req)) {
        splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    }
    auto caller = auth_.identify(bearerToken(req, query), systemNow());
    return caller && caller->role != Role::anonymous;
}

void Api::onCommitted(const Events& events) { stream_->publish(events); }

std::size_t Api::streamClients() const { return stream_->clients(); }
// The upstream shipper's state (backlog, last error): for the leader and admins.
void Api::publish(const Json& message) {
    stream_->publishMessage(message, [](const Caller& c) { return c.role == Role::leader || c.role == Role::admin; });
}

// Printers: the leader's dashboard, and the kiosk whose printer it is.
void Api::onPrinterState(const PrinterView& v) {
    stream_->publishMessage(Json{{"type", "printer"}, {"printer", printerJson(ctx_, v)}},
                            [kiosk = v.config.kiosk](const Caller& c) {
                                return c.role == Role::leader || c.role == Role::admin ||
                                       (c.role == Role::kiosk && c.id == kiosk);
                            });
}

void Api::onAnnouncement(const voice::AnnouncementReady& a) {
    stream_->publishMessage(Json{{"type", "announcement"},
                                 {"id", a.id},
                                 {"event_seq", a.eventSeq},
                                 {"ticket", a.code},
                                 {"counter", a.counter},
                                 {"recall", a.recall},
                                 {"text", a.text},
                                 {"duration_ms", a.durationMs},
                                 {"url", "/api/v1/announcements/" + std::to_string(a.id)}},
                            [](const Caller&) { return true; }); // what the hall hears anyway
}

void Api::onDeviceHealth(const drivers::UnitHealth& health) {
    stream_->publishMessage(Json{{"type", "device"}, {"device", deviceJson(ctx_, health)}}, [](const Caller& c) {
        return c.role == Role::leader || c.role == Role::admin; // the dashboard's device table
    });
}

void Api::dispatch(HttpRequest&& req, const std::string& remote, Respond respond) {
    if (auto host = hostRule_.check(req); !host) {
        return respond(errorReply(host.error()));
    }
    std::string path;
    std::map<std::string, std::string> query;
    splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    auto match = router_.match(req.method(), path);
    if (!match) {
        return respond(errorReply(match.error()));
    }
    // Plain requests carry their token in the header only: a token in a URL
    // ends up in logs and browser history. (?token= is for WebSockets.)
    auto caller = auth_.identify(bearerToken(req, {}), systemNow());
    if (!caller) {
        return respond(errorReply(caller.error()));
    }
    caller->remote = remote;
    const auto& roles = match->roles;
    // What needs no token is open to every token too (an editor reads /health).
    bool allowed = caller->role == Role::admin ||
                   std::find(roles.begin(), roles.end(), caller->role) != roles.end() ||
                   std::find(roles.begin(), roles.end(), Role::anonymous) != roles.end();
    if (!allowed) {
        return respond(errorReply(makeError(
            caller->role == Role::anonymous ? ErrorCode::unauthenticated : ErrorCode::forbidden,
            caller->role == Role::anonymous ? "this needs a token"
                                            : "the " + std::string(roleName(caller->role)) +
                                                  " role may not do this")));
    }
    // The request lives here only for the handler's synchronous part; handlers
    // copy what their continuations need.
    auto owned = std::make_shared<HttpRequest>(std::move(req));
    Request r{*owned, std::move(match->params), std::move(query), std::move(*caller)};
    (*match->handler)(r, [owned, respond = std::move(respond)](HttpResponse res) { respond(std::move(res)); });
}

void Api::upgrade(boost::beast::tcp_stream&& stream, HttpRequest&& req, std::shared_ptr<ConnectionSlot> slot) {
    if (auto host = hostRule_.check(req); !host) {
        return stream_->reject(std::move(stream), std::move(req), host.error(), std::move(slot));
    }
    std::string path;
    std::map<std::string, std::string> query;
    splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    auto caller = auth_.identify(bearerToken(req, query), systemNow());
    if (path != "/api/v1/stream") {
        return stream_->reject(std::move(stream), std::move(req),
                               makeError(ErrorCode::notFound, "WebSocket only at /api/v1/stream"), std::move(slot));
    }
    if (!caller) {
        return stream_->reject(std::move(stream), std::move(req), caller.error(), std::move(slot));
    }
    caller->remote = slot->address;
    if (auto ticket = query.find("ticket"); ticket != query.end()) {
        // Anyone holding a ticket's public id (80 of its 128 bits random) may
        // follow that ticket, and nothing else.
        if (ctx_.engine().ticketByPublicId(ticket->second) == nullptr) {
            return stream_->reject(std::move(stream), std::move(req),
                                   makeError(ErrorCode::unknownTicket, "no ticket with that id today"),
                                   std::move(slot));
        }
        return stream_->accept(std::move(stream), std::move(req), *caller, query, std::move(slot));
    }
    if (caller->role == Role::anonymous) { // no token: 401, as for every other endpoint
        return stream_->reject(std::move(stream), std::move(req),
                               makeError(ErrorCode::unauthenticated, "the stream needs a token"), std::move(slot));
    }
    stream_->accept(std::move(stream), std::move(req), *caller, query, std::move(slot));
}

} // namespace qmsd::http
