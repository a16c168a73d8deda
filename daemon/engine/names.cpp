// Stable string forms of the engine's enums: stored in SQLite and sent on the
// wire, so they never change once released.
#include "core/name_table.hpp"
#include "engine/command.hpp"
#include "engine/event.hpp"
#include "engine/outbox.hpp"
#include "engine/ticket.hpp"

#include <array>
#include <utility>

namespace qmsd {
namespace {

constexpr NameTable<TicketState, 8> kTicketStates{{
    {TicketState::waiting, "waiting"},
    {TicketState::called, "called"},
    {TicketState::serving, "serving"},
    {TicketState::parked, "parked"},
    {TicketState::finished, "finished"},
    {TicketState::noShow, "no_show"},
    {TicketState::cancelled, "cancelled"},
    {TicketState::expired, "expired"},
}};

constexpr NameTable<EventKind, 31> kEventKinds{{
    {EventKind::ticketIssued, "ticket_issued"},
    {EventKind::ticketCalled, "ticket_called"},
    {EventKind::ticketRecalled, "ticket_recalled"},
    {EventKind::ticketStarted, "ticket_started"},
    {EventKind::ticketFinished, "ticket_finished"},
    {EventKind::ticketNoShow, "ticket_no_show"},
    {EventKind::ticketReinstated, "ticket_reinstated"},
    {EventKind::ticketTransferred, "ticket_transferred"},
    {EventKind::ticketParked, "ticket_parked"},
    {EventKind::ticketCancelled, "ticket_cancelled"},
    {EventKind::ticketExpired, "ticket_expired"},
    {EventKind::counterOpened, "counter_opened"},
    {EventKind::counterClosed, "counter_closed"},
    {EventKind::counterPaused, "counter_paused"},
    {EventKind::counterResumed, "counter_resumed"},
    {EventKind::ticketRated, "ticket_rated"},
    {EventKind::flagChanged, "flag_changed"},
    {EventKind::ticketReprinted, "ticket_reprinted"},
    {EventKind::ticketReleased, "ticket_released"},
    {EventKind::noticeSaved, "notice_saved"},
    {EventKind::noticeDeleted, "notice_deleted"},
    {EventKind::procedureSaved, "procedure_saved"},
    {EventKind::procedureDeleted, "procedure_deleted"},
    {EventKind::ratingFollowedUp, "rating_followed_up"},
    {EventKind::messageQueued, "message_queued"},
    {EventKind::messageUpdated, "message_updated"},
    {EventKind::bookingMade, "booking_made"},
    {EventKind::bookingMoved, "booking_moved"},
    {EventKind::bookingCancelled, "booking_cancelled"},
    {EventKind::bookingCheckedIn, "booking_checked_in"},
    {EventKind::bookingMissed, "booking_missed"},
}};

constexpr NameTable<MessageState, 6> kMessageStates{{
    {MessageState::queued, "queued"},
    {MessageState::sending, "sending"},
    {MessageState::handed, "handed"},
    {MessageState::sent, "sent"},
    {MessageState::failed, "failed"},
    {MessageState::skipped, "skipped"},
}};

} // namespace

std::string_view ticketStateName(TicketState s) { return nameOf(kTicketStates, s); }
bool parseTicketState(std::string_view name, TicketState& out) {
    return parseName(kTicketStates, name, out);
}
bool isFinal(TicketState s) {
    return s == TicketState::finished || s == TicketState::cancelled || s == TicketState::expired;
}

std::string_view eventKindName(EventKind k) { return nameOf(kEventKinds, k); }
bool parseEventKind(std::string_view name, EventKind& out) {
    return parseName(kEventKinds, name, out);
}

std::string_view messageStateName(MessageState s) { return nameOf(kMessageStates, s); }
bool parseMessageState(std::string_view name, MessageState& out) {
    return parseName(kMessageStates, name, out);
}
bool isFinal(MessageState s) {
    return s == MessageState::sent || s == MessageState::failed || s == MessageState::skipped;
}

std::string_view counterStateName(CounterState s) {
    switch (s) {
    case CounterState::closed:
        return "closed";
    case CounterState::idle:
        return "idle";
    case CounterState::calling:
        return "calling";
    case CounterState::serving:
        return "serving";
    case CounterState::paused:
        return "paused";
    }
    return "unknown";
}

std::string_view commandName(const Command& c) {
    static constexpr std::array<std::string_view, std::variant_size_v<Command>> kNames{
        "issue",  "open",      "close",    "call_next", "call_ticket", "recall",
        "start",  "finish",    "no_show",  "reinstate", "transfer",    "park",
        "pause",  "resume",    "cancel",   "close_day", "rate",
        "record_flag", "record_reprint", "release",
        "save_notice", "delete_notice", "save_procedure", "delete_procedure", "rate_ticket", "follow_up_rating",
        "record_message", "make_booking", "cancel_booking", "move_booking", "remind_bookings"};
    return kNames[c.index()];
}

} // namespace qmsd
