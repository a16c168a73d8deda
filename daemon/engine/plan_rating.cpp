// Plans for citizens' ratings (SIPAS): the rating box, the citizen's phone and
// the counter's rating screen — one rating per ticket, whichever comes first —
// and the leader's follow-up of a rating.
//
// When a ticket can be rated:
//  - phone: once finished, until the end of the office's day (the engine
//    holds today's tickets only; a ticket of another day is not rated);
//  - screen and box: the last ticket that counter finished, for
//    [rating] counter_minutes after the finish (the citizen is still at the
//    desk; after that, or once the counter finished someone else, their
//    phone is the way).
#include "core/utf8.hpp"
#include "engine/queue_engine.hpp"

namespace qmsd {
namespace {

// Characters, not bytes: a limit of 500 means 500 Vietnamese letters. Line
// breaks are fine in a comment; other control characters are not.
Status checkText(const std::string& what, const std::string& text, int maxChars) {
    if (!isValidUtf8(text)) {
        return makeError(ErrorCode::invalidArgument, "'" + what + "' is not valid UTF-8");
    }
    if (hasControlCharacter(text, true)) {
        return makeError(ErrorCode::invalidArgument, "'" + what + "' holds a control character");
    }
    std::size_t length = codePointCount(text);
    if (length > static_cast<std::size_t>(maxChars)) {
        return makeError(ErrorCode::invalidArgument, "'" + what + "' is " + std::to_string(length) +
                                                         " characters; at most " + std::to_string(maxChars));
    }
    return Ok{};
}

Status checkLevel(const std::string& what, int level) {
    if (level < 1 || level > kRatingLevels) {
        return makeError(ErrorCode::invalidArgument, "'" + what + "' must be a level 1 to 4, got " +
                                                         std::to_string(level));
    }
    return Ok{};
}

} // namespace

TimePoint QueueEngine::counterRatingUntil(const Ticket& t) const {
    return t.endedAt() + std::chrono::minutes{config_->rating.counterMinutes};
}

Status QueueEngine::canRate(const Ticket& t, RatingChannel channel, int counterNumber, TimePoint at) const {
    if (t.rating != 0) {
        return makeError(ErrorCode::alreadyRated, t.code + " was already rated (" + t.ratingChannel + ")");
    }
    if (t.day != day_) {
        return makeError(ErrorCode::ratingClosed, t.code + " is a ticket of " + t.day + "; a service is rated the same day");
    }
    if (t.state != TicketState::finished) {
        return makeError(ErrorCode::ticketWrongState, t.code + " is " + std::string(ticketStateName(t.state)) +
                                                          "; a ticket is rated once its service is finished");
    }
    if (channel == RatingChannel::phone) {
        return Ok{};
    }
    const Ticket* last = lastFinishedAt(counterNumber);
    if (t.counter != counterNumber || last == nullptr || last->id != t.id) {
        return makeError(ErrorCode::ratingClosed,
                         t.code + " is not the last service of counter " + std::to_string(counterNumber) +
                             (last != nullptr ? " (" + last->code + " is)" : std::string{}));
    }
    if (at > counterRatingUntil(t)) {
        return makeError(ErrorCode::ratingClosed,
                         t.code + " was finished more than " + std::to_string(config_->rating.counterMinutes) +
                             " minutes ago; it can still be rated from the ticket's QR code");
    }
    return Ok{};
}

Result<Event> QueueEngine::ratingEvent(const Ticket& t, const RateTicket& c, const CommandMeta& m) const {
    if (auto st = checkLevel("level", c.level); !st) {
        return st.error();
    }
    for (const auto& answer : c.answers) {
        // Not a structured binding: clang (the fuzz build) cannot capture one in a lambda.
        const auto& id = answer.first;
        const auto& level = answer.second;
        bool known = std::any_of(config_->ratingQuestions.begin(), config_->ratingQuestions.end(),
                                 [&id](const RatingQuestion& q) { return q.id == id; });
        if (!known) {
            return makeError(ErrorCode::invalidArgument, "no rating question '" + id + "'");
        }
        if (auto st = checkLevel("answers." + id, level); !st) {
            return st.error();
        }
    }
    if (auto st = checkText("comment", c.comment, config_->rating.commentMaxChars); !st) {
        return st.error();
    }
    if (auto st = canRate(t, c.channel, c.counter, m.at); !st) {
        return st.error();
    }
    Event e = makeEvent(EventKind::ticketRated, m);
    e.seq = lastSeq_ + 1;
    e.ticketId = t.id;
    e.field = t.field;
    e.counter = t.counter;
    e.staff = t.servedBy;
    e.code = t.code;
    e.number = c.level;
    e.reason = std::string(ratingChannelName(c.channel));
    e.answers = encodeAnswers(c.answers);
    e.comment = c.comment;
    return e;
}

// A rating box rates the service its counter gave last.
Result<std::vector<Event>> QueueEngine::planRate(const RateService& c, const CommandMeta& m) const {
    if (auto st = checkLevel("level", c.level); !st) {
        return st.error();
    }
    if (counter(c.counter) == nullptr || config_->counter(c.counter) == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(c.counter));
    }
    const Ticket* last = lastFinishedAt(c.counter);
    if (last == nullptr) {
        return makeError(ErrorCode::ratingClosed, "counter " + std::to_string(c.counter) + " has finished no ticket today");
    }
    auto e = ratingEvent(*last, RateTicket{last->id, RatingChannel::box, c.counter, c.level, {}, {}}, m);
    if (!e) {
        return e.error();
    }
    return std::vector<Event>{std::move(*e)};
}

Result<std::vector<Event>> QueueEngine::planRateTicket(const RateTicket& c, const CommandMeta& m) const {
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (c.channel == RatingChannel::box) {
        return makeError(ErrorCode::invalidArgument, "a rating box rates with RateService");
    }
    if (c.channel == RatingChannel::screen && config_->counter(c.counter) == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(c.counter));
    }
    auto e = ratingEvent(*t, c, m);
    if (!e) {
        return e.error();
    }
    return std::vector<Event>{std::move(*e)};
}

Result<std::vector<Event>> QueueEngine::planFollowUp(const FollowUpRating& c, const CommandMeta& m) const {
    const Ticket* t = ticket(c.ticket);
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket " + std::to_string(c.ticket) + " today");
    }
    if (t->rating == 0) {
        return makeError(ErrorCode::ticketWrongState, t->code + " has no rating to follow up");
    }
    if (c.note.empty()) {
        return makeError(ErrorCode::invalidArgument, "'note' is required: what was done");
    }
    if (auto st = checkText("note", c.note, config_->rating.commentMaxChars); !st) {
        return st.error();
    }
    Event e = ticketEvent(EventKind::ratingFollowedUp, m, *t);
    e.counter = t->counter;
    e.staff = t->servedBy;
    e.code = t->code;
    e.number = t->rating;
    e.comment = c.note;
    return std::vector<Event>{std::move(e)};
}

} // namespace qmsd
