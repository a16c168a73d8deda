#include "reports/event_replay.hpp"

#include "engine/call_policy.hpp"
#include "engine/rating.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd::reports {
namespace {

enum FinalKind { kOpen = 0, kServed, kNoShow, kCancelled, kExpired };

std::int32_t clampMs(std::int64_t ms) {
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(ms, 0, INT32_MAX));
}

} // namespace

DayReplay::DayReplay(const OfficeConfig& cfg, const OfficeClock& clock, std::optional<TimePoint> now)
    : cfg_(cfg), clock_(clock), now_(now) {}

void DayReplay::begin(const std::string& day) {
    d_ = DayDigest{};
    d_.day = day;
    slots_.clear();
    pauses_.clear();
    counterTime_.clear();
    load_.clear();
    tickets_.clear();
    counters_.clear();
    openByField_.clear();
    openByFieldStale_ = true;
    waiting_.clear();
    staffNumbers_.clear();
    answers_.clear();
    midnightMs_ = toMillis(clock_.instantOf(day, 0));
    dayEndMs_ = toMillis(clock_.instantOf(nextDay(day), 0));
    d_.weekday = clock_.local(fromMillis(midnightMs_)).weekday;
    lastMs_ = midnightMs_;
}

int DayReplay::fieldIndex(std::string_view id) {
    for (std::size_t i = 0; i < d_.fields.size(); ++i) {
        if (d_.fields[i] == id) {
            return static_cast<int>(i);
        }
    }
    d_.fields.emplace_back(id);
    waiting_.push_back(0);
    return static_cast<int>(d_.fields.size() - 1);
}

int DayReplay::staffIndex(std::string_view id) { return staffNumbers_.numberOf(id, d_.staff); }

int DayReplay::questionIndex(const std::string& id) {
    for (std::size_t i = 0; i < d_.questions.size(); ++i) {
        if (d_.questions[i] == id) {
            return static_cast<int>(i);
        }
    }
    d_.questions.push_back(id);
    return static_cast<int>(d_.questions.size() - 1);
}

void DayReplay::onRow(std::int64_t seq) {
    d_.active = true;
    d_.lastSeq = std::max(d_.lastSeq, seq);
}

int DayReplay::hourOf(std::int64_t atMs) const {
    std::int64_t hour = (atMs - midnightMs_) / 3'600'000;
    return static_cast<int>(std::clamp<std::int64_t>(hour, 0, 23));
}

int DayReplay::slotIndex(const DigestSlot& s) {
    // A day's field and staff indices fit 16 bits, its counter numbers 24, the hour 8.
    auto bits = [](int v, unsigned width) {
        return static_cast<std::uint64_t>(static_cast<std::uint32_t>(v)) & ((std::uint64_t{1} << width) - 1);
    };
    std::uint64_t key =
        bits(s.field, 16) << 48 | bits(s.counter, 24) << 24 | bits(s.staff, 16) << 8 | bits(s.hour, 8);
    auto [it, added] = slots_.try_emplace(key, static_cast<int>(d_.slots.size()));
    if (added) {
        d_.slots.push_back(s);
        d_.counts.emplace_back();
    }
    return it->second;
}

SlotCounts& DayReplay::counts(const DigestSlot& s) {
    return d_.counts[static_cast<std::size_t>(slotIndex(s))];
}

DayReplay::LoadCell& DayReplay::load(int field, int hour) {
    auto at = static_cast<std::size_t>(field) * 24 + static_cast<std::size_t>(hour);
    if (at >= load_.size()) {
        load_.resize((static_cast<std::size_t>(field) + 1) * 24);
    }
    load_[at].used = true;
    return load_[at];
}

CounterDayTime& DayReplay::timeOf(int counter) {
    CounterDayTime& ct = counterTime_[counter];
    ct.counter = counter;
    return ct;
}

DayReplay::CounterDay& DayReplay::counterDay(int counter) {
    auto [it, added] = counters_.try_emplace(counter);
    if (added) {
        it->second.accountedTo = lastMs_;
    }
    return it->second;
}

void DayReplay::setActive(CounterDay& c, std::int64_t ticket, const TicketDay* day) {
    account(c);
    c.active = ticket;
    c.activeDay = day;
}

// The engine's rule (engine/call_policy.hpp). Unlike the engine, a counter
// opened by nobody the config knows (no staff in the event, or one removed
// since) keeps all its fields: the log says it was open and served, and its
// time is spread over the fields it could have served rather than dropped.
std::vector<int> DayReplay::callableFields(int counter, int staff) {
    std::vector<int> out;
    const CounterConfig* cc = cfg_.counter(counter);
    if (cc == nullptr) {
        return out;
    }
    const StaffConfig* sc = staff >= 0 ? cfg_.staffMember(d_.staff[static_cast<std::size_t>(staff)]) : nullptr;
    for (const auto& f : sc != nullptr ? qmsd::callableFields(*cc, *sc) : cc->fields) {
        out.push_back(fieldIndex(f));
    }
    return out;
}

void DayReplay::advanceTo(std::int64_t atMs) { lastMs_ = std::max(lastMs_, atMs); }

// A counter's time is counted when something it depends on changes (its own
// state, its ticket, whether one of its fields has someone waiting), for the
// whole stretch since: an event is not a walk over every open counter.
void DayReplay::account(CounterDay& c) {
    const std::int64_t from = c.accountedTo;
    const std::int64_t to = lastMs_;
    c.accountedTo = to;
    if (!c.open || to <= from) {
        return;
    }
    const std::int64_t dt = to - from;
    giveCounterTime(c, from, to);
    CounterDayTime& ct = *c.time; // set when it opened
    ct.openMs += dt;
    if (c.paused) {
        ct.pausedMs += dt;
    }
    if (c.active != 0) {
        ct.busyMs += dt;
    } else if (!c.paused) {
        bool someoneWaits = std::any_of(c.fields.begin(), c.fields.end(),
                                        [this](int f) { return waiting_[static_cast<std::size_t>(f)] > 0; });
        if (someoneWaits) {
            ct.idleWhileWaitingMs += dt;
        }
    }
}

// Field `field` is about to have its first citizen waiting, or its last leave.
void DayReplay::accountCountersOf(int field) {
    if (openByFieldStale_) {
        for (auto& list : openByField_) {
            list.clear();
        }
        for (auto& [number, c] : counters_) {
            if (!c.open) {
                continue;
            }
            for (int f : c.fields) {
                if (static_cast<std::size_t>(f) >= openByField_.size()) {
                    openByField_.resize(static_cast<std::size_t>(f) + 1);
                }
                auto& list = openByField_[static_cast<std::size_t>(f)];
                if (list.empty() || list.back() != &c) {
                    list.push_back(&c);
                }
            }
        }
        openByFieldStale_ = false;
    }
    if (static_cast<std::size_t>(field) < openByField_.size()) {
        for (CounterDay* c : openByField_[static_cast<std::size_t>(field)]) {
            account(*c);
        }
    }
}

void DayReplay::onEvent(const ReplayEvent& e) {
    advanceTo(e.atMs);
    switch (e.kind) {
    case EventKind::counterOpened:
    case EventKind::counterClosed:
    case EventKind::counterPaused:
    case EventKind::counterResumed:
        onCounterEvent(e);
        return;
    case EventKind::ticketIssued: {
        if (e.field < 0) {
            return;
        }
        TicketDay& t = tickets_[e.ticket];
        t = TicketDay{};
        int hour = hourOf(e.atMs);
        ++counts(DigestSlot{e.field, 0, -1, hour}).outcomes.issued;
        ++load(e.field, hour).arrivals;
        enterQueue(t, e.field, e.atMs);
        t.waitOpen = true;
        t.estimateSeconds = e.estimateSeconds;
        return;
    }
    default:
        break;
    }
    auto it = tickets_.find(e.ticket);
    if (it != tickets_.end()) {
        onTicketEvent(e, it->second);
    }
}

void DayReplay::enterQueue(TicketDay& t, int field, std::int64_t atMs) {
    t.field = field;
    t.inQueue = true;
    t.waitOpen = false;
    t.queuedAt = atMs;
    t.queueHour = hourOf(atMs);
    if (waiting_[static_cast<std::size_t>(field)] == 0) {
        accountCountersOf(field);
    }
    ++waiting_[static_cast<std::size_t>(field)];
}

void DayReplay::leaveQueue(TicketDay& t, std::int64_t atMs, bool called, int counter, int staff) {
    if (!t.inQueue) {
        return;
    }
    t.inQueue = false;
    if (waiting_[static_cast<std::size_t>(t.field)] == 1) {
        accountCountersOf(t.field);
    }
    --waiting_[static_cast<std::size_t>(t.field)];
    if (!t.waitOpen) {
        return;
    }
    t.waitOpen = false;
    // Within or over target is decided at merge time, from these milliseconds.
    int slot = slotIndex(DigestSlot{t.field, counter, staff, t.queueHour});
    (called ? d_.waits : d_.uncalled).push_back(DigestSample{slot, clampMs(atMs - t.queuedAt)});
    if (called && t.estimateSeconds >= 0) {
        d_.estimates.push_back(EstimateSample{slot, clampMs(std::int64_t{t.estimateSeconds} * 1000),
                                              clampMs(atMs - t.queuedAt)});
    }
    t.estimateSeconds = -1; // a later queue (after a transfer) was not estimated at the kiosk
}

void DayReplay::onTicketEvent(const ReplayEvent& e, TicketDay& t) {
    auto release = [this, &t, &e] {
        auto c = counters_.find(t.counter);
        if (c != counters_.end() && c->second.active == e.ticket) {
            setActive(c->second, 0, nullptr);
        }
    };
    auto staffOf = [this, &e] {
        if (e.staff >= 0) {
            return e.staff;
        }
        auto c = counters_.find(e.counter);
        return c != counters_.end() ? c->second.staff : -1;
    };
    auto end = [&t, &e, &staffOf](int kind) {
        t.finalKind = kind;
        t.endAt = e.atMs;
        t.endField = t.field;
        t.endCounter = e.counter;
        t.endStaff = staffOf();
    };
    switch (e.kind) {
    case EventKind::ticketCalled: {
        int staff = staffOf();
        leaveQueue(t, e.atMs, true, e.counter, staff);
        t.counter = e.counter;
        t.staff = staff;
        t.serviceFrom = e.atMs;
        setActive(counterDay(e.counter), e.ticket, &t);
        break;
    }
    case EventKind::ticketStarted:
        t.serviceFrom = e.atMs;
        break;
    case EventKind::ticketFinished: {
        release();
        end(kServed);
        int hour = hourOf(t.serviceFrom);
        std::int32_t took = clampMs(e.atMs - t.serviceFrom);
        d_.services.push_back(DigestSample{slotIndex(DigestSlot{t.field, e.counter, t.endStaff, hour}), took});
        LoadCell& cell = load(t.field, hour);
        cell.serviceMs += took;
        ++cell.serviceCount;
        break;
    }
    case EventKind::ticketNoShow:
        release();
        end(kNoShow);
        break;
    case EventKind::ticketParked:
        release();
        break;
    case EventKind::ticketTransferred: {
        release();
        leaveQueue(t, e.atMs, false, 0, -1);
        int hour = hourOf(e.atMs);
        ++counts(DigestSlot{t.field, e.counter, staffOf(), hour}).outcomes.transferred;
        t.finalKind = kOpen;
        if (e.toField >= 0) {
            ++load(e.toField, hour).arrivals;
            enterQueue(t, e.toField, e.atMs);
            t.waitOpen = true;
        }
        break;
    }
    case EventKind::ticketReinstated:
        t.finalKind = kOpen;
        enterQueue(t, t.field, e.atMs); // no new wait: the citizen was called once
        break;
    case EventKind::ticketCancelled:
    case EventKind::ticketExpired:
        leaveQueue(t, e.atMs, false, 0, -1);
        release();
        end(e.kind == EventKind::ticketCancelled ? kCancelled : kExpired);
        break;
    case EventKind::ticketRated: {
        // Where the service was given: the event says so (older ones name the counter only).
        t.rating = ratingLevelOf(e.number, e.reason);
        auto channel = parseRatingChannel(e.reason).value_or(RatingChannel::box);
        t.ratingChannel = static_cast<int>(channel);
        t.ratingField = e.field >= 0 ? e.field : t.field;
        t.ratingCounter = e.counter != 0 ? e.counter : t.counter;
        t.ratingStaff = e.staff >= 0 ? e.staff : t.staff;
        t.ratedAt = e.atMs;
        break;
    }
    default:
        break;
    }
}

void DayReplay::onCounterEvent(const ReplayEvent& e) {
    CounterDay& c = counterDay(e.counter);
    account(c); // up to now, as it was
    openByFieldStale_ = true;
    switch (e.kind) {
    case EventKind::counterOpened:
        if (c.paused) {
            endPause(e.counter, c, e.atMs);
        }
        if (c.open) {
            endOpen(c, e.atMs);
        }
        c.open = true;
        c.openedAt = e.atMs;
        c.staff = e.staff;
        setActive(c, 0, nullptr);
        c.fields = callableFields(e.counter, e.staff);
        c.time = &timeOf(e.counter); // an opened counter gets a row even if it never served
        break;
    case EventKind::counterClosed:
        if (c.paused) {
            endPause(e.counter, c, e.atMs);
        }
        if (c.open) {
            endOpen(c, e.atMs);
        }
        c.open = false;
        setActive(c, 0, nullptr);
        break;
    case EventKind::counterPaused:
        if (c.paused) {
            endPause(e.counter, c, e.atMs);
        }
        c.paused = true;
        c.pausedAt = e.atMs;
        c.pauseReason = std::string(e.reason);
        break;
    case EventKind::counterResumed:
        if (c.paused) {
            endPause(e.counter, c, e.atMs);
        }
        break;
    default:
        break;
    }
}

void DayReplay::endPause(int counter, CounterDay& c, std::int64_t atMs) {
    PauseDay& row = pauses_[{counter, c.pauseReason}];
    row.counter = counter;
    row.reason = c.pauseReason;
    ++row.count;
    row.ms += std::max<std::int64_t>(0, atMs - c.pausedAt);
    c.paused = false;
}

void DayReplay::endOpen(CounterDay& c, std::int64_t) { c.open = false; }

// A counter's time goes to the field it serves: all of it while it has one of
// the field's citizens at the desk, an equal share of its idle time to each
// field it can call, nothing while paused. A counter shared by six fields is
// then not a whole counter in each (staffing history read spare capacity
// that was not there), and the fields' counter time adds up to the counter's.
void DayReplay::giveCounterTime(const CounterDay& c, std::int64_t fromMs, std::int64_t toMs) {
    if (c.paused || toMs <= fromMs) {
        return;
    }
    auto spread = [this, fromMs, toMs](int field, double weight) {
        for (std::int64_t from = std::max(fromMs, midnightMs_); from < toMs;) {
            int hour = hourOf(from);
            std::int64_t hourEnd = midnightMs_ + static_cast<std::int64_t>(hour + 1) * 3'600'000;
            std::int64_t to = hour == 23 ? toMs : std::min(toMs, hourEnd);
            load(field, hour).counterMs += std::llround(static_cast<double>(to - from) * weight);
            from = to;
        }
    };
    if (c.activeDay != nullptr && c.activeDay->field >= 0) {
        spread(c.activeDay->field, 1.0);
        return;
    }
    for (int f : c.fields) {
        spread(f, 1.0 / static_cast<double>(c.fields.size()));
    }
}

void DayReplay::finalizeTicket(const TicketDay& t) {
    if (t.finalKind == kOpen) {
        ++counts(DigestSlot{t.field, 0, -1, t.queueHour}).outcomes.stillOpen;
    } else {
        Outcomes& o = counts(DigestSlot{t.endField, t.endCounter, t.endStaff, hourOf(t.endAt)}).outcomes;
        switch (t.finalKind) {
        case kServed: ++o.served; break;
        case kNoShow: ++o.noShow; break;
        case kCancelled: ++o.cancelled; break;
        default: ++o.expired; break;
        }
    }
    if (t.rating >= 1 && t.rating <= kRatingLevels) {
        int slot = slotIndex(DigestSlot{t.ratingField, t.ratingCounter, t.ratingStaff, hourOf(t.ratedAt)});
        SlotCounts& c = d_.counts[static_cast<std::size_t>(slot)];
        ++c.levels[static_cast<std::size_t>(t.rating - 1)];
        ++c.channels[static_cast<std::size_t>(t.ratingChannel)];
        for (const auto& [id, level] : decodeAnswers(t.ratingAnswers)) {
            ++answers_[{slot, questionIndex(id)}][static_cast<std::size_t>(level - 1)];
        }
        if (!t.ratingComment.empty()) {
            d_.comments.push_back(DigestComment{slot, t.ratedAt, t.ratingCode, t.rating, t.ratingComment});
        }
    }
}

void DayReplay::onRatingDetail(std::int64_t ticket, std::string_view code, std::string_view answers,
                               std::string_view comment) {
    auto it = tickets_.find(ticket);
    if (it == tickets_.end() || it->second.rating == 0) {
        return;
    }
    it->second.ratingCode = std::string(code);
    it->second.ratingAnswers = std::string(answers);
    it->second.ratingComment = std::string(comment);
}

DayDigest DayReplay::finish() {
    std::int64_t end = dayEndMs_;
    if (now_) {
        end = std::max(lastMs_, std::min(end, toMillis(*now_)));
    }
    advanceTo(end);
    for (auto& [number, c] : counters_) {
        account(c);
        if (c.paused) {
            endPause(number, c, end);
        }
        if (c.open) {
            endOpen(c, end);
        }
    }
    // By ticket id, so the digest does not depend on hash order.
    std::vector<std::pair<std::int64_t, const TicketDay*>> byId;
    byId.reserve(tickets_.size());
    for (const auto& [id, t] : tickets_) {
        byId.emplace_back(id, &t);
    }
    std::sort(byId.begin(), byId.end());
    for (const auto& [id, t] : byId) {
        finalizeTicket(*t);
    }
    for (auto& [key, row] : pauses_) {
        d_.pauses.push_back(row);
    }
    for (auto& [number, ct] : counterTime_) {
        d_.counterTime.push_back(ct);
    }
    for (std::size_t at = 0; at < load_.size(); ++at) {
        if (const LoadCell& cell = load_[at]; cell.used) {
            d_.load.push_back(FieldHourLoad{static_cast<int>(at / 24), static_cast<int>(at % 24), cell.arrivals,
                                            cell.serviceMs, cell.serviceCount, cell.counterMs});
        }
    }
    for (const auto& [key, levels] : answers_) {
        d_.answers.push_back(AnswerCount{key.first, key.second, levels});
    }
    return std::move(d_);
}

} // namespace qmsd::reports
