#pragma once
// The live stream: WebSocket clients (TV displays, kiosks, counter pages, the
// dashboard) get a snapshot with a sequence number, then every committed
// change. A citizen's phone opens it with ?ticket=PUBLIC_ID and no token and
// gets only that ticket ({"type":"ticket"}) whenever it changes; a counter's
// rating screen gets only what it shows ({"type":"rating_screen"}); the
// leader and admins also get {"type":"rating_alert"} for a "Không hài lòng".
// A client reconnecting with ?since=SEQ gets what it missed, read
// from the store, so this survives a daemon restart too; if it is too far
// behind (another day, or more than kMaxReplay events) it gets a snapshot.
#include "core/result.hpp"
#include "engine/event.hpp"
#include "http/connection_limits.hpp"
#include "http/http_types.hpp"
#include "http/json.hpp"

#include <boost/beast/core/tcp_stream.hpp>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace qmsd::http {

struct ApiContext;

class EventStream {
  public:
    static constexpr std::size_t kMaxReplay = 5000;
    static constexpr std::size_t kMaxQueued = 2000; // a client further behind is closed (1013)

    explicit EventStream(ApiContext& ctx);
    ~EventStream();

    // `slot`: the connection's place in the server's limits, held as long as
    // the stream lives. A ?ticket= stream past api.max_streams_per_ticket or
    // api.max_streams_per_address is refused (503).
    void accept(boost::beast::tcp_stream&& stream, HttpRequest&& req, const Caller& caller,
                const std::map<std::string, std::string>& query, std::shared_ptr<ConnectionSlot> slot);
    // An upgrade we refuse: a plain HTTP error reply, then close.
    void reject(boost::beast::tcp_stream&& stream, HttpRequest&& req, const Error& error,
                std::shared_ptr<ConnectionSlot> slot = nullptr);
    void publish(const std::vector<Event>& events);
    // Not part of the seq'd event log (device health, printers, announcements),
    // sent to the token clients `to` accepts.
    void publishMessage(const Json& message, const std::function<bool(const Caller&)>& to);
    void closeAll();
    std::size_t clients() const { return clients_.size(); }

    // `narrow`: for kiosks and displays (api_context.hpp): no staff ids, no
    // actors, no free-text reasons.
    Json snapshot(bool narrow) const;
    Json eventMessage(const Event& e, bool narrow) const;

    struct Client;

  private:
    void start(const std::shared_ptr<Client>& client, const std::string& since);
    void remove(const std::shared_ptr<Client>& client);
    void sendTicket(Client& client);
    void sendScreen(Client& client);

    ApiContext& ctx_;
    std::set<std::shared_ptr<Client>> clients_;
    Tally byTicket_;  // ?ticket= streams per public id
    Tally byAddress_; // ?ticket= streams per address
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace qmsd::http
