// Plans for commands about a ticket as a whole: issuing, cancelling,
// reinstating, and the day's end.
#include "engine/queue_engine.hpp"

namespace qmsd {
namespace {

std::string hhmm(int minute) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
    return buf;
}

} // namespace

Status QueueEngine::canIssue(const std::string& fieldId, TimePoint at) const {
    const FieldConfig* field = config_->field(fieldId);
    if (field == nullptr) {
        return makeError(ErrorCode::unknownField, "no field '" + fieldId + "'");
    }
    const OfficeSettings& office = config_->office;
    LocalTime lt = clock_.local(at);
    for (const auto& closed : office.closedDates) {
        if (closed == lt.day) {
            return makeError(ErrorCode::officeClosed, "the office is closed on " + lt.day);
        }
    }
    int cutoff = field->cutoffMinutes.value_or(office.cutoffMinutes);
    std::optional<int> nextOpen;
    for (const Session& s : office.hours[static_cast<std::size_t>(lt.weekday)]) {
        int from = s.openMinute - office.issueEarlyMinutes;
        int until = s.closeMinute - cutoff;
        if (lt.minuteOfDay >= from && lt.minuteOfDay < until) {
            return Ok{};
        }
        if (lt.minuteOfDay >= until && lt.minuteOfDay < s.closeMinute) {
            return makeError(ErrorCode::afterCutoff,
                             "issuing for '" + fieldId + "' stopped at " + hhmm(until) +
                                 ", the session closes at " + hhmm(s.closeMinute));
        }
        if (lt.minuteOfDay < from && !nextOpen) {
            nextOpen = from;
        }
    }
    return makeError(ErrorCode::officeClosed,
                     nextOpen ? "issuing opens at " + hhmm(*nextOpen)
                              : "no more sessions today (" + lt.day + ")");
}

Result<std::vector<Event>> QueueEngine::planIssue(const IssueTicket& c,
                                                  const CommandMeta& m) const {
    const FieldConfig* field = config_->field(c.field);
    if (field == nullptr) {
        return makeError(ErrorCode::unknownField, "no field '" + c.field + "'");
    }
    if (!c.requestId.empty() && ticketForRequest(m.actor, c.requestId) != nullptr) {
        return makeError(ErrorCode::invalidArgument,
                         "request '" + c.requestId + "' already issued a ticket today");
    }
    if (!c.priority.empty() && config_->priority(c.priority) == nullptr) {
        return makeError(ErrorCode::unknownPriority, "no priority class '" + c.priority + "'");
    }
    // An appointment checked in on time was given its place when it was
    // booked: the cut-off and the daily quota are for walk-ins.
    const Booking* booking = c.booking.empty() ? nullptr : bookings_.find(c.booking);
    const bool onTime = booking != nullptr && booking->state == BookingState::booked && booking->day == day_ &&
                        m.at >= checkinOpensAt(*booking) && m.at <= checkinClosesAt(*booking);
    if (auto open = canIssue(c.field, m.at); !open && !onTime) {
        return open.error();
    }
    int issued = issuedToday(c.field);
    if (field->dailyQuota && issued >= *field->dailyQuota && !onTime) {
        return makeError(ErrorCode::quotaReached, "'" + c.field + "' has issued its " +
                                                      std::to_string(*field->dailyQuota) +
                                                      " tickets for today");
    }
    int last = lastNumber(c.field);
    int number = last == 0 ? field->numbering.first : last + 1;
    if (number > field->numbering.last) {
        return makeError(ErrorCode::numberingExhausted,
                         "'" + c.field + "' has used every number up to " +
                             std::to_string(field->numbering.last));
    }
    Event e = makeEvent(EventKind::ticketIssued, m);
    e.seq = lastSeq_ + 1;
    e.ticketId = lastTicketId_ + 1;
    e.field = c.field;
    e.number = number;
    e.code = formatTicketCode(field->numbering, number);
    e.priority = c.priority;
    e.publicId = c.publicId;
    e.phone = c.phone;
    e.requestId = c.requestId;
    e.estimateSeconds = c.estimateSeconds < 0 ? -1 : c.estimateSeconds;
    if (c.holdForPrint) {
        e.reason = std::string(kHeldForPrint);
    }
    std::vector<Event> out{std::move(e)};
    if (!c.booking.empty()) {
        auto checkIn = planCheckIn(c, out.front(), m);
        if (!checkIn) {
            return checkIn.error();
        }
        out.push_back(std::move(*checkIn));
    }
    return out;
}

Result<std::vector<Event>> QueueEngine::planCancel(const CancelTicket& c,
                                                   const CommandMeta& m) const {
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (t->state != TicketState::waiting && t->state != TicketState::parked &&
        t->state != TicketState::noShow) {
        return makeError(ErrorCode::ticketWrongState,
                         t->code + " is " + std::string(ticketStateName(t->state)) +
                             "; only a waiting, parked or no-show ticket can be cancelled");
    }
    Event e = ticketEvent(EventKind::ticketCancelled, m, *t);
    e.counter = t->counter;
    e.reason = c.reason;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planReinstate(const Reinstate& c,
                                                      const CommandMeta& m) const {
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (t->state != TicketState::noShow) {
        return makeError(ErrorCode::ticketWrongState,
                         t->code + " is " + std::string(ticketStateName(t->state)) +
                             "; only a no-show can be reinstated");
    }
    if (config_->field(t->field) == nullptr) {
        return makeError(ErrorCode::unknownField, "field '" + t->field + "' no longer exists");
    }
    Event e = ticketEvent(EventKind::ticketReinstated, m, *t);
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planCloseDay(const CommandMeta& m) const {
    std::vector<Event> out;
    std::int64_t seq = lastSeq_;
    for (const Ticket& t : tickets_) {
        if (isFinal(t.state) || t.state == TicketState::noShow) {
            continue;
        }
        Event e = makeEvent(EventKind::ticketExpired, m);
        e.seq = ++seq;
        e.ticketId = t.id;
        e.field = t.field;
        e.counter = t.counter;
        e.reason = std::string(ticketStateName(t.state)); // what it was when the day ended
        out.push_back(std::move(e));
    }
    for (const auto& [number, c] : counters_) {
        if (!c.open) {
            continue;
        }
        Event e = makeEvent(EventKind::counterClosed, m);
        e.seq = ++seq;
        e.counter = number;
        e.staff = c.staff;
        e.reason = "day_end";
        out.push_back(std::move(e));
    }
    planMissedBookings(out, seq, m);
    // A message still waiting for the sender is about a ticket that is over.
    for (const auto& [id, msg] : outbox_) {
        if (msg.state != MessageState::queued) {
            continue;
        }
        Event e = makeEvent(EventKind::messageUpdated, m);
        e.seq = ++seq;
        e.ticketId = msg.ticketId;
        e.number = static_cast<int>(id);
        e.reason = std::string(messageStateName(MessageState::skipped));
        e.comment = "the office's day ended before it was sent";
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace qmsd
