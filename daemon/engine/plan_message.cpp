// Messages to citizens' phones, planned with what causes them
// (daemon/messages/README.md has the rules in words):
//  - "called": a ticket with a mobile number is called or recalled;
//  - "turn_near": a ticket crosses to `near_ahead` people or fewer ahead in its
//    field because someone ahead of it left the line (called, cancelled). A
//    ticket near the front already when issued gets none: its holder is here.
// Each number gets at most [messages] daily_cap a day; the rest are queued
// as skipped, with why, so the leader sees them.
#include "engine/queue_engine.hpp"
#include "engine/queued_message.hpp"
#include "messages/phone_number.hpp"
#include "messages/sms_text.hpp"

namespace qmsd {
namespace {

int nearAheadOf(const OfficeConfig& config, const std::string& field) {
    const FieldConfig* f = config.field(field);
    return f != nullptr && f->nearAhead ? *f->nearAhead : config.messages.nearAhead;
}

} // namespace

void appendQueuedMessage(std::vector<Event>& events, Event e, std::int64_t lastSeq, const MessageSettings& settings,
                         int queuedBefore) {
    if (settings.withoutDiacritics) {
        e.payload = withoutDiacritics(e.payload);
    }
    int queuedTo = queuedBefore;
    for (const Event& earlier : events) { // earlier in this same command
        queuedTo += earlier.kind == EventKind::messageQueued && earlier.phone == e.phone && earlier.comment.empty() ? 1 : 0;
    }
    e.seq = events.empty() ? lastSeq + 1 : events.back().seq + 1;
    if (queuedTo >= settings.dailyCap) {
        e.comment = "over the daily cap of " + std::to_string(settings.dailyCap) + " messages to this number";
    }
    events.push_back(std::move(e));
}

// The ticket that will have exactly N ahead once `leaving` leaves its line:
// the one N+1 places behind the front, if `leaving` is ahead of it. The walk
// is strict priority order (peopleAhead's), at most N+2 steps.
const Ticket* QueueEngine::crossesNearLine(const Ticket& leaving) const {
    const FieldQueue* q = fieldQueue(leaving.field);
    if (q == nullptr || leaving.state != TicketState::waiting || leaving.held) {
        return nullptr;
    }
    const std::size_t target = static_cast<std::size_t>(nearAheadOf(*config_, leaving.field)) + 1;
    std::size_t index = 0;
    bool leavingSeen = false;
    for (bool priority : {true, false}) {
        for (const QueueKey& k : q->line(priority)) {
            if (k.id == leaving.id) {
                leavingSeen = true;
            } else if (index == target) {
                return leavingSeen ? ticket(k.id) : nullptr;
            }
            if (++index > target) {
                return nullptr;
            }
        }
    }
    return nullptr;
}

void QueueEngine::queueMessage(std::vector<Event>& events, const CommandMeta& m, const Ticket& t,
                               std::string_view kind, int ahead, int counter) const {
    const MessageSettings& settings = config_->messages;
    auto to = normalizePhone(t.phone);
    if (!to || !isMobile(*to)) {
        return; // no number, or one that cannot take an SMS
    }
    const FieldConfig* field = config_->field(t.field);
    std::map<std::string, std::string> values{
        {"code", t.code.str()},
        {"office", config_->office.name},
        {"field", field != nullptr ? field->name : t.field.str()},
        {"counter", config_->counterName(counter)},
        {"ahead", std::to_string(ahead)},
    };
    bool called = kind == kMessageCalled;
    const std::string& custom = called ? settings.textCalled : settings.textTurnNear;
    std::string text = fillTemplate(!custom.empty() ? std::string_view(custom)
                                                    : (called ? sms_defaults::called : sms_defaults::turnNear),
                                    values);
    auto it = messagesTo_.find(*to);
    Event e = makeEvent(EventKind::messageQueued, m);
    e.ticketId = t.id;
    e.field = t.field;
    e.code = t.code.str();
    e.counter = counter;
    e.phone = *to;
    e.reason = std::string(kind);
    e.payload = std::move(text);
    e.number = ahead;
    appendQueuedMessage(events, std::move(e), lastSeq_, settings, it != messagesTo_.end() ? it->second : 0);
}

void QueueEngine::addMessages(std::vector<Event>& events, const CommandMeta& m) const {
    const std::size_t planned = events.size();
    for (std::size_t i = 0; i < planned; ++i) {
        const Event e = events[i]; // copied: queueMessage appends to `events`
        const Ticket* t = e.ticketId != 0 ? ticket(e.ticketId) : nullptr;
        if (t == nullptr) {
            continue;
        }
        bool leavesLine = (e.kind == EventKind::ticketCalled || e.kind == EventKind::ticketCancelled) &&
                          t->state == TicketState::waiting;
        if (leavesLine) {
            const Ticket* next = crossesNearLine(*t);
            if (next != nullptr && !next->phone.empty() && !next->nearMessaged) {
                queueMessage(events, m, *next, kMessageTurnNear, nearAheadOf(*config_, next->field), 0);
            }
        }
        if ((e.kind == EventKind::ticketCalled || e.kind == EventKind::ticketRecalled) && !t->phone.empty()) {
            queueMessage(events, m, *t, kMessageCalled, 0, e.counter);
        }
    }
}

Result<std::vector<Event>> QueueEngine::planRecordMessage(const RecordMessage& c, const CommandMeta& m) const {
    const OutboxMessage* msg = message(c.id);
    if (msg == nullptr) {
        return makeError(ErrorCode::invalidArgument, "no message " + std::to_string(c.id) + " today");
    }
    MessageState from = msg->state;
    bool allowed = false;
    switch (c.state) {
    case MessageState::sending:
        allowed = from == MessageState::queued;
        break;
    case MessageState::handed:
        allowed = from == MessageState::sending;
        break;
    case MessageState::sent:
    case MessageState::queued: // a retry
        allowed = from == MessageState::sending || from == MessageState::handed;
        break;
    case MessageState::failed:
        allowed = !isFinal(from);
        break;
    case MessageState::skipped:
        allowed = from == MessageState::queued;
        break;
    }
    if (!allowed) {
        return makeError(ErrorCode::invalidArgument, "message " + std::to_string(c.id) + " is " +
                                                         std::string(messageStateName(from)) + ", it cannot become " +
                                                         std::string(messageStateName(c.state)));
    }
    Event e = makeEvent(EventKind::messageUpdated, m);
    e.seq = lastSeq_ + 1;
    e.ticketId = msg->ticketId;
    e.number = static_cast<int>(c.id);
    e.reason = std::string(messageStateName(c.state));
    e.comment = c.why;
    return std::vector<Event>{std::move(e)};
}

void QueueEngine::applyMessageEvent(const Event& e) {
    if (e.kind == EventKind::messageQueued) {
        OutboxMessage& msg = outbox_[e.seq];
        msg.id = e.seq;
        msg.ticketId = e.ticketId;
        msg.booking = e.ticketId == 0 ? e.code : std::string{};
        msg.to = e.phone;
        msg.kind = e.reason;
        msg.text = e.payload;
        msg.state = e.comment.empty() ? MessageState::queued : MessageState::skipped;
        msg.why = e.comment;
        msg.queuedAt = msg.updatedAt = e.at;
        if (msg.state == MessageState::queued) {
            ++messagesTo_[msg.to];
        }
        Ticket* t = mutableTicket(e.ticketId);
        if (t != nullptr && e.reason == kMessageTurnNear) {
            t->nearMessaged = true;
        }
        if (const Booking* b = bookings_.find(msg.booking); b != nullptr && e.reason == kMessageReminder) {
            Booking reminded = *b;
            reminded.reminded = true;
            bookings_.put(std::move(reminded));
        }
        return;
    }
    auto it = outbox_.find(e.number);
    MessageState state;
    if (it == outbox_.end() || !parseMessageState(e.reason, state)) {
        return; // replay accepts what was committed
    }
    OutboxMessage& msg = it->second;
    msg.state = state;
    msg.attempts += state == MessageState::sending ? 1 : 0;
    if (!e.comment.empty() || state == MessageState::sent) {
        msg.why = e.comment;
    }
    msg.updatedAt = e.at;
}

} // namespace qmsd
