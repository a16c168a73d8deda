#include "http/api.hpp"
#include "http/handlers/printer.hpp"
#include "voice/voice_service.hpp"

#include "http/event_stream.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerStaticRoutes(Router& router, ApiContext& ctx); // handlers/static_files.cpp: the web pages

ServerLimits limitsFrom(const ApiSettings& api) {
    return ServerLimits{api.maxConnections, static_cast<std::size_t>(api.maxBodyBytes),
                        std::chrono::seconds{api.requestTimeoutSeconds},
                        std::chrono::seconds{api.idleTimeoutSeconds}};
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
    : daemon_(daemon), auth_(store, systemNow()), ctx_{daemon, auth_, {}},
      server_(io, limitsFrom(daemon.config().api),
              [this](HttpRequest&& req, const std::string& remote, Respond respond) {
                  dispatch(std::move(req), remote, std::move(respond));
              },
              [this](boost::beast::tcp_stream&& s, HttpRequest&& req, const std::string& remote) {
                  upgrade(std::move(s), std::move(req), remote);
              }),
      stream_(std::make_unique<EventStream>(ctx_)) {
    auth_.configure(daemon.config());
    registerHealthRoutes(router_, ctx_);
    registerTicketRoutes(router_, ctx_);
    registerQrRoutes(router_, ctx_);
    registerSessionRoutes(router_, ctx_);
    registerCounterRoutes(router_, ctx_);
    registerDisplayRoutes(router_, ctx_);
    registerStatsRoutes(router_, ctx_);
    registerEventLogRoutes(router_, ctx_);
    registerReportRoutes(router_, ctx_);
    registerDeviceRoutes(router_, ctx_);
    registerAdminRoutes(router_, ctx_);
    registerNoticeRoutes(router_, ctx_);
    registerProcedureRoutes(router_, ctx_);
    registerInfoRoutes(router_, ctx_);
    registerRatingRoutes(router_, ctx_);
    registerMetricsRoutes(router_, ctx_);
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
    server_.setLimits(limitsFrom(config.api));
}

void Api::onCommitted(const Events& events) { stream_->publish(events); }

std::size_t Api::streamClients() const { return stream_->clients(); }
void Api::publish(const Json& message) { stream_->publishMessage(message); }

void Api::onPrinterState(const PrinterView& v) {
    stream_->publishMessage(Json{{"type", "printer"}, {"printer", printerJson(ctx_, v)}});
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
                                 {"url", "/api/v1/announcements/" + std::to_string(a.id)}});
}

void Api::onDeviceHealth(const drivers::UnitHealth& health) {
    stream_->publishMessage(Json{{"type", "device"}, {"device", deviceJson(ctx_, health)}});
}

void Api::dispatch(HttpRequest&& req, const std::string& remote, Respond respond) {
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

void Api::upgrade(boost::beast::tcp_stream&& stream, HttpRequest&& req, const std::string& remote) {
    std::string path;
    std::map<std::string, std::string> query;
    splitTarget(std::string_view(req.target().data(), req.target().size()), path, query);
    auto caller = auth_.identify(bearerToken(req, query), systemNow());
    if (path != "/api/v1/stream") {
        return stream_->reject(std::move(stream), std::move(req),
                               makeError(ErrorCode::notFound, "WebSocket only at /api/v1/stream"));
    }
    if (!caller) {
        return stream_->reject(std::move(stream), std::move(req), caller.error());
    }
    if (auto ticket = query.find("ticket"); ticket != query.end()) {
        // Anyone holding a ticket's 128-bit public id may follow that ticket, and nothing else.
        if (ctx_.engine().ticketByPublicId(ticket->second) == nullptr) {
            return stream_->reject(std::move(stream), std::move(req),
                                   makeError(ErrorCode::unknownTicket, "no ticket with that id today"));
        }
        caller->remote = remote;
        return stream_->accept(std::move(stream), std::move(req), *caller, query);
    }
    if (caller->role == Role::anonymous) { // no token: 401, as for every other endpoint
        return stream_->reject(std::move(stream), std::move(req),
                               makeError(ErrorCode::unauthenticated, "the stream needs a token"));
    }
    caller->remote = remote;
    stream_->accept(std::move(stream), std::move(req), *caller, query);
}

} // namespace qmsd::http
