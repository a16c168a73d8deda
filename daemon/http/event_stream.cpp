#include "http/event_stream.hpp"

#include "http/api_context.hpp"
#include "http/refusal_log.hpp"
#include "http/rating_views.hpp"
#include "http/reply.hpp"
#include "http/ws_client.hpp"

#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>

namespace qmsd::http {

namespace beast = boost::beast;
namespace ws = boost::beast::websocket;

// The queue, the slow-client limit and the read loop are WsClient's
// (shared with the city's stream); this is whom it serves.
struct EventStream::Client : WsClient {
    using WsClient::WsClient;
    bool ready = false; // initial snapshot/replay queued
    Caller caller;
    bool narrow = false; // a kiosk or display: the public hall's view
    // Its places in the limits: the connection, and for ?ticket= the ticket's and address's.
    std::shared_ptr<ConnectionSlot> slot;
    Tally::Hold ticketHold;
    Tally::Hold addressHold;
    // A citizen's phone (?ticket=PUBLIC_ID, no token): only that ticket's
    // status, sent when it changes; never the event log.
    std::string ticket;
    std::string lastTicket; // the last ticket message sent
    // A counter's rating screen (its token's counter): only what that screen
    // shows ({"type":"rating_screen"}), sent when it changes.
    int screenCounter = 0;
    std::string lastScreen;

    bool wantsEvents() const { return ticket.empty() && screenCounter == 0; }
    bool isLeader() const { return caller.role == Role::leader || caller.role == Role::admin; }

    // A replay (up to kMaxReplay) is queued at once; only live messages the
    // client has not taken count towards the slow-client limit (kMaxQueued):
    // one further behind reconnects with its last seq and catches up from the store.
    void send(std::shared_ptr<const std::string> message, bool replay = false) {
        WsClient::send(std::move(message), kMaxQueued, replay);
    }
};

EventStream::EventStream(ApiContext& ctx) : ctx_(ctx) {}

EventStream::~EventStream() {
    *alive_ = false;
}

void EventStream::reject(beast::tcp_stream&& stream, HttpRequest&& req, const Error& error,
                         std::shared_ptr<ConnectionSlot> slot) {
    auto s = std::make_shared<beast::tcp_stream>(std::move(stream));
    auto res = std::make_shared<HttpResponse>(error.code == ErrorCode::tooManyConnections
                                                  ? retryLaterReply(error, 5)
                                                  : errorReply(error));
    res->version(req.version());
    res->keep_alive(false);
    res->set(beast::http::field::server, "qmsd");
    res->set("X-Content-Type-Options", "nosniff");
    res->prepare_payload();
    s->expires_after(std::chrono::seconds{5});
    // The slot is held until the socket is done with.
    beast::http::async_write(*s, *res, [s, res, slot](beast::error_code, std::size_t) {
        beast::error_code ec;
        s->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
        s->close();
    });
}

void EventStream::accept(beast::tcp_stream&& stream, HttpRequest&& req, const Caller& caller,
                         const std::map<std::string, std::string>& query, std::shared_ptr<ConnectionSlot> slot) {
    std::string ticket;
    if (auto t = query.find("ticket"); t != query.end()) {
        ticket = t->second;
    }
    Tally::Hold ticketHold;
    Tally::Hold addressHold;
    if (!ticket.empty()) {
        // One paper ticket must not open a thousand sockets, nor one host follow every ticket.
        const auto& api = ctx_.config().api;
        std::string why;
        if (byTicket_.count(ticket) >= api.maxStreamsPerTicket) {
            why = "this ticket is already followed by " + std::to_string(byTicket_.count(ticket)) +
                  " connections (api.max_streams_per_ticket)";
        } else if (byAddress_.count(caller.remote) >= api.maxStreamsPerAddress) {
            why = "this address already follows " + std::to_string(byAddress_.count(caller.remote)) +
                  " tickets (api.max_streams_per_address)";
        }
        if (!why.empty()) {
            ctx_.refusals.note("ticket_streams", caller.remote, why);
            return reject(std::move(stream), std::move(req), makeError(ErrorCode::tooManyConnections, why),
                          std::move(slot));
        }
        ticketHold = byTicket_.hold(ticket);
        addressHold = byAddress_.hold(caller.remote);
    }
    auto client = std::make_shared<Client>(std::move(stream));
    client->caller = caller;
    client->narrow = !seesStaffIds(caller); // kiosks, displays, editors…: the public hall's view
    client->slot = std::move(slot);
    client->ticketHold = std::move(ticketHold);
    client->addressHold = std::move(addressHold);
    client->socket.set_option(ws::stream_base::timeout::suggested(beast::role_type::server));
    client->ticket = ticket;
    if (ticket.empty() && caller.role == Role::ratingScreen) {
        client->screenCounter = caller.counter;
    }
    auto since = query.find("since");
    std::string sinceText = since == query.end() ? std::string{} : since->second;
    auto request = std::make_shared<HttpRequest>(std::move(req));
    client->socket.async_accept(*request, [this, alive = alive_, client, request, sinceText](beast::error_code ec) {
        if (ec || !*alive) {
            return;
        }
        clients_.insert(client);
        start(client, sinceText);
    });
}

// Snapshot or replay first (after any pending commit), then live; a read loop
// notices the client leaving.
void EventStream::start(const std::shared_ptr<Client>& client, const std::string& since) {
    ctx_.daemon.whenCommitted([this, alive = alive_, client, since] {
        if (!*alive || client->closing) {
            return;
        }
        if (!client->ticket.empty()) {
            sendTicket(*client);
            client->ready = true;
            return;
        }
        if (client->screenCounter != 0) {
            sendScreen(*client);
            client->ready = true;
            return;
        }
        std::int64_t after = -1;
        if (!since.empty()) {
            auto [ptr, ec] = std::from_chars(since.data(), since.data() + since.size(), after);
            if (ec != std::errc{} || ptr != since.data() + since.size() || after < 0) {
                after = -1;
            }
        }
        bool replayed = false;
        std::int64_t last = ctx_.engine().lastSeq();
        if (after > 0 && after <= last && static_cast<std::size_t>(last - after) <= kMaxReplay) {
            // From the event the client already has: it must be today's, or the
            // client holds another day's state and needs a snapshot.
            auto events = ctx_.daemon.store().eventsAfter(after - 1, static_cast<int>(kMaxReplay) + 1);
            bool usable = events && !events->empty() && events->front().seq == after;
            for (std::size_t i = 0; usable && i < events->size(); ++i) {
                usable = (*events)[i].day == ctx_.engine().day();
            }
            if (usable) {
                for (std::size_t i = 1; i < events->size(); ++i) {
                    client->send(
                        std::make_shared<const std::string>(eventMessage((*events)[i], client->narrow).dump()),
                        true);
                }
                replayed = true;
            }
        }
        if (!replayed) {
            client->send(std::make_shared<const std::string>(snapshot(client->narrow).dump()));
        }
        client->ready = true;
    });
    client->readUntilGone([this, alive = alive_, weak = std::weak_ptr<Client>(client)] {
        if (auto c = weak.lock(); c && *alive) {
            remove(c);
        }
    });
}

void EventStream::remove(const std::shared_ptr<Client>& client) {
    client->closing = true;
    clients_.erase(client);
}

void EventStream::publish(const std::vector<Event>& events) {
    if (clients_.empty()) {
        return;
    }
    for (const auto& e : events) {
        std::shared_ptr<const std::string> views[2]; // [narrow], made when first needed
        for (const auto& c : clients_) {
            if (c->ready && c->wantsEvents()) {
                auto& message = views[c->narrow ? 1 : 0];
                if (!message) {
                    message = std::make_shared<const std::string>(eventMessage(e, c->narrow).dump());
                }
                c->send(message);
            }
        }
        // A "Không hài lòng" (with the citizen's comment) goes to the leader only.
        if (auto leader = ratingLeaderMessage(ctx_, e)) {
            auto text = std::make_shared<const std::string>(leader->dump());
            for (const auto& c : clients_) {
                if (c->ready && c->wantsEvents() && c->isLeader()) {
                    c->send(text);
                }
            }
        }
    }
    // Any event can move a ticket up its line or change its estimate: each
    // citizen gets their ticket again, if it changed; each rating screen its view.
    for (const auto& c : clients_) {
        if (c->ready && !c->ticket.empty()) {
            sendTicket(*c);
        } else if (c->ready && c->screenCounter != 0) {
            sendScreen(*c);
        }
    }
}

void EventStream::sendScreen(Client& client) {
    TimePoint now = systemNow();
    Json view = ratingScreenJson(ctx_, client.screenCounter, now);
    std::string key = view.dump();
    if (key == client.lastScreen) {
        return;
    }
    client.lastScreen = std::move(key);
    // "now" lets the screen count its window down whatever its own clock says.
    view["now"] = ctx_.time(now);
    client.send(std::make_shared<const std::string>(Json{{"type", "rating_screen"}, {"screen", std::move(view)}}.dump()));
}

void EventStream::sendTicket(Client& client) {
    const Ticket* t = ctx_.engine().ticketByPublicId(client.ticket);
    // Gone at the day's rollover: null, and the page says so.
    auto text = Json{{"type", "ticket"}, {"ticket", t != nullptr ? ctx_.ticketJson(*t, TicketView::citizen) : Json(nullptr)}}
                    .dump();
    if (text != client.lastTicket) {
        client.lastTicket = text;
        client.send(std::make_shared<const std::string>(std::move(text)));
    }
}

void EventStream::publishMessage(const Json& message, const std::function<bool(const Caller&)>& to) {
    auto text = std::make_shared<const std::string>(message.dump());
    for (const auto& c : clients_) {
        if (c->ready && c->wantsEvents() && to(c->caller)) {
            c->send(text);
        }
    }
}

void EventStream::closeAll() {
    for (const auto& c : clients_) {
        c->closeNow();
    }
    clients_.clear();
}

Json EventStream::snapshot(bool narrow) const {
    TimePoint now = systemNow();
    Json fields = Json::array();
    for (const auto& f : ctx_.config().fields) {
        fields.push_back(ctx_.fieldJson(f, now));
    }
    Json counters = Json::array();
    for (const auto& c : ctx_.config().counters) {
        counters.push_back(ctx_.counterJson(c.number, TicketView::citizen, !narrow));
    }
    return Json{{"type", "snapshot"},
                {"seq", ctx_.engine().lastSeq()},
                {"day", ctx_.engine().day()},
                {"office", ctx_.config().office.name},
                {"fields", std::move(fields)},
                {"counters", std::move(counters)},
                {"latest_calls", latestCallsJson(ctx_)}};
}

Json EventStream::eventMessage(const Event& e, bool narrow) const {
    const Ticket* t = e.ticketId != 0 ? ctx_.engine().ticket(e.ticketId) : nullptr;
    return Json{{"type", "event"},
                {"seq", e.seq},
                {"event", narrow ? ctx_.publicEventJson(e) : ctx_.eventJson(e)},
                {"ticket", t != nullptr ? ctx_.ticketJson(*t, TicketView::citizen) : Json(nullptr)},
                {"counter", e.counter != 0 && ctx_.config().counter(e.counter) != nullptr
                                ? ctx_.counterJson(e.counter, TicketView::citizen, !narrow)
                                : Json(nullptr)}};
}

} // namespace qmsd::http
