// Appointments (daemon/booking/README.md): making, moving and cancelling a
// booking, checking in, reminders and the day's no-shows. Each check runs
// against the bookings as the batch has changed them so far (apply() runs
// between the plans of one group commit), so two people booking the last
// place at once cannot both get it.
#include "booking/booking_codec.hpp"
#include "booking/booking_slots.hpp"
#include "engine/queue_engine.hpp"
#include "engine/queued_message.hpp"
#include "messages/phone_number.hpp"
#include "messages/sms_text.hpp"

namespace qmsd {
namespace {

Status bookable(const OfficeConfig& config, const std::string& field) {
    if (!config.booking.enabled) {
        return makeError(ErrorCode::bookingDisabled, "this office takes no appointments ([booking] enabled = false)");
    }
    const FieldConfig* f = config.field(field);
    if (f == nullptr || placesPerSlot(*f, config.booking) < 1) {
        return makeError(ErrorCode::unknownField, "the field '" + field + "' takes no appointments");
    }
    return Ok{};
}

// "07/12/2026" from "2026-12-07".
std::string dateText(const std::string& day) {
    return day.size() == 10 ? day.substr(8, 2) + "/" + day.substr(5, 2) + "/" + day.substr(0, 4) : day;
}

Status checkHolder(const Booking* b, const std::string& code, const std::string& phone) {
    // A wrong phone reads as no booking: a code alone tells a stranger nothing.
    if (b == nullptr || (!phone.empty() && phone != b->phone)) {
        return makeError(ErrorCode::unknownBooking, "no booking '" + code + "' with that phone number");
    }
    if (b->state != BookingState::booked) {
        return makeError(ErrorCode::bookingWrongState,
                         "booking '" + code + "' is " + std::string(bookingStateName(b->state)));
    }
    return Ok{};
}

} // namespace

TimePoint QueueEngine::checkinOpensAt(const Booking& b) const {
    return b.slotAt - std::chrono::minutes{config_->booking.checkinEarlyMinutes};
}

TimePoint QueueEngine::checkinClosesAt(const Booking& b) const {
    return b.slotAt + std::chrono::minutes{config_->booking.checkinLateMinutes};
}

const Booking* QueueEngine::bookingToCheckIn(const std::string& phone, TimePoint at) const {
    const Booking* best = nullptr;
    auto distance = [&](const Booking& b) {
        auto d = b.slotAt - at;
        return d < decltype(d)::zero() ? -d : d;
    };
    for (const Booking* b : bookings_.onDay(day_)) {
        if (b->phone != phone || b->state != BookingState::booked) {
            continue;
        }
        if (best == nullptr || distance(*b) < distance(*best)) {
            best = b;
        }
    }
    return best;
}

int QueueEngine::bookedAhead(const std::string& field, TimePoint at) const {
    int n = 0;
    for (const Booking* b : bookings_.onDay(day_)) {
        if (b->field == field && b->state == BookingState::booked && b->slotAt <= at && at <= checkinClosesAt(*b)) {
            ++n;
        }
    }
    return n;
}

Status QueueEngine::checkSlotFree(const std::string& field, const std::string& day, int minute,
                                  const CommandMeta& m) const {
    if (!slotAt(*config_, clock_, day, minute)) {
        return makeError(ErrorCode::slotClosed,
                         day + " " + minuteText(minute) + " is not one of the office's appointment times");
    }
    return slotBookable(*config_, clock_, bookings_, field, day, minute, m.at);
}

Event QueueEngine::bookingEvent(EventKind kind, const CommandMeta& m, const Booking& b, std::int64_t seq) const {
    Event e = makeEvent(kind, m);
    e.seq = seq;
    e.field = b.field;
    e.reason = b.code;
    e.payload = encodeBooking(b);
    return e;
}

void QueueEngine::queueBookingMessage(std::vector<Event>& events, const CommandMeta& m, const Booking& b,
                                      std::string_view kind) const {
    const MessageSettings& messages = config_->messages;
    if (!messages.enabled || !isMobile(b.phone)) {
        return;
    }
    const BookingSettings& settings = config_->booking;
    const FieldConfig* field = config_->field(b.field);
    std::map<std::string, std::string> values{
        {"field", field != nullptr ? field->name : b.field},
        {"time", minuteText(b.minute)},
        {"date", dateText(b.day)},
        {"booking", b.code},
        {"office", config_->office.name},
    };
    bool confirmed = kind == kMessageBookingConfirmed;
    const std::string& custom = confirmed ? settings.textConfirmed : settings.textReminder;
    std::string text = fillTemplate(
        !custom.empty() ? std::string_view(custom)
                        : (confirmed ? sms_defaults::bookingConfirmed : sms_defaults::reminder),
        values);
    auto it = messagesTo_.find(b.phone);
    Event e = makeEvent(EventKind::messageQueued, m);
    e.field = b.field;
    e.code = b.code;
    e.phone = b.phone;
    e.reason = std::string(kind);
    e.payload = std::move(text);
    appendQueuedMessage(events, std::move(e), lastSeq_, messages, it != messagesTo_.end() ? it->second : 0);
}

Result<std::vector<Event>> QueueEngine::planMakeBooking(const MakeBooking& c, const CommandMeta& m) const {
    if (auto st = bookable(*config_, c.field); !st) {
        return st.error();
    }
    if (c.code.size() != kBookingCodeLength || bookings_.find(c.code) != nullptr) {
        return makeError(ErrorCode::invalidArgument, "booking code '" + c.code + "' is not free");
    }
    if (c.name.empty() || !isMobile(c.phone)) {
        return makeError(ErrorCode::invalidArgument, "a booking needs a name and a mobile number");
    }
    if (const Booking* other = bookings_.activeFor(c.phone, c.field, c.day)) {
        return makeError(ErrorCode::alreadyBooked, "this phone already has booking '" + other->code + "' for '" +
                                                       c.field + "' on " + c.day);
    }
    if (auto st = checkSlotFree(c.field, c.day, c.minute, m); !st) {
        return st.error();
    }
    const std::int64_t seq = lastSeq_ + 1;
    Booking b;
    b.id = seq;
    b.code = c.code;
    b.field = c.field;
    b.day = c.day;
    b.minute = c.minute;
    b.slotAt = clock_.instantOf(c.day, c.minute);
    b.name = c.name;
    b.phone = c.phone;
    b.madeAt = b.changedAt = m.at;
    std::vector<Event> out{bookingEvent(EventKind::bookingMade, m, b, seq)};
    queueBookingMessage(out, m, b, kMessageBookingConfirmed);
    return out;
}

Result<std::vector<Event>> QueueEngine::planCancelBooking(const CancelBooking& c, const CommandMeta& m) const {
    const Booking* found = bookings_.find(c.code);
    if (auto st = checkHolder(found, c.code, c.phone); !st) {
        return st.error();
    }
    Booking b = *found;
    b.state = BookingState::cancelled;
    b.changedAt = m.at;
    return std::vector<Event>{bookingEvent(EventKind::bookingCancelled, m, b, lastSeq_ + 1)};
}

Result<std::vector<Event>> QueueEngine::planMoveBooking(const MoveBooking& c, const CommandMeta& m) const {
    const Booking* found = bookings_.find(c.code);
    if (auto st = checkHolder(found, c.code, c.phone); !st) {
        return st.error();
    }
    if (auto st = bookable(*config_, found->field); !st) {
        return st.error();
    }
    if (found->day == c.day && found->minute == c.minute) {
        return makeError(ErrorCode::invalidArgument, "booking '" + c.code + "' is already at that time");
    }
    if (const Booking* other = bookings_.activeFor(found->phone, found->field, c.day);
        other != nullptr && other->code != found->code) {
        return makeError(ErrorCode::alreadyBooked, "this phone already has booking '" + other->code + "' for '" +
                                                       found->field + "' on " + c.day);
    }
    if (auto st = checkSlotFree(found->field, c.day, c.minute, m); !st) {
        return st.error();
    }
    Booking b = *found;
    b.day = c.day;
    b.minute = c.minute;
    b.slotAt = clock_.instantOf(c.day, c.minute);
    b.changedAt = m.at;
    b.reminded = false;
    std::vector<Event> out{bookingEvent(EventKind::bookingMoved, m, b, lastSeq_ + 1)};
    queueBookingMessage(out, m, b, kMessageBookingConfirmed);
    return out;
}

// A reminder is due from `reminder_minutes` before the slot (never before
// the slot's own day began) until it starts; none for a booking made or moved
// after that, since its confirmation has just said it all.
Result<std::vector<Event>> QueueEngine::planRemindBookings(const CommandMeta& m) const {
    std::vector<Event> out;
    const int before = config_->booking.reminderMinutes;
    if (!config_->messages.enabled || before <= 0) {
        return out;
    }
    for (const Booking* b : bookings_.onDay(day_)) {
        if (b->state != BookingState::booked || b->reminded || b->phone.empty()) {
            continue;
        }
        TimePoint from = std::max(b->slotAt - std::chrono::minutes{before}, clock_.instantOf(b->day, 0));
        if (m.at < from || m.at >= b->slotAt || b->changedAt >= from) {
            continue;
        }
        queueBookingMessage(out, m, *b, kMessageReminder);
    }
    return out;
}

Result<Event> QueueEngine::planCheckIn(const IssueTicket& c, const Event& issued, const CommandMeta& m) const {
    const Booking* found = bookings_.find(c.booking);
    if (found == nullptr || found->field != c.field) {
        return makeError(ErrorCode::unknownBooking, "no booking '" + c.booking + "'");
    }
    if (found->day > day_) {
        return makeError(ErrorCode::tooEarly, "booking '" + c.booking + "' is for " + found->day);
    }
    if (found->state != BookingState::booked || found->day < day_) {
        return makeError(ErrorCode::bookingWrongState, "booking '" + c.booking + "' is " +
                                                           std::string(bookingStateName(found->state)) +
                                                           (found->day < day_ ? " (" + found->day + ")" : ""));
    }
    if (m.at < checkinOpensAt(*found)) {
        return makeError(ErrorCode::tooEarly, "check-in for booking '" + c.booking + "' opens at " +
                                                  clock_.formatHourMinute(checkinOpensAt(*found)));
    }
    Booking b = *found;
    b.state = m.at > checkinClosesAt(b) ? BookingState::late : BookingState::checkedIn;
    b.ticket = issued.ticketId;
    b.ticketCode = issued.code;
    b.changedAt = m.at;
    Event e = bookingEvent(EventKind::bookingCheckedIn, m, b, issued.seq + 1);
    e.ticketId = issued.ticketId;
    e.code = issued.code;
    return e;
}

void QueueEngine::planMissedBookings(std::vector<Event>& out, std::int64_t& seq, const CommandMeta& m) const {
    for (const Booking* open : bookings_.openUntil(day_)) {
        Booking b = *open;
        b.state = BookingState::missed;
        b.changedAt = m.at;
        out.push_back(bookingEvent(EventKind::bookingMissed, m, b, ++seq));
    }
}

// The booked time's place (the README's rule): behind every ticket issued by
// the slot's start, ahead of every later one. A ticket checked in before its
// slot keeps the place its issue gave it; a late one was never moved.
void QueueEngine::applyBookingEvent(const Event& e) {
    auto booking = decodeBooking(e.payload);
    if (!booking) {
        return; // replay accepts what was committed
    }
    if (e.kind == EventKind::bookingCheckedIn) {
        if (Ticket* t = mutableTicket(e.ticketId)) {
            t->booking = booking->code;
            t->bookingMinute = booking->minute;
            if (booking->state == BookingState::checkedIn && booking->slotAt < t->issuedAt) {
                TicketId place = 0;
                for (std::size_t pos = tickets_.positionOf(t->id); pos != TicketTable::npos && pos > 0;) {
                    --pos;
                    if (tickets_[pos].issuedAt <= booking->slotAt) {
                        place = tickets_[pos].id;
                        break;
                    }
                }
                const bool queued = t->state == TicketState::waiting && !t->held;
                if (queued) {
                    dequeue(*t);
                }
                t->queueOrder = place;
                if (queued) {
                    enqueue(*t);
                }
            }
        }
    }
    bookings_.put(std::move(*booking));
}

} // namespace qmsd
