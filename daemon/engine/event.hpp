#pragma once
// One state change. The event log is both the durable truth (state is rebuilt by
// replaying a day's events) and the wait-time log the leader reviews.
#include "core/time.hpp"
#include "engine/ticket.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace qmsd {

enum class EventKind {
    ticketIssued,
    ticketCalled,
    ticketRecalled,
    ticketStarted,
    ticketFinished,
    ticketNoShow,
    ticketReinstated,
    ticketTransferred,
    ticketParked,
    ticketCancelled,
    ticketExpired,
    counterOpened,
    counterClosed,
    counterPaused,
    counterResumed,
    // A citizen rated a finished ticket (engine/rating.hpp): number = level
    // 1..4, reason = channel (phone, screen, box), counter/staff = where and
    // by whom it was served, answers = the questions' levels, comment = the
    // citizen's words (for the leader only). Written before the four-level
    // scale: number = the box's key 1..5 and no reason.
    ticketRated,
    // A staffing flag changed (analytics): field or counter, code = the new level
    // ("ok", "watch", "need_staff", "idle_while_waiting"...), reason = why, in
    // Vietnamese. Changes no queue state; kept so the leader's log has it.
    flagChanged,
    // A copy of a ticket was printed (staff): ticketId, reason = the printer id.
    // Changes no queue state.
    ticketReprinted,
    // A ticket issued at a kiosk held out of its queue while it printed
    // (ticketIssued with reason kHeldForPrint) joins its queue at its own
    // place: the print came out (reason = the printer id), or the daemon
    // restarted without knowing (reason "restart").
    ticketReleased,
    // Content the editors keep (daemon/content): the whole item as saved (or as
    // it was, for a deletion) is in `payload` (JSON), its version in `number`;
    // a notice's id is in `reason`, a procedure sheet's field in `field`.
    // Changes no queue state; the content_items table follows them in the same
    // transaction, since content outlives the day the queue is rebuilt from.
    noticeSaved,
    noticeDeleted,
    procedureSaved,
    procedureDeleted,
    // The leader followed a rating up (called the citizen, put it right):
    // ticketId, comment = the leader's note. Changes no queue state.
    ratingFollowedUp,
    // A message to a citizen's phone was queued (engine/outbox.hpp), in the
    // same transaction as the event that causes it: ticketId, phone = to,
    // reason = what about ("called", "turn_near"), payload = the text,
    // number = people ahead (turn_near), comment = why it is skipped (over
    // the daily cap) or empty. Its id is its seq.
    messageQueued,
    // A queued message moved on: number = its id (the seq of its
    // message_queued), reason = the new state ("sending", "handed", "sent",
    // "queued" again for a retry, "failed", "skipped"), comment = why.
    messageUpdated,
    // Appointments (daemon/booking): the whole booking as it now is in
    // `payload` (booking_codec.hpp), its code in `reason`, its field in
    // `field`. bookingCheckedIn also has the ticket it got (ticketId, code).
    // The bookings table follows them in the same transaction, since
    // bookings outlive the day.
    bookingMade,
    bookingMoved,
    bookingCancelled,
    bookingCheckedIn,
    bookingMissed,
};

inline bool isBookingEvent(EventKind k) {
    return k == EventKind::bookingMade || k == EventKind::bookingMoved || k == EventKind::bookingCancelled ||
           k == EventKind::bookingCheckedIn || k == EventKind::bookingMissed;
}

// ticketIssued.reason of a ticket that nobody may call until ticketReleased.
inline constexpr std::string_view kHeldForPrint = "held_for_print";

std::string_view eventKindName(EventKind k); // "ticket_issued", stable
bool parseEventKind(std::string_view name, EventKind& out);

struct Event {
    std::int64_t seq = 0; // strictly increasing, gap-free across days
    TimePoint at{};
    std::string day; // the office-local business day it belongs to
    EventKind kind = EventKind::ticketIssued;
    std::string actor; // "staff:nv01", "kiosk:k1", "system", ...
    TicketId ticketId = 0;
    std::string field;   // the ticket's field (before a transfer)
    std::string toField; // transfer target
    int counter = 0;
    std::string staff;
    int number = 0;
    std::string code;
    std::string priority;
    std::string reason; // pause reason, cancel reason, how a ticket was called
    std::string publicId;
    std::string phone;
    std::string requestId; // ticketIssued: the kiosk's request id, for idempotency
    // ticketIssued: the wait the citizen was told (kiosk, ticket), in seconds;
    // -1 when none was shown (no open counter, or issued by a tool). Reports
    // hold it against the wait that followed.
    int estimateSeconds = -1;
    // ticketRated: the answers to the office's questions, "access=4;officer=3".
    std::string answers;
    // ticketRated: the citizen's comment; ratingFollowedUp: the leader's note.
    // Shown to the leader only: never in the stream's events or the log lines.
    std::string comment;
    // Content events: the item (content_codec.hpp); booking events: the
    // booking (booking_codec.hpp); message_queued: the text. Empty otherwise.
    std::string payload;
    // counterPaused: when the counter expects to be back (unset: not said).
    TimePoint until{};

    bool operator==(const Event&) const = default;
};

} // namespace qmsd
