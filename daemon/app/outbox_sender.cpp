#include "app/outbox_sender.hpp"

#include "messages/gammu_spool.hpp"
#include "messages/phone_number.hpp"
#include "messages/webhook_transport.hpp"

#include <spdlog/spdlog.h>

#include <fstream>

namespace qmsd {
namespace {

using Steady = std::chrono::steady_clock;
constexpr auto kPollEvery = std::chrono::milliseconds{1000};
constexpr auto kCalledUsefulFor = std::chrono::minutes{30};

// [messages] sender = "log": the demo's and a trial's sender. Nothing leaves
// the machine; the log says what would have been sent, the number masked.
class LogTransport final : public MessageTransport {
  public:
    explicit LogTransport(std::shared_ptr<spdlog::logger> log) : log_(std::move(log)) {}
    std::string_view name() const override { return "log"; }
    Handoff send(const OutgoingMessage& m) override {
        log_->info("message {} to {} not sent ([messages] sender = \"log\"): {}", m.id, maskPhone(m.to), m.text);
        return {HandoffResult::accepted, "written to the log"};
    }
    Delivery status(std::int64_t) override { return {DeliveryState::sent, "written to the log"}; }
    bool recognisesRepeats() const override { return true; }

  private:
    std::shared_ptr<spdlog::logger> log_;
};

std::chrono::milliseconds backoff(int attempts) {
    // 10 s, 20 s, 40 s … at most 10 minutes.
    auto delay = std::chrono::seconds{10} * (1 << std::min(attempts > 0 ? attempts - 1 : 0, 6));
    return std::min<std::chrono::milliseconds>(delay, std::chrono::minutes{10});
}

// The hand-over and, when it was accepted, where the message stands at once:
// a gateway or the log knows it sent it, a modem's spool does not yet.
std::pair<Handoff, Delivery> handOver(MessageTransport& t, const OutgoingMessage& m) {
    Handoff h = t.send(m);
    Delivery d = h.result == HandoffResult::accepted ? t.status(m.id) : Delivery{};
    return {std::move(h), std::move(d)};
}

} // namespace

Result<std::unique_ptr<MessageTransport>> makeMessageTransport(const MessageSettings& settings,
                                                               const std::string& officeId,
                                                               std::shared_ptr<spdlog::logger> log) {
    switch (settings.sender) {
    case MessageSender::log:
        return std::unique_ptr<MessageTransport>(std::make_unique<LogTransport>(std::move(log)));
    case MessageSender::gammu:
        return makeGammuSpool(GammuSpoolOptions{settings.gammuOutbox, settings.gammuSent, settings.gammuError});
    case MessageSender::webhook: {
        WebhookOptions o;
        o.url = settings.webhookUrl;
        o.timeout = std::chrono::milliseconds{settings.webhookTimeoutMs};
        o.officeId = officeId;
        if (!settings.webhookTokenFile.empty()) {
            std::ifstream in(settings.webhookTokenFile);
            if (!in || !std::getline(in, o.bearerToken) || o.bearerToken.empty()) {
                return makeError(ErrorCode::configInvalid, "messages.webhook_token_file: cannot read a token from " +
                                                               settings.webhookTokenFile);
            }
        }
        return makeWebhook(std::move(o));
    }
    }
    return makeError(ErrorCode::configInvalid, "messages.sender: unknown");
}

OutboxSender::OutboxSender(boost::asio::io_context& io, std::unique_ptr<MessageTransport> transport, Submit submit,
                           EngineView engine, std::shared_ptr<spdlog::logger> log)
    : io_(io), transport_(std::move(transport)), submit_(std::move(submit)), engine_(std::move(engine)),
      log_(std::move(log)), lane_(io, 4), timer_(io), reminders_(io) {}

OutboxSender::~OutboxSender() { stop(); }

void OutboxSender::start() {
    log_->info("messages on: sender={}", transport_->name());
    pump();
    poll();
    const auto& config = engine_().config();
    if (config.booking.enabled && config.booking.reminderMinutes > 0) {
        remindLater();
    }
}

void OutboxSender::stop() {
    stopped_ = true;
    timer_.cancel();
    reminders_.cancel();
}

// Planned first against the engine as it stands (a plan changes nothing), so
// a command is submitted only when some reminder is due.
void OutboxSender::remindLater() {
    reminders_.expires_after(std::chrono::seconds{30});
    reminders_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted || stopped_) {
            return;
        }
        const auto& engine = engine_();
        auto due = engine.plan(RemindBookings{}, CommandMeta{systemNow(), "system:messages"});
        if (!reminding_ && due && !due->empty()) {
            reminding_ = true;
            submit_(RemindBookings{}, [this, alive = std::weak_ptr<bool>(alive_)](const Result<Events>& r) {
                if (alive.expired()) {
                    return;
                }
                reminding_ = false;
                if (!r) {
                    log_->warn("reminders not queued, will retry: {}", r.error().message);
                }
            });
        }
        remindLater();
    });
}

void OutboxSender::onCommitted(const Events& events) {
    for (const Event& e : events) {
        if (e.kind == EventKind::messageQueued) {
            pump();
            return;
        }
    }
}

bool OutboxSender::quietNow() const {
    const auto& engine = engine_();
    const MessageSettings& m = engine.config().messages;
    if (m.quietHours.empty()) {
        return false;
    }
    int minute = engine.clock().local(systemNow()).minuteOfDay;
    int from = m.quiet.openMinute, to = m.quiet.closeMinute;
    return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

std::string OutboxSender::stale(const OutboxMessage& m) const {
    if (!m.booking.empty()) { // a booking's confirmation or reminder
        const Booking* b = engine_().bookings().find(m.booking);
        if (b == nullptr || b->state != BookingState::booked) {
            return "no longer useful: booking " + m.booking + " is " +
                   (b != nullptr ? std::string(bookingStateName(b->state)) : std::string("gone"));
        }
        return m.kind == kMessageReminder && systemNow() >= b->slotAt ? "no longer useful: the appointment has begun"
                                                                      : std::string{};
    }
    const Ticket* t = engine_().ticket(m.ticketId);
    if (t == nullptr) {
        return "its ticket is no longer in today's queue";
    }
    bool useless = (m.kind == kMessageTurnNear && t->state != TicketState::waiting) ||
                   (m.kind == kMessageCalled &&
                    (t->state != TicketState::called || systemNow() - m.queuedAt > kCalledUsefulFor));
    return useless ? "no longer useful: " + t->code + " is " + std::string(ticketStateName(t->state)) : std::string{};
}

void OutboxSender::pump() {
    if (stopped_ || busy_) {
        return;
    }
    const auto& engine = engine_();
    bool quiet = quietNow();
    auto now = Steady::now();
    std::optional<Steady::time_point> wake;
    for (const auto& [id, m] : engine.outbox()) {
        if (m.state == MessageState::sending) {
            // Left by a stop mid-hand-over (during a run, only the message
            // being sent is `sending`, and then busy_ is set).
            if (transport_->recognisesRepeats()) {
                busy_ = true;
                handOverOffLoop(OutgoingMessage{id, m.to, m.text, m.kind});
            } else {
                record(id, MessageState::failed,
                       "qmsd stopped while handing it over; not sent again, so it is never sent twice");
            }
            return;
        }
        if (m.state != MessageState::queued) {
            continue;
        }
        if (auto why = stale(m); !why.empty()) {
            record(id, MessageState::skipped, why);
            return;
        }
        if (quiet) {
            arm(std::chrono::minutes{1});
            return;
        }
        if (auto it = notBefore_.find(id); it != notBefore_.end() && it->second > now) {
            wake = wake ? std::min(*wake, it->second) : it->second;
            continue;
        }
        send(m);
        return;
    }
    if (wake) {
        arm(std::chrono::duration_cast<std::chrono::milliseconds>(*wake - now) + std::chrono::milliseconds{1});
    }
}

void OutboxSender::send(const OutboxMessage& m) {
    busy_ = true;
    OutgoingMessage out{m.id, m.to, m.text, m.kind};
    submit_(RecordMessage{m.id, MessageState::sending, {}}, [this, alive = std::weak_ptr<bool>(alive_), out](const Result<Events>& r) {
        if (!alive.lock() || stopped_) {
            return;
        }
        if (!r) {
            busy_ = false;
            log_->warn("message {} not sent: recording the hand-over failed: {}", out.id, r.error().message);
            arm(std::chrono::seconds{5});
            return;
        }
        handOverOffLoop(out);
    });
}

void OutboxSender::handOverOffLoop(const OutgoingMessage& out) {
    auto t = transport_;
    if (!lane_.run([t, out] { return handOver(*t, out); },
                   [this, id = out.id](std::pair<Handoff, Delivery> h) { onHandoff(id, h.first, h.second); })) {
        busy_ = false;
    }
}

void OutboxSender::onHandoff(std::int64_t id, const Handoff& h, const Delivery& d) {
    busy_ = false;
    if (stopped_) {
        return;
    }
    const OutboxMessage* m = engine_().message(id);
    int attempts = m != nullptr ? m->attempts : 0;
    int maxAttempts = engine_().config().messages.maxAttempts;
    switch (h.result) {
    case HandoffResult::accepted:
        notBefore_.erase(id);
        if (d.state == DeliveryState::sent) {
            record(id, MessageState::sent, {});
        } else {
            record(id, MessageState::handed, h.why);
        }
        return;
    case HandoffResult::retry:
        if (attempts >= maxAttempts) {
            log_->warn("message {} failed after {} attempts: {}", id, attempts, h.why);
            record(id, MessageState::failed, "gave up after " + std::to_string(attempts) + " attempts: " + h.why);
        } else {
            log_->info("message {} not handed over (attempt {} of {}), will retry: {}", id, attempts, maxAttempts,
                       h.why);
            notBefore_[id] = Steady::now() + backoff(attempts);
            record(id, MessageState::queued, "attempt " + std::to_string(attempts) + " failed: " + h.why);
        }
        return;
    case HandoffResult::uncertain:
        log_->warn("message {} may or may not have left: {}", id, h.why);
        record(id, MessageState::failed, h.why + "; not tried again, so it is never sent twice");
        return;
    case HandoffResult::rejected:
        log_->warn("message {} refused: {}", id, h.why);
        record(id, MessageState::failed, "refused: " + h.why);
        return;
    }
}

void OutboxSender::record(std::int64_t id, MessageState state, std::string why) {
    busy_ = true;
    submit_(RecordMessage{id, state, std::move(why)}, [this, alive = std::weak_ptr<bool>(alive_), id](const Result<Events>& r) {
        if (!alive.lock()) {
            return; // the sender is gone (shutdown): the command's answer has no one to tell
        }
        busy_ = false;
        if (stopped_) {
            return;
        }
        if (!r) {
            log_->warn("message {}: recording its state failed: {}", id, r.error().message);
            arm(std::chrono::seconds{5});
            return;
        }
        pump();
        poll();
    });
}

void OutboxSender::poll() {
    if (stopped_ || polling_) {
        return;
    }
    std::vector<std::int64_t> handed;
    for (const auto& [id, m] : engine_().outbox()) {
        if (m.state == MessageState::handed) {
            handed.push_back(id);
        }
    }
    if (handed.empty()) {
        return;
    }
    polling_ = true;
    auto t = transport_;
    bool queued = lane_.run(
        [t, handed] {
            std::vector<std::pair<std::int64_t, Delivery>> out;
            for (auto id : handed) {
                out.emplace_back(id, t->status(id));
            }
            return out;
        },
        [this](std::vector<std::pair<std::int64_t, Delivery>> results) {
            polling_ = false;
            if (stopped_) {
                return;
            }
            for (const auto& [id, d] : results) {
                if (d.state != DeliveryState::sent && d.state != DeliveryState::failed) {
                    continue;
                }
                auto state = d.state == DeliveryState::sent ? MessageState::sent : MessageState::failed;
                if (state == MessageState::failed) {
                    log_->warn("message {} failed at the modem: {}", id, d.why);
                }
                submit_(RecordMessage{id, state, d.why}, [this, alive = std::weak_ptr<bool>(alive_), msgId = id](const Result<Events>& r) {
                    if (alive.lock() && !r && !stopped_) {
                        log_->warn("message {}: recording its delivery failed: {}", msgId, r.error().message);
                    }
                });
            }
            arm(kPollEvery);
        });
    if (!queued) {
        polling_ = false;
    }
}

void OutboxSender::arm(std::chrono::milliseconds after) {
    if (stopped_) {
        return;
    }
    auto at = Steady::now() + after;
    if (timer_.expiry() > Steady::now() && timer_.expiry() <= at) {
        return; // already armed sooner
    }
    timer_.expires_at(at);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted || stopped_) {
            return;
        }
        pump();
        poll();
    });
}

} // namespace qmsd
