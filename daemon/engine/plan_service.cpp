// Plans for what a counter does with citizens: call, recall, start, finish,
// no-show, transfer, park.
#include "engine/queue_engine.hpp"

#include <algorithm>

namespace qmsd {
namespace {

Error wrongState(const Ticket& t, std::string_view need) {
    return makeError(ErrorCode::ticketWrongState, t.code + " is " +
                                                      std::string(ticketStateName(t.state)) +
                                                      "; this needs a " + std::string(need) + " ticket");
}

// What every event about a ticket at a counter carries: the sequence number
// it will commit at, the ticket and its current field, the counter, and who
// staffs it (none for a recall, which only repeats the call).
Event atCounter(Event e, std::int64_t seq, const Ticket& t, int counter, std::string staff) {
    e.seq = seq;
    e.ticketId = t.id;
    e.field = t.field;
    e.counter = counter;
    e.staff = std::move(staff);
    return e;
}

} // namespace

Result<const Ticket*> QueueEngine::activeTicketOf(int number) const {
    auto working = workingCounter(number);
    if (!working) {
        return working.error();
    }
    const Ticket* t = ticket((*working)->activeTicket);
    if (t == nullptr) {
        return makeError(ErrorCode::counterIdle,
                         "counter " + std::to_string(number) + " has no active ticket");
    }
    return t;
}

Result<std::vector<Event>> QueueEngine::planCallNext(const CallNext& c, const CommandMeta& m) const {
    auto working = workingCounter(c.counter);
    if (!working) {
        return working.error();
    }
    const Counter& counterState = **working;
    if (counterState.activeTicket != 0) {
        const Ticket* active = ticket(counterState.activeTicket);
        return makeError(ErrorCode::counterBusy,
                         "counter " + std::to_string(c.counter) + " is still " +
                             (active != nullptr ? "with " + active->code : std::string("busy")));
    }
    TicketId next = selectNext(counterState);
    if (next == 0) {
        return makeError(ErrorCode::queueEmpty,
                         "nobody is waiting for counter " + std::to_string(c.counter) + "'s fields");
    }
    const Ticket* t = ticket(next);
    Event e = atCounter(makeEvent(EventKind::ticketCalled, m), lastSeq_ + 1, *t, c.counter,
                        counterState.staff);
    e.code = t->code;
    e.reason = "next";
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planCallTicket(const CallTicket& c,
                                                       const CommandMeta& m) const {
    auto working = workingCounter(c.counter);
    if (!working) {
        return working.error();
    }
    const Counter& counterState = **working;
    if (counterState.activeTicket != 0) {
        return makeError(ErrorCode::counterBusy,
                         "counter " + std::to_string(c.counter) + " already has an active ticket");
    }
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (t->state != TicketState::waiting && t->state != TicketState::parked) {
        return wrongState(*t, "waiting or parked");
    }
    if (t->held) {
        return makeError(ErrorCode::ticketWrongState, t->code + " is still being printed at the kiosk");
    }
    auto fields = callableFields(counterState);
    bool mayServe = std::find(fields.begin(), fields.end(), t->field) != fields.end();
    // A parked ticket can always come back to the counter that parked it.
    if (!mayServe && !(t->state == TicketState::parked && t->counter == c.counter)) {
        return makeError(ErrorCode::staffNotAllowed, "counter " + std::to_string(c.counter) +
                                                         " does not serve '" + t->field + "'");
    }
    Event e = atCounter(makeEvent(EventKind::ticketCalled, m), lastSeq_ + 1, *t, c.counter,
                        counterState.staff);
    e.code = t->code;
    e.reason = t->state == TicketState::parked ? "parked" : "direct";
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planRecall(const Recall& c, const CommandMeta& m) const {
    auto active = activeTicketOf(c.counter);
    if (!active) {
        return active.error();
    }
    const Ticket& t = **active;
    if (t.state != TicketState::called) {
        return wrongState(t, "called");
    }
    if (t.recalls >= config_->office.maxRecalls) {
        return makeError(ErrorCode::recallLimit,
                         t.code + " was recalled " + std::to_string(t.recalls) +
                             " times already; mark it no-show or start serving");
    }
    Event e = atCounter(makeEvent(EventKind::ticketRecalled, m), lastSeq_ + 1, t, c.counter, {});
    e.code = t.code;
    e.number = t.recalls + 1;
    return std::vector<Event>{std::move(e)};
}

// Starting a service and marking a no-show both act on the citizen the
// counter has called and not yet seen: the same checks, another event.
Result<std::vector<Event>> QueueEngine::planOnCalled(int number, EventKind kind, const CommandMeta& m) const {
    auto active = activeTicketOf(number);
    if (!active) {
        return active.error();
    }
    const Ticket& t = **active;
    if (t.state != TicketState::called) {
        return wrongState(t, "called");
    }
    Event e = atCounter(makeEvent(kind, m), lastSeq_ + 1, t, number, counter(number)->staff);
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planStart(const StartService& c, const CommandMeta& m) const {
    return planOnCalled(c.counter, EventKind::ticketStarted, m);
}

Result<std::vector<Event>> QueueEngine::planFinish(const FinishService& c,
                                                   const CommandMeta& m) const {
    auto active = activeTicketOf(c.counter);
    if (!active) {
        return active.error();
    }
    const Ticket& t = **active;
    // Keypads without a "start" key finish straight from called: the service
    // then counts from the call (reason tells reports so).
    Event e = atCounter(makeEvent(EventKind::ticketFinished, m), lastSeq_ + 1, t, c.counter,
                        counter(c.counter)->staff);
    e.reason = t.state == TicketState::serving ? "" : "from_called";
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planNoShow(const MarkNoShow& c, const CommandMeta& m) const {
    return planOnCalled(c.counter, EventKind::ticketNoShow, m);
}

Result<std::vector<Event>> QueueEngine::planTransfer(const Transfer& c, const CommandMeta& m) const {
    auto active = activeTicketOf(c.counter);
    if (!active) {
        return active.error();
    }
    const Ticket& t = **active;
    if (config_->field(c.toField) == nullptr) {
        return makeError(ErrorCode::unknownField, "no field '" + c.toField + "'");
    }
    if (c.toField == t.field) {
        return makeError(ErrorCode::sameField, t.code + " is already in '" + c.toField + "'");
    }
    Event e = atCounter(makeEvent(EventKind::ticketTransferred, m), lastSeq_ + 1, t, c.counter,
                        counter(c.counter)->staff);
    e.toField = c.toField;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planPark(const Park& c, const CommandMeta& m) const {
    auto active = activeTicketOf(c.counter);
    if (!active) {
        return active.error();
    }
    const Ticket& t = **active;
    Event e = atCounter(makeEvent(EventKind::ticketParked, m), lastSeq_ + 1, t, c.counter,
                        counter(c.counter)->staff);
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planRecordFlag(const RecordFlag& c, const CommandMeta& m) const {
    if (c.counter == 0 && config_->field(c.field) == nullptr) {
        return makeError(ErrorCode::unknownField, "no field '" + c.field + "'");
    }
    if (c.counter != 0 && config_->counter(c.counter) == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(c.counter));
    }
    Event e = makeEvent(EventKind::flagChanged, m);
    e.seq = lastSeq_ + 1;
    e.field = c.field;
    e.counter = c.counter;
    e.code = c.level;
    e.reason = c.reason;
    return std::vector<Event>{e};
}

// Only a ticket still to be served is worth a copy: a final one would send the
// citizen to wait for a number that will never be called.
Result<std::vector<Event>> QueueEngine::planRecordReprint(const RecordReprint& c,
                                                          const CommandMeta& m) const {
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (isFinal(t->state)) {
        return makeError(ErrorCode::ticketWrongState,
                         t->code + " is " + std::string(ticketStateName(t->state)) + "; it cannot be reprinted");
    }
    Event e = ticketEvent(EventKind::ticketReprinted, m, *t);
    e.code = t->code;
    e.reason = c.printer;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planRelease(const ReleaseTicket& c, const CommandMeta& m) const {
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (!t->held || t->state != TicketState::waiting) {
        return makeError(ErrorCode::ticketWrongState, t->code + " is not held for its print");
    }
    Event e = ticketEvent(EventKind::ticketReleased, m, *t);
    e.code = t->code;
    e.reason = c.reason;
    return std::vector<Event>{std::move(e)};
}

} // namespace qmsd
