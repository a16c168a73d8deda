#pragma once
// An appointment as the engine keeps it (daemon/booking/README.md). Plain
// data; bookings outlive the day, so the store keeps them in a table of their
// own and seeds the engine's BookingBook from it at start-up.
#include "core/time.hpp"
#include "engine/ticket.hpp"

#include <string>
#include <string_view>

namespace qmsd {

enum class BookingState {
    booked,    // waiting for its holder
    checkedIn, // its holder checked in within the window: a ticket at the booked time's place
    late,      // checked in after the window: an ordinary walk-in's ticket
    cancelled, // by its holder (or staff); the place is free again
    missed,    // nobody checked in by the day's end: a no-show
};
std::string_view bookingStateName(BookingState s); // "booked", "checked_in", … stable
bool parseBookingState(std::string_view name, BookingState& out);
// Whether the booking holds its place in the slot's capacity.
inline bool holdsPlace(BookingState s) { return s != BookingState::cancelled; }

struct Booking {
    std::int64_t id = 0; // the seq of its booking_made event: its row in the store
    std::string code;  // 6 characters of kBookingAlphabet, unique among bookings not yet past
    std::string field;
    std::string day;   // "YYYY-MM-DD", office-local
    int minute = 0;    // the slot's start, minutes after local midnight
    TimePoint slotAt{}; // the same instant
    std::string name;
    std::string phone; // normalized ("0901234567"); erased with the others after the retention
    BookingState state = BookingState::booked;
    TicketId ticket = 0;    // checked in (or late): the ticket it got
    std::string ticketCode; // "A012"
    TimePoint madeAt{};
    TimePoint changedAt{};
    bool reminded = false; // a reminder was queued

    bool operator==(const Booking&) const = default;
};

// Letters and digits nobody misreads (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, G, Q).
inline constexpr std::string_view kBookingAlphabet = "ACDEFHJKMNPRTUVWXY34679";
inline constexpr std::size_t kBookingCodeLength = 6;

// A booking code from what a person typed or a scanner read: any case, spaces
// or dashes, or the whole booking URL ("…/booking.html?code=K7MQ9R"). Empty
// when it holds no valid code.
std::string normalizeBookingCode(std::string_view input);
// "HH:MM" of a minute of the day.
std::string minuteText(int minute);

} // namespace qmsd
