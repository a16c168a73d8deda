#pragma once
// Citizens' messages as the engine keeps them: today's outbox, rebuilt from
// the day's events like every other state. A message is queued by an event
// planned with the one that causes it (a call, a queue moving up), so both
// are in one transaction; each step of its sending is an event too, so a
// restart knows exactly which were handed over and sends none twice.
#include "core/time.hpp"
#include "engine/ticket.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace qmsd {

enum class MessageState {
    queued,  // waiting for the sender (or for the quiet hours to end, or a retry)
    sending, // being handed over: committed before the transport is asked
    handed,  // the transport has it; the modem has not said it sent it yet
    sent,
    failed,  // given up: why says what happened
    skipped, // never sent: over the number's daily cap, or no longer useful
};
std::string_view messageStateName(MessageState s); // "queued", ... stable
bool parseMessageState(std::string_view name, MessageState& out);
bool isFinal(MessageState s); // sent, failed, skipped

// What a message is about; its template in [messages].
inline constexpr std::string_view kMessageCalled = "called";
inline constexpr std::string_view kMessageTurnNear = "turn_near";
inline constexpr std::string_view kMessageBookingConfirmed = "booking_confirmed";
inline constexpr std::string_view kMessageReminder = "reminder";

struct OutboxMessage {
    std::int64_t id = 0; // the seq of its message_queued event
    TicketId ticketId = 0;
    std::string booking; // a booking's messages: its code (ticketId 0)
    std::string to; // normalized number
    std::string kind;
    std::string text;
    MessageState state = MessageState::queued;
    int attempts = 0; // hand-overs tried
    std::string why;  // the last failure, or why skipped
    TimePoint queuedAt{};
    TimePoint updatedAt{};
};

} // namespace qmsd
