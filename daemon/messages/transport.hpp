#pragma once
// How a queued message leaves the office: one transport per configured
// sender (gammu-smsd's spool for a USB GSM modem, an HTTP webhook for an SMS
// brand-name or Zalo gateway). The outbox (daemon/messages/outbox_sender.*)
// decides when to send and records every outcome; a transport only hands one
// message over and says how that went. Calls block (disk, network) and are
// made from the sender's one worker thread, never from the loop.
#include <cstdint>
#include <string>
#include <string_view>

namespace qmsd {

struct OutgoingMessage {
    std::int64_t id = 0; // the outbox row's id: unique within this office's store
    std::string to;      // a normalized Vietnamese number, "0901234567"
    std::string text;    // UTF-8, as the citizen should read it
    std::string kind;    // "called", "turn_near", ... (for the gateway's own logs)
};

enum class HandoffResult {
    accepted,  // the transport has it (or had it already: a repeat hands over nothing)
    retry,     // certainly not handed over (refused, unreachable, busy): safe to try again
    uncertain, // may or may not have been handed over (a timeout after the request left)
    rejected,  // refused for good (a bad number, a 4xx): do not try again
};

struct Handoff {
    HandoffResult result = HandoffResult::retry;
    std::string why; // short, English, for the log and the leader's list
};

enum class DeliveryState {
    pending, // handed over, not yet sent by the modem
    sent,    // the modem (or the gateway) reports it sent
    failed,  // the modem gave up on it
    unknown, // the transport has no trace of it
};

struct Delivery {
    DeliveryState state = DeliveryState::unknown;
    std::string why;
};

class MessageTransport {
  public:
    virtual ~MessageTransport() = default;
    virtual std::string_view name() const = 0; // "gammu", "webhook"
    virtual Handoff send(const OutgoingMessage& m) = 0;
    // Where a message handed over earlier stands. A transport that knows the
    // outcome at hand-off (the webhook) answers `sent` for what it accepted.
    virtual Delivery status(std::int64_t id) = 0;
    // Whether send() of an id handed over before hands over nothing again (so
    // a message left `sending` by a crash may be sent again safely).
    virtual bool recognisesRepeats() const { return false; }
};

} // namespace qmsd
