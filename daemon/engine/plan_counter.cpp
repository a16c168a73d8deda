// Plans for commands about a counter itself: staff login (open), close, pause,
// resume.
#include "engine/queue_engine.hpp"

#include <algorithm>

namespace qmsd {

Result<const Counter*> QueueEngine::workingCounter(int number) const {
    const Counter* c = counter(number);
    if (c == nullptr || config_->counter(number) == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(number));
    }
    if (!c->open) {
        return makeError(ErrorCode::counterClosed, "counter " + std::to_string(number) + " is closed");
    }
    if (c->paused) {
        return makeError(ErrorCode::counterPaused, "counter " + std::to_string(number) +
                                                       " is paused (" + c->pauseReason + ")");
    }
    return c;
}

Result<std::vector<Event>> QueueEngine::planOpen(const OpenCounter& c, const CommandMeta& m) const {
    const CounterConfig* cfg = config_->counter(c.counter);
    const Counter* state = counter(c.counter);
    if (cfg == nullptr || state == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(c.counter));
    }
    const StaffConfig* staff = config_->staffMember(c.staff);
    if (staff == nullptr) {
        return makeError(ErrorCode::unknownStaff, "no staff member '" + c.staff + "'");
    }
    if (state->open) {
        return makeError(ErrorCode::counterOpen, "counter " + std::to_string(c.counter) +
                                                     " is already open (staff " + state->staff + ")");
    }
    if (auto it = staffAt_.find(c.staff); it != staffAt_.end()) {
        return makeError(ErrorCode::staffBusy, c.staff + " is logged in at counter " +
                                                   std::to_string(it->second));
    }
    bool servesOne = std::any_of(cfg->fields.begin(), cfg->fields.end(), [staff](const auto& f) {
        return std::find(staff->fields.begin(), staff->fields.end(), f) != staff->fields.end();
    });
    if (!servesOne) {
        return makeError(ErrorCode::staffNotAllowed,
                         c.staff + " serves none of counter " + std::to_string(c.counter) + "'s fields");
    }
    Event e = makeEvent(EventKind::counterOpened, m);
    e.seq = lastSeq_ + 1;
    e.counter = c.counter;
    e.staff = c.staff;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planClose(const CloseCounter& c, const CommandMeta& m) const {
    const Counter* state = counter(c.counter);
    if (state == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(c.counter));
    }
    if (!state->open) {
        return makeError(ErrorCode::counterClosed, "counter " + std::to_string(c.counter) + " is closed");
    }
    if (state->activeTicket != 0) {
        return makeError(ErrorCode::counterBusy,
                         "counter " + std::to_string(c.counter) +
                             " still has an active ticket: finish, park or transfer it first");
    }
    Event e = makeEvent(EventKind::counterClosed, m);
    e.seq = lastSeq_ + 1;
    e.counter = c.counter;
    e.staff = state->staff;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planPause(const Pause& c, const CommandMeta& m) const {
    auto working = workingCounter(c.counter);
    if (!working) {
        return working.error();
    }
    if (config_->pauseReason(c.reason) == nullptr) {
        return makeError(ErrorCode::unknownPauseReason, "no pause reason '" + c.reason + "'");
    }
    if ((*working)->activeTicket != 0) {
        return makeError(ErrorCode::counterBusy, "counter " + std::to_string(c.counter) +
                                                     " has an active ticket; finish or park it first");
    }
    // A promise to citizens: later than now, and today (counters close at midnight).
    if (c.until != TimePoint{} && (c.until <= m.at || clock_.localDay(c.until) != day_)) {
        return makeError(ErrorCode::invalidArgument,
                         "the expected return must be later today (office time), not " +
                             clock_.formatIso(c.until));
    }
    Event e = makeEvent(EventKind::counterPaused, m);
    e.seq = lastSeq_ + 1;
    e.counter = c.counter;
    e.staff = (*working)->staff;
    e.reason = c.reason;
    e.until = c.until;
    return std::vector<Event>{std::move(e)};
}

Result<std::vector<Event>> QueueEngine::planResume(const Resume& c, const CommandMeta& m) const {
    const Counter* state = counter(c.counter);
    if (state == nullptr) {
        return makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(c.counter));
    }
    if (!state->open) {
        return makeError(ErrorCode::counterClosed, "counter " + std::to_string(c.counter) + " is closed");
    }
    if (!state->paused) {
        return makeError(ErrorCode::counterNotPaused,
                         "counter " + std::to_string(c.counter) + " is not paused");
    }
    Event e = makeEvent(EventKind::counterResumed, m);
    e.seq = lastSeq_ + 1;
    e.counter = c.counter;
    e.staff = state->staff;
    e.reason = state->pauseReason;
    return std::vector<Event>{std::move(e)};
}

} // namespace qmsd
