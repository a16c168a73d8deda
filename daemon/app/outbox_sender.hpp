#pragma once
// Sends today's queued messages (engine/outbox.hpp) through the configured
// transport, one at a time, off the loop. Every step is committed before the
// next is taken: `sending` before the transport is asked, so a restart knows
// a hand-over may have happened; then handed/sent, a retry, or failed with
// why. At most once: after a restart a message found `sending` is handed over
// again only through a transport that recognises a repeat (gammu's spool, by
// the message id in the file name); otherwise it is marked failed, not sent.
#include "app/blocking_lane.hpp"
#include "app/journal.hpp"
#include "messages/transport.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <map>
#include <memory>
#include <set>

namespace spdlog {
class logger;
}

namespace qmsd {

class OutboxSender {
  public:
    using Submit = std::function<void(const Command&, CommandDone)>;
    using EngineView = std::function<const QueueEngine&()>;
    OutboxSender(boost::asio::io_context& io, std::unique_ptr<MessageTransport> transport, Submit submit,
                 EngineView engine, std::shared_ptr<spdlog::logger> log);
    ~OutboxSender();

    // After start-up's replay: settles messages a stop left `sending`.
    void start();
    void stop();
    void onCommitted(const Events& events);
    std::string_view transportName() const { return transport_->name(); }

  private:
    void pump();
    void send(const OutboxMessage& m);
    // The hand-over and the transport's first answer, on the lane; then onHandoff() on the loop.
    void handOverOffLoop(const OutgoingMessage& out);
    void onHandoff(std::int64_t id, const Handoff& h, const Delivery& d);
    void poll();
    void record(std::int64_t id, MessageState state, std::string why);
    void arm(std::chrono::milliseconds after);
    bool quietNow() const;
    // Why a queued message is of no use any more (its ticket moved on), or "".
    std::string stale(const OutboxMessage& m) const;
    // Appointments' reminders: every half minute, queued once due (RemindBookings).
    void remindLater();

    boost::asio::io_context& io_;
    std::shared_ptr<MessageTransport> transport_; // shared with the lane's jobs
    Submit submit_;
    EngineView engine_;
    std::shared_ptr<spdlog::logger> log_;
    BlockingLane lane_;
    boost::asio::steady_timer timer_;
    boost::asio::steady_timer reminders_;
    bool reminding_ = false; // a RemindBookings is being committed
    bool busy_ = false;    // a step of one message is under way
    bool polling_ = false; // a status check is under way
    bool stopped_ = false;
    std::map<std::int64_t, std::chrono::steady_clock::time_point> notBefore_; // retries' back-off
    // Commands' answers can come after the sender is gone (at shutdown).
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// The transport [messages] sender names, or why it cannot be made.
Result<std::unique_ptr<MessageTransport>> makeMessageTransport(const MessageSettings& settings,
                                                               const std::string& officeId,
                                                               std::shared_ptr<spdlog::logger> log);

} // namespace qmsd
