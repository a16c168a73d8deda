#pragma once
// What people and devices ask the engine to do. The time and the actor come
// from outside: the engine has no clock and no I/O of its own.
#include "content/content.hpp"
#include "core/time.hpp"
#include "engine/outbox.hpp"
#include "engine/rating.hpp"
#include "engine/ticket.hpp"

#include <string>
#include <variant>

namespace qmsd {

struct IssueTicket {
    std::string field;
    std::string priority; // empty = none
    std::string phone;
    std::string publicId; // random, made by the caller
    std::string requestId; // the kiosk's id for this tap: a repeat is the same ticket
    int estimateSeconds = -1; // the estimated wait shown with the ticket, -1 none
    // Kept out of its queue (nobody can call it) until ReleaseTicket: the
    // kiosk's printer is printing it, and a failed print cancels it instead.
    bool holdForPrint = false;
    // A check-in (daemon/booking): the booking's code. Its field and phone
    // are the booking's; the ticket gets the booked time's place.
    std::string booking;
};
struct OpenCounter {
    int counter = 0;
    std::string staff;
};
struct CloseCounter {
    int counter = 0;
};
struct CallNext {
    int counter = 0;
};
// Call a parked ticket back, or a specific waiting ticket out of turn.
struct CallTicket {
    int counter = 0;
    TicketId ticket = 0;
};
struct Recall {
    int counter = 0;
};
struct StartService {
    int counter = 0;
};
struct FinishService {
    int counter = 0;
};
struct MarkNoShow {
    int counter = 0;
};
struct Reinstate {
    TicketId ticket = 0;
};
struct Transfer {
    int counter = 0;
    std::string toField;
};
struct Park {
    int counter = 0;
};
struct Pause {
    int counter = 0;
    std::string reason;
    // When the counter expects to be back, shown on its display and the TV so
    // nobody waits unexplained; unset when not said (a keypad's pause key).
    TimePoint until{};
};
struct Resume {
    int counter = 0;
};
struct CancelTicket {
    TicketId ticket = 0;
    std::string reason;
};
// A rating box's press: the level (1..4, engine/rating.hpp) of the service
// this counter finished last, within [rating] counter_minutes.
struct RateService {
    int counter = 0;
    int level = 0;
};
// A citizen's rating of a finished ticket, from their phone (the ticket's
// public id was the key) or from the rating screen of `counter` (then it must
// be the last ticket that counter finished, within [rating] counter_minutes).
// One rating per ticket, whichever channel comes first.
struct RateTicket {
    TicketId ticket = 0;
    RatingChannel channel = RatingChannel::phone;
    int counter = 0; // screen: the screen's counter
    int level = 0;
    RatingAnswers answers;
    std::string comment;
};
// The leader's note on how a rating was followed up.
struct FollowUpRating {
    TicketId ticket = 0;
    std::string note;
};
// A staffing flag of a field or a counter changed (the analytics decide; the
// engine only records it in the log).
struct RecordFlag {
    std::string field;
    int counter = 0;
    std::string level;
    std::string reason;
};
// Staff printed a copy of a ticket (the citizen lost it, or the first print
// came out torn). Changes nothing; the log keeps who reprinted what, where.
struct RecordReprint {
    TicketId ticket = 0;
    std::string printer;
};
// A ticket held for its print joins its queue, at the place its issue gave it.
struct ReleaseTicket {
    TicketId ticket = 0;
    std::string reason; // the printer id, or "restart"
};
// The message sender's record of one step of a queued message (engine/outbox.hpp).
struct RecordMessage {
    std::int64_t id = 0;
    MessageState state = MessageState::sending;
    std::string why;
};
// Appointments (daemon/booking/README.md). The caller makes the code
// (random) and checks the text; the engine checks the slot, its places and
// the phone's other bookings against every booking as the batch has it.
struct MakeBooking {
    std::string code;
    std::string field;
    std::string day;
    int minute = 0;
    std::string name;
    std::string phone; // normalized, a mobile
};
// By its holder (the phone must match) or by staff (phone empty).
struct CancelBooking {
    std::string code;
    std::string phone;
};
struct MoveBooking {
    std::string code;
    std::string phone;
    std::string day;
    int minute = 0;
};
// Queue the reminders now due ([booking] reminder_minutes before the slot).
struct RemindBookings {};
// Day rollover: every open ticket expires, every counter closes.
struct CloseDay {};
// An editor's change to the office's information (daemon/content). A save
// with an empty notice id creates one. `expectVersion` is the version the
// editor started from (0: the item must not exist yet; -1: whatever it is
// now), so two editors cannot overwrite each other unseen.
struct SaveNotice {
    Notice notice;
    int expectVersion = -1;
};
struct DeleteNotice {
    std::string id;
    int expectVersion = -1;
};
struct SaveProcedure {
    ProcedureSheet sheet;
    int expectVersion = -1;
};
struct DeleteProcedure {
    std::string field;
    int expectVersion = -1;
};

using Command =
    std::variant<IssueTicket, OpenCounter, CloseCounter, CallNext, CallTicket, Recall, StartService,
                 FinishService, MarkNoShow, Reinstate, Transfer, Park, Pause, Resume, CancelTicket,
                 CloseDay, RateService, RecordFlag, RecordReprint, ReleaseTicket, SaveNotice,
                 DeleteNotice, SaveProcedure, DeleteProcedure, RateTicket, FollowUpRating, RecordMessage,
                 MakeBooking, CancelBooking, MoveBooking, RemindBookings>;

struct CommandMeta {
    TimePoint at{};
    std::string actor;
};

std::string_view commandName(const Command& c);

} // namespace qmsd
