#pragma once
// What the engine knows about a ticket and a counter, today.
#include "core/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace qmsd {

using TicketId = std::int64_t;

enum class TicketState {
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
enum class QueueTier { front = 0, normal = 1 };

struct Ticket {
    TicketId id = 0;
    std::string day;
    std::string issueField; // numbering belongs to this field
    std::string field;      // where it waits or is served now
    int number = 0;
    std::string code; // "A007"
    std::string priority; // empty = no priority
    std::string publicId; // opaque, for the status page
    std::string phone;
    TicketState state = TicketState::waiting;
    TimePoint issuedAt{};
    TimePoint queuedAt{}; // entered the current field's queue
    TimePoint calledAt{};
    TimePoint startedAt{};
    TimePoint endedAt{};
    int counter = 0; // counter calling/serving it, or where it is parked
    int recalls = 0;
    int transfers = 0;
    int rating = 0; // 1..4 (engine/rating.hpp) once rated
    std::string ratingChannel; // "phone", "screen", "box" once rated
    TimePoint ratedAt{};
    int followUps = 0; // the leader's follow-ups of its rating
    std::string servedBy; // the staff member who finished it
    QueueTier tier = QueueTier::normal;
    std::int64_t queueOrder = 0; // FIFO key inside its tier
    bool held = false; // waiting for its kiosk print, out of the queue (kHeldForPrint)
    bool nearMessaged = false; // a "your turn is near" message was queued for it
    std::string booking;   // checked in with this booking (daemon/booking), or empty
    int bookingMinute = 0; // the booked slot's start, minutes after local midnight
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
