#pragma once
// What the engine knows about a ticket and a counter, today.
#include "core/inline_text.hpp"
#include "core/shared_name.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace qmsd {

using TicketId = std::int64_t;

enum class TicketState : std::uint8_t {
    waiting,  // in a field's queue (also after a transfer or a reinstatement)
    called,   // called to a counter, citizen not yet at the desk
    serving,  // at the desk
    parked,   // set aside by a counter, to be called back later
    finished, // final
    noShow,   // final unless reinstated the same day
    cancelled,
    expired, // still open when the day ended
};

std::string_view ticketStateName(TicketState s);
bool parseTicketState(std::string_view name, TicketState& out);
bool isFinal(TicketState s); // finished, cancelled, expired (noShow can be reinstated)

// Tickets pushed to the front (transferred or reinstated) sort before the rest.
enum class QueueTier : std::uint8_t { front = 0, normal = 1 };

// Every ticket of the day stays in memory, so its names are shared
// (core/shared_name.hpp) and its members ordered without padding.
struct Ticket {
    TicketId id = 0;
    SharedName day;
    SharedName issueField; // numbering belongs to this field
    SharedName field;      // where it waits or is served now
    SharedName priority;   // empty = no priority
    SharedName servedBy;   // the staff member who finished it
    SharedName ratingChannel; // "phone", "screen", "box" once rated
    std::string code;     // "A007"
    InlineText<32> publicId; // opaque, for the status page (32 hex digits)
    std::string phone;
    std::string booking; // checked in with this booking (daemon/booking), or empty
    TimePoint issuedAt{};
    TimePoint queuedAt{}; // entered the current field's queue
    TimePoint calledAt{};
    TimePoint startedAt{};
    TimePoint endedAt{};
    TimePoint ratedAt{};
    std::int64_t queueOrder = 0; // FIFO key inside its tier
    int number = 0;
    int counter = 0; // counter calling/serving it, or where it is parked
    int recalls = 0;
    int transfers = 0;
    int rating = 0;    // 1..4 (engine/rating.hpp) once rated
    int followUps = 0; // the leader's follow-ups of its rating
    int bookingMinute = 0; // the booked slot's start, minutes after local midnight
    TicketState state = TicketState::waiting;
    QueueTier tier = QueueTier::normal;
    bool held = false; // waiting for its kiosk print, out of the queue (kHeldForPrint)
    bool nearMessaged = false; // a "your turn is near" message was queued for it
};

enum class CounterState { closed, idle, calling, serving, paused };
std::string_view counterStateName(CounterState s);

struct Counter {
    int number = 0;
    bool open = false;
    bool paused = false;
    std::string staff;
    TicketId activeTicket = 0;
    std::string pauseReason;
    TimePoint pausedAt{};
    TimePoint expectedBack{}; // unset: the pause did not say

    TimePoint openedAt{};
    TimePoint idleSince{}; // when it last became free to call (opened, resumed, a ticket left it)
    int normalSincePriority = 0; // for PriorityRule::everyN
};

} // namespace qmsd
