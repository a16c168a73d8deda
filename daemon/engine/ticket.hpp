#pragma once
// What the engine knows about a ticket and a counter, today.
#include "core/inline_text.hpp"
#include "core/packed_hex_text.hpp"
#include "core/shared_name.hpp"
#include "core/time.hpp"

#include <algorithm>
#include <climits>
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

// A time of a ticket's day kept as milliseconds after its issue in 32 bits
// (24 days either way), where a TimePoint takes 64; unset is a value of its own.
struct AfterIssue {
    static constexpr std::int32_t kUnset = INT32_MIN;
    std::int32_t ms = kUnset;
};

// Every ticket of the day stays in memory, so its names are shared
// (core/shared_name.hpp), its short texts kept inside it, each sized to what
// qmsd writes there (core/inline_text.hpp), its public id packed to the bytes
// its hex spells (core/packed_hex_text.hpp), its counts in two bytes, four
// of its times in 32 bits (AfterIssue), and its members ordered without
// padding: 144 bytes, where std::strings, ints and a map node took 336, so
// a block of 256 fills nine pages exactly (engine/ticket_table.hpp).
struct Ticket {
    TicketId id = 0;
    SharedName day;
    SharedName issueField; // numbering belongs to this field
    SharedName field;      // where it waits or is served now
    SharedName priority;   // empty = no priority
    SharedName servedBy;   // the staff member who finished it
    SharedName ratingChannel; // "phone", "screen", "box" once rated
    InlineText<8> code;       // "A007"; a longer prefix goes to the heap
    InlineText<11> phone;     // normalized (messages/phone_number.hpp): 10 or 11 digits
    InlineText<8> booking;    // checked in with this 6-letter booking (daemon/booking), or empty
    PackedHexText publicId;   // opaque, for the status page: 32 hex digits in 16 bytes
    TicketState state = TicketState::waiting;
    QueueTier tier = QueueTier::normal;
    bool held = false; // waiting for its kiosk print, out of the queue (kHeldForPrint)
    bool nearMessaged = false; // a "your turn is near" message was queued for it
    std::int16_t bookingMinute = 0; // the booked slot's start, minutes after local midnight
    // Four later times of its day, as milliseconds after issuedAt in 32 bits
    // (AfterIssue); read and set through queuedAt() and setQueuedAt() & co.
    AfterIssue queued_;  // entered the current field's queue
    AfterIssue started_;
    AfterIssue ended_;
    AfterIssue rated_;
    TimePoint issuedAt{}; // set first: the four above count from it
    TimePoint calledAt{};
    std::int64_t queueOrder = 0; // FIFO key inside its tier
    int number = 0;
    int counter = 0; // counter calling/serving it, or where it is parked
    std::int16_t recalls = 0;
    std::int16_t transfers = 0;
    std::int16_t rating = 0;    // 1..4 (engine/rating.hpp) once rated
    std::int16_t followUps = 0; // the leader's follow-ups of its rating

    TimePoint queuedAt() const { return later(queued_); }
    TimePoint startedAt() const { return later(started_); }
    TimePoint endedAt() const { return later(ended_); }
    TimePoint ratedAt() const { return later(rated_); }
    void setQueuedAt(TimePoint t) { queued_ = after(t); }
    void setStartedAt(TimePoint t) { started_ = after(t); }
    void setEndedAt(TimePoint t) { ended_ = after(t); }
    void setRatedAt(TimePoint t) { rated_ = after(t); }

  private:
    TimePoint later(AfterIssue a) const { return a.ms == AfterIssue::kUnset ? TimePoint{} : issuedAt + Millis{a.ms}; }
    AfterIssue after(TimePoint t) const {
        if (t == TimePoint{}) {
            return {};
        }
        const auto ms = (t - issuedAt).count();
        return {static_cast<std::int32_t>(std::clamp<std::int64_t>(ms, AfterIssue::kUnset + 1, INT32_MAX))};
    }
};
static_assert(sizeof(Ticket) <= 144, "a ticket's members are ordered to leave no padding");

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
