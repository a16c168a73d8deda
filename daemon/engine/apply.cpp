// QueueEngine::apply — the only code that changes engine state. It must accept
// any event ever committed (even for a field or counter a later config removed)
// without failing, because a restart replays the whole day through it.
#include "engine/queue_engine.hpp"

namespace qmsd {

Ticket* QueueEngine::mutableTicket(TicketId id) {
    return tickets_.find(id);
}

Counter* QueueEngine::mutableCounter(int number) {
    auto it = counters_.find(number);
    return it == counters_.end() ? nullptr : &it->second;
}

void QueueEngine::enqueue(Ticket& t) {
    t.state = TicketState::waiting;
    t.counter = 0;
    queues_[t.field].push(t);
}

void QueueEngine::dequeue(Ticket& t) {
    auto it = queues_.find(t.field);
    if (it != queues_.end()) {
        it->second.remove(t);
    }
}

void QueueEngine::releaseCounter(int number, TicketId id, TimePoint at) {
    Counter* c = mutableCounter(number);
    if (c != nullptr && c->activeTicket == id) {
        c->activeTicket = 0;
        c->idleSince = at;
    }
}

void QueueEngine::apply(const Event& e) {
    lastSeq_ = std::max(lastSeq_, e.seq);
    switch (e.kind) {
    case EventKind::flagChanged:
    case EventKind::ticketReprinted:
        return; // a record for the leader, no queue state
    case EventKind::noticeSaved:
    case EventKind::noticeDeleted:
    case EventKind::procedureSaved:
    case EventKind::procedureDeleted:
        content_.apply(e);
        return;
    case EventKind::counterOpened:
    case EventKind::counterClosed:
    case EventKind::counterPaused:
    case EventKind::counterResumed:
        applyCounterEvent(e);
        return;
    case EventKind::messageQueued:
    case EventKind::messageUpdated:
        applyMessageEvent(e);
        return;
    case EventKind::bookingMade:
    case EventKind::bookingMoved:
    case EventKind::bookingCancelled:
    case EventKind::bookingCheckedIn:
    case EventKind::bookingMissed:
        applyBookingEvent(e);
        return;
    default:
        applyTicketEvent(e);
        return;
    }
}

void QueueEngine::applyCounterEvent(const Event& e) {
    Counter& c = counters_[e.counter];
    c.number = e.counter;
    switch (e.kind) {
    case EventKind::counterOpened:
        c.open = true;
        c.paused = false;
        c.staff = e.staff;
        c.openedAt = e.at;
        c.idleSince = e.at;
        c.normalSincePriority = 0;
        staffAt_[e.staff] = e.counter;
        break;
    case EventKind::counterClosed:
        staffAt_.erase(c.staff);
        c.open = false;
        c.paused = false;
        c.staff.clear();
        c.activeTicket = 0;
        break;
    case EventKind::counterPaused:
        c.paused = true;
        c.pauseReason = e.reason;
        c.pausedAt = e.at;
        c.expectedBack = e.until;
        break;
    case EventKind::counterResumed:
        c.paused = false;
        c.pauseReason.clear();
        c.idleSince = std::max(c.idleSince, e.at); // free to call again from now
        c.expectedBack = {};
        break;
    default:
        break;
    }
}

void QueueEngine::applyTicketEvent(const Event& e) {
    if (e.kind == EventKind::ticketIssued) {
        Ticket t;
        t.id = e.ticketId;
        t.day = e.day;
        t.issueField = e.field;
        t.field = e.field;
        t.number = e.number;
        t.code = e.code;
        t.priority = e.priority;
        t.publicId = e.publicId;
        t.phone = e.phone;
        t.issuedAt = e.at;
        t.setQueuedAt(e.at);
        t.queueOrder = e.ticketId;
        lastTicketId_ = std::max(lastTicketId_, e.ticketId);
        lastNumber_[e.field] = std::max(lastNumber_[e.field], e.number);
        ++issued_[e.field];
        t.held = e.reason == kHeldForPrint;
        Ticket* kept = tickets_.insert(std::move(t));
        if (kept == nullptr) {
            return; // replayed twice: the ticket is kept already
        }
        indexTicket(*kept, e);
        if (kept->held) {
            held_.insert(kept->id);
        } else {
            enqueue(*kept);
        }
        return;
    }
    Ticket* t = mutableTicket(e.ticketId);
    if (t == nullptr) {
        return; // an event for a ticket of another day: nothing to rebuild
    }
    const bool wasParked = t->state == TicketState::parked;
    const int parkedAtBefore = t->counter;
    applyToTicket(e, *t);
    if (wasParked) {
        parked_[parkedAtBefore].erase(t->id);
    }
    if (t->state == TicketState::parked) {
        parked_[t->counter].insert(t->id);
    }
    if (e.kind == EventKind::ticketFinished) {
        TimePoint start = t->startedAt() != TimePoint{} ? t->startedAt() : t->calledAt;
        ServiceTotals& totals = serviceTotals_[t->field];
        ++totals.finished;
        totals.minutes += std::chrono::duration<double, std::ratio<60>>(t->endedAt() - start).count();
    }
}

void QueueEngine::applyToTicket(const Event& e, Ticket& ticket) {
    Ticket* t = &ticket;
    switch (e.kind) {
    case EventKind::ticketCalled: {
        if (t->state == TicketState::waiting) {
            dequeue(*t);
            if (Counter* c = mutableCounter(e.counter); c != nullptr && e.reason == "next") {
                c->normalSincePriority = t->priority.empty() ? c->normalSincePriority + 1 : 0;
            }
        }
        t->state = TicketState::called;
        t->counter = e.counter;
        t->calledAt = e.at;
        t->recalls = 0;
        if (Counter* c = mutableCounter(e.counter)) {
            c->activeTicket = t->id;
        }
        break;
    }
    case EventKind::ticketRecalled:
        ++t->recalls;
        break;
    case EventKind::ticketRated:
        t->rating = ratingLevelOf(e.number, e.reason);
        t->ratingChannel = e.reason.empty() ? "box" : e.reason;
        t->setRatedAt(e.at);
        break;
    case EventKind::ratingFollowedUp:
        ++t->followUps;
        break;
    case EventKind::ticketStarted:
        t->state = TicketState::serving;
        t->setStartedAt(e.at);
        break;
    case EventKind::ticketFinished:
    case EventKind::ticketNoShow:
        releaseCounter(t->counter, t->id, e.at);
        t->state = e.kind == EventKind::ticketFinished ? TicketState::finished : TicketState::noShow;
        t->setEndedAt(e.at);
        if (e.kind == EventKind::ticketFinished) {
            t->servedBy = e.staff;
            lastFinished_[e.counter] = t->id;
        }
        break;
    case EventKind::ticketParked:
        releaseCounter(t->counter, t->id, e.at);
        t->state = TicketState::parked;
        t->counter = e.counter;
        break;
    case EventKind::ticketTransferred:
        releaseCounter(t->counter, t->id, e.at);
        t->field = e.toField;
        ++t->transfers;
        t->tier = QueueTier::front;
        t->queueOrder = e.seq;
        t->setQueuedAt(e.at);
        enqueue(*t);
        break;
    case EventKind::ticketReinstated:
        t->tier = QueueTier::front;
        t->queueOrder = e.seq;
        t->setQueuedAt(e.at);
        enqueue(*t);
        break;
    case EventKind::ticketReleased:
        if (t->held && t->state == TicketState::waiting) {
            t->held = false;
            held_.erase(t->id);
            enqueue(*t); // queueOrder and queuedAt from its issue: its place, its whole wait
        }
        break;
    case EventKind::ticketCancelled:
    case EventKind::ticketExpired:
        if (t->state == TicketState::waiting) {
            dequeue(*t);
        }
        t->held = false;
        held_.erase(t->id);
        releaseCounter(t->counter, t->id, e.at);
        t->state = e.kind == EventKind::ticketCancelled ? TicketState::cancelled
                                                        : TicketState::expired;
        t->setEndedAt(e.at);
        break;
    default:
        break;
    }
}

} // namespace qmsd
