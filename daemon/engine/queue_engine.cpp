#include "engine/queue_engine.hpp"

#include <algorithm>

namespace qmsd {

QueueEngine::QueueEngine(std::shared_ptr<const OfficeConfig> config, OfficeClock clock,
                         EngineStart start)
    : config_(std::move(config)), clock_(std::move(clock)), day_(std::move(start.day)),
      lastSeq_(start.lastSeq), lastTicketId_(start.lastTicketId) {
    for (const auto& c : config_->counters) {
        counters_[c.number].number = c.number;
    }
}

Result<std::vector<Event>> QueueEngine::plan(const Command& cmd, const CommandMeta& meta) const {
    if (!std::holds_alternative<CloseDay>(cmd) && clock_.localDay(meta.at) != day_) {
        return makeError(ErrorCode::internal, "command for " + clock_.localDay(meta.at) +
                                                  " while the engine holds " + day_);
    }
    auto planned = std::visit(
        [this, &meta](const auto& c) -> Result<std::vector<Event>> {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, IssueTicket>) return planIssue(c, meta);
            else if constexpr (std::is_same_v<T, OpenCounter>) return planOpen(c, meta);
            else if constexpr (std::is_same_v<T, CloseCounter>) return planClose(c, meta);
            else if constexpr (std::is_same_v<T, CallNext>) return planCallNext(c, meta);
            else if constexpr (std::is_same_v<T, CallTicket>) return planCallTicket(c, meta);
            else if constexpr (std::is_same_v<T, Recall>) return planRecall(c, meta);
            else if constexpr (std::is_same_v<T, StartService>) return planStart(c, meta);
            else if constexpr (std::is_same_v<T, FinishService>) return planFinish(c, meta);
            else if constexpr (std::is_same_v<T, MarkNoShow>) return planNoShow(c, meta);
            else if constexpr (std::is_same_v<T, Reinstate>) return planReinstate(c, meta);
            else if constexpr (std::is_same_v<T, Transfer>) return planTransfer(c, meta);
            else if constexpr (std::is_same_v<T, Park>) return planPark(c, meta);
            else if constexpr (std::is_same_v<T, Pause>) return planPause(c, meta);
            else if constexpr (std::is_same_v<T, Resume>) return planResume(c, meta);
            else if constexpr (std::is_same_v<T, CancelTicket>) return planCancel(c, meta);
            else if constexpr (std::is_same_v<T, RateService>) return planRate(c, meta);
            else if constexpr (std::is_same_v<T, RecordFlag>) return planRecordFlag(c, meta);
            else if constexpr (std::is_same_v<T, RecordReprint>) return planRecordReprint(c, meta);
            else if constexpr (std::is_same_v<T, ReleaseTicket>) return planRelease(c, meta);
            else if constexpr (std::is_same_v<T, RateTicket>) return planRateTicket(c, meta);
            else if constexpr (std::is_same_v<T, FollowUpRating>) return planFollowUp(c, meta);
            else if constexpr (std::is_same_v<T, SaveNotice>) return planSaveNotice(c, meta);
            else if constexpr (std::is_same_v<T, DeleteNotice>) return planDeleteNotice(c, meta);
            else if constexpr (std::is_same_v<T, SaveProcedure>) return planSaveProcedure(c, meta);
            else if constexpr (std::is_same_v<T, DeleteProcedure>) return planDeleteProcedure(c, meta);
            else if constexpr (std::is_same_v<T, RecordMessage>) return planRecordMessage(c, meta);
            else if constexpr (std::is_same_v<T, MakeBooking>) return planMakeBooking(c, meta);
            else if constexpr (std::is_same_v<T, CancelBooking>) return planCancelBooking(c, meta);
            else if constexpr (std::is_same_v<T, MoveBooking>) return planMoveBooking(c, meta);
            else if constexpr (std::is_same_v<T, RemindBookings>) return planRemindBookings(meta);
            else return planCloseDay(meta);
        },
        cmd);
    if (planned && config_->messages.enabled) {
        addMessages(*planned, meta);
    }
    return planned;
}

const OutboxMessage* QueueEngine::message(std::int64_t id) const {
    auto it = outbox_.find(id);
    return it == outbox_.end() ? nullptr : &it->second;
}

Event QueueEngine::makeEvent(EventKind kind, const CommandMeta& m) const {
    Event e;
    e.kind = kind;
    e.at = m.at;
    e.day = day_;
    e.actor = m.actor;
    return e;
}

Event QueueEngine::ticketEvent(EventKind kind, const CommandMeta& m, const Ticket& t) const {
    Event e = makeEvent(kind, m);
    e.seq = lastSeq_ + 1;
    e.ticketId = t.id;
    e.field = t.field;
    return e;
}

namespace {

// Reads `member` (the public id or the code) of a kept ticket, for the index
// that confirms its candidates against it.
template <typename Member>
auto textOf(const TicketTable& tickets, Member member) {
    return [&tickets, member](TicketId id) {
        const Ticket* t = tickets.find(id);
        return t == nullptr ? nullptr : &(t->*member);
    };
}

} // namespace

void QueueEngine::indexTicket(const Ticket& t, const Event& issued) {
    if (!issued.publicId.empty()) { // the ticket keeps it packed: placed by the event's own text
        byPublicId_.add(issued.publicId, t.id, textOf(tickets_, &Ticket::publicId));
    }
    byCode_.add(t.code, t.id, textOf(tickets_, &Ticket::code));
    if (!issued.requestId.empty()) {
        byRequest_.add(issued.actor, issued.requestId, t.id);
    }
}

const Ticket* QueueEngine::ticket(TicketId id) const {
    return tickets_.find(id);
}

const Ticket* QueueEngine::ticketByPublicId(const std::string& publicId) const {
    return ticket(byPublicId_.find(publicId, textOf(tickets_, &Ticket::publicId)));
}

const Ticket* QueueEngine::ticketByCode(const std::string& code) const {
    return ticket(byCode_.find(code, textOf(tickets_, &Ticket::code)));
}

const Ticket* QueueEngine::ticketForRequest(const std::string& actor,
                                            const std::string& requestId) const {
    return ticket(byRequest_.find(actor, requestId));
}

const Counter* QueueEngine::counter(int number) const {
    auto it = counters_.find(number);
    return it == counters_.end() ? nullptr : &it->second;
}

CounterState QueueEngine::counterState(int number) const {
    const Counter* c = counter(number);
    if (c == nullptr || !c->open) {
        return CounterState::closed;
    }
    if (c->paused) {
        return CounterState::paused;
    }
    const Ticket* t = c->activeTicket != 0 ? ticket(c->activeTicket) : nullptr;
    if (t == nullptr) {
        return CounterState::idle;
    }
    return t->state == TicketState::serving ? CounterState::serving : CounterState::calling;
}

std::size_t QueueEngine::waiting(const std::string& field) const {
    auto it = queues_.find(field);
    return it == queues_.end() ? 0 : it->second.size();
}

std::size_t QueueEngine::peopleAhead(TicketId id) const {
    const Ticket* t = ticket(id);
    if (t == nullptr || t->state != TicketState::waiting) {
        return 0;
    }
    auto it = queues_.find(t->field);
    return it == queues_.end() ? 0 : it->second.ahead(*t);
}

std::vector<TicketId> QueueEngine::heldTickets() const {
    return {held_.begin(), held_.end()};
}

const FieldQueue* QueueEngine::fieldQueue(const std::string& field) const {
    auto it = queues_.find(field);
    return it == queues_.end() ? nullptr : &it->second;
}

std::size_t QueueEngine::peopleAheadOfNew(const std::string& field, bool priority) const {
    auto it = queues_.find(field);
    if (it == queues_.end()) {
        return 0;
    }
    return priority ? it->second.size(true) : it->second.size();
}

int QueueEngine::issuedToday(const std::string& field) const {
    auto it = issued_.find(field);
    return it == issued_.end() ? 0 : it->second;
}

int QueueEngine::lastNumber(const std::string& field) const {
    auto it = lastNumber_.find(field);
    return it == lastNumber_.end() ? 0 : it->second;
}

std::vector<TicketId> QueueEngine::queueOf(const std::string& field) const {
    std::vector<TicketId> out;
    auto it = queues_.find(field);
    if (it == queues_.end()) {
        return out;
    }
    for (bool priority : {true, false}) {
        for (const auto& k : it->second.line(priority)) {
            out.push_back(k.id);
        }
    }
    return out;
}

const Ticket* QueueEngine::lastFinishedAt(int counterNumber) const {
    auto it = lastFinished_.find(counterNumber);
    return it == lastFinished_.end() ? nullptr : ticket(it->second);
}

std::vector<TicketId> QueueEngine::parkedAt(int counterNumber) const {
    auto it = parked_.find(counterNumber);
    return it == parked_.end() ? std::vector<TicketId>{}
                               : std::vector<TicketId>(it->second.begin(), it->second.end());
}

QueueEngine::ServiceTotals QueueEngine::serviceTotals(const std::string& field) const {
    auto it = serviceTotals_.find(field);
    return it == serviceTotals_.end() ? ServiceTotals{} : it->second;
}

Status QueueEngine::checkReconfigure(const OfficeConfig& next) const {
    for (const Ticket& t : tickets_) {
        if (!isFinal(t.state) && next.field(t.field) == nullptr) {
            return makeError(ErrorCode::configInvalid,
                             "field '" + t.field + "' is removed but ticket " + t.code +
                                 " is still " + std::string(ticketStateName(t.state)));
        }
    }
    for (const auto& [number, c] : counters_) {
        if (c.open && next.counter(number) == nullptr) {
            return makeError(ErrorCode::configInvalid, "counter " + std::to_string(number) +
                                                           " is removed but it is open");
        }
        if (c.open && next.staffMember(c.staff) == nullptr) {
            return makeError(ErrorCode::configInvalid, "staff '" + c.staff +
                                                           "' is removed but is logged in at counter " +
                                                           std::to_string(number));
        }
    }
    return Ok{};
}

void QueueEngine::reconfigure(std::shared_ptr<const OfficeConfig> next) {
    config_ = std::move(next);
    for (const auto& c : config_->counters) {
        counters_[c.number].number = c.number;
    }
    std::erase_if(counters_, [this](const auto& kv) {
        return !kv.second.open && config_->counter(kv.first) == nullptr;
    });
}

} // namespace qmsd
