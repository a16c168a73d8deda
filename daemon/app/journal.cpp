#include "app/journal.hpp"
#include "booking/booking_codec.hpp"

#include "app/logging.hpp"
#include "content/content_codec.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>

namespace qmsd {

Result<std::unique_ptr<Journal>> Journal::open(Store& store,
                                               std::shared_ptr<const OfficeConfig> config,
                                               TimePoint now) {
    auto clock = OfficeClock::forZone(config->office.timeZone);
    if (!clock) {
        return clock.error();
    }
    std::unique_ptr<Journal> j(new Journal(store, std::move(config), *clock));
    if (auto st = j->rebuild(now); !st) {
        return st.error();
    }
    return j;
}

Status Journal::rebuild(TimePoint now) {
    auto head = store_.head();
    if (!head) {
        return head.error();
    }
    std::string today = clock_.localDay(now);
    if (head->lastDay && *head->lastDay != today) {
        if (*head->lastDay > today) {
            return makeError(ErrorCode::storageFailed,
                             "the store has events of " + *head->lastDay + ", after today (" + today +
                                 "): is the system clock wrong?");
        }
        if (auto st = closeDay(*head->lastDay); !st) {
            return st;
        }
        head = store_.head();
        if (!head) {
            return head.error();
        }
    }
    engine_ = std::make_unique<QueueEngine>(config_, clock_,
                                            EngineStart{today, head->lastSeq, head->lastTicketId});
    auto content = loadContent();
    if (!content) {
        return content.error();
    }
    engine_->seedContent(std::move(*content));
    auto bookings = loadBookings(today);
    if (!bookings) {
        return bookings.error();
    }
    engine_->seedBookings(std::move(*bookings));
    auto events = store_.eventsOfDay(today);
    if (!events) {
        return events.error();
    }
    engine_->apply(*events);
    return Ok{};
}

// The content as committed (content_items): today's content events, replayed
// next, set the same items again, so nothing is counted twice.
Result<ContentBook> Journal::loadContent() {
    auto rows = store_.loadContent();
    if (!rows) {
        return rows.error();
    }
    ContentBook book;
    for (const auto& row : *rows) {
        if (row.kind == "notice") {
            if (auto n = decodeNotice(row.body)) {
                book.put(std::move(*n));
                continue;
            }
        } else if (row.kind == "procedure") {
            if (auto p = decodeProcedure(row.body)) {
                book.put(std::move(*p));
                continue;
            }
        }
        // Only a hand-edited database gets here: that item is left out, the rest serves.
        moduleLogger("journal")->error("content item kind={} id={} seq={} cannot be read; left out",
                                       row.kind, row.id, row.seq);
    }
    return book;
}

// The bookings as committed (the bookings table) from `fromDay` on, and
// older ones still open; today's booking events, replayed next, set the same
// bookings again.
Result<BookingBook> Journal::loadBookings(const std::string& fromDay) {
    auto rows = store_.loadBookings(fromDay);
    if (!rows) {
        return rows.error();
    }
    BookingBook book;
    for (const auto& body : *rows) {
        if (auto b = decodeBooking(body)) {
            book.put(std::move(*b));
        } else { // only a hand-edited database gets here: that booking is left out, the rest serves
            moduleLogger("journal")->error("a stored booking cannot be read ({}); left out", b.error().message);
        }
    }
    return book;
}

// Replays `day`, then expires what is still open, dated at that day's end.
Status Journal::closeDay(const std::string& day) {
    auto head = store_.head();
    if (!head) {
        return head.error();
    }
    QueueEngine old(config_, clock_, EngineStart{day, head->lastSeq, head->lastTicketId});
    auto bookings = loadBookings(day);
    if (!bookings) {
        return bookings.error();
    }
    old.seedBookings(std::move(*bookings));
    auto events = store_.eventsOfDay(day);
    if (!events) {
        return events.error();
    }
    old.apply(*events);
    CommandMeta meta{clock_.instantOf(nextDay(day), 0) - Millis{1}, "system"};
    auto closing = old.plan(CloseDay{}, meta);
    if (!closing) {
        return closing.error();
    }
    if (auto st = store_.append(*closing); !st) {
        return st;
    }
    publish(*closing);
    return Ok{};
}

Status Journal::rollOver(TimePoint now) {
    if (clock_.localDay(now) == engine_->day()) {
        return Ok{};
    }
    if (auto st = flush(); !st) {
        return st;
    }
    return rebuild(now);
}

Result<Events> Journal::execute(const Command& cmd, const CommandMeta& meta) {
    if (auto st = rollOver(meta.at); !st) {
        return st.error();
    }
    // Anything submitted earlier commits first: sequence numbers stay in
    // commit order, with no gap if we crash right after.
    if (auto st = flush(); !st) {
        return st.error();
    }
    auto planned = engine_->plan(cmd, meta);
    if (!planned) {
        return planned;
    }
    if (auto st = store_.append(*planned); !st) {
        return st.error(); // nothing applied: memory is as the store is
    }
    engine_->apply(*planned);
    publish(*planned);
    return planned;
}

void Journal::submit(const Command& cmd, const CommandMeta& meta, CommandDone done) {
    if (auto st = rollOver(meta.at); !st) {
        done(st.error());
        return;
    }
    auto planned = engine_->plan(cmd, meta);
    if (planned) {
        // Applied now so the next command in the batch sees it; not visible
        // outside until flush() has committed it.
        engine_->apply(*planned);
        pendingEvents_.insert(pendingEvents_.end(), planned->begin(), planned->end());
    }
    pending_.push_back(PendingCommand{std::move(planned), std::move(done)});
}

Status Journal::flush() {
    if (pending_.empty()) {
        return Ok{};
    }
    auto batch = std::move(pending_);
    auto events = std::move(pendingEvents_);
    pending_.clear();
    pendingEvents_.clear();
    Status st = store_.append(events);
    if (!st) {
        // Undo the provisional applies: the store is the truth.
        if (auto rb = rebuildAfterFailure(); !rb) {
            st = rb;
        }
        for (auto& p : batch) {
            p.done(p.result ? Result<Events>(st.error()) : p.result);
        }
        return st;
    }
    answerCommitted(events, batch);
    return Ok{};
}

Status Journal::rebuildAfterFailure() {
    ++rebuilds_;
    return rebuild(clock_.instantOf(engine_->day(), 0));
}

Journal::Batch Journal::plan(std::deque<Submission>& queue) {
    Batch b;
    auto events = std::make_shared<Events>();
    b.events = events;
    if (queue.empty()) {
        return b;
    }
    // Only the first command may start a new day: nothing is in flight then.
    if (auto st = rollOver(queue.front().meta.at); !st) {
        b.commands.push_back(PendingCommand{st.error(), std::move(queue.front().done)});
        queue.pop_front();
        return b;
    }
    // After a failed commit, one command at a time, planned without being
    // applied: if the disk refuses it too there is nothing to undo.
    std::size_t n = 0;
    std::size_t limit = failing_ ? 1 : queue.size();
    while (n < limit && clock_.localDay(queue[n].meta.at) == engine_->day()) {
        ++n;
    }
    n = std::max<std::size_t>(n, 1); // a clock gone back across midnight: plan it on today
    b.applied = n > 1;
    for (std::size_t i = 0; i < n; ++i) {
        Submission& s = queue.front();
        auto planned = engine_->plan(s.cmd, s.meta);
        if (planned) {
            if (b.applied) {
                engine_->apply(*planned); // the next command of the batch sees it
            }
            events->insert(events->end(), planned->begin(), planned->end());
        }
        b.commands.push_back(PendingCommand{std::move(planned), std::move(s.done)});
        queue.pop_front();
    }
    uncommitted_ = b.applied && !events->empty();
    return b;
}

Status Journal::complete(Batch batch, Status committed) {
    const Events& events = *batch.events;
    if (events.empty()) { // only refusals: nothing was written
        for (auto& p : batch.commands) {
            p.done(p.result);
        }
        return Ok{};
    }
    if (committed) {
        failing_ = false;
        if (!batch.applied) {
            engine_->apply(events);
        }
        uncommitted_ = false;
        answerCommitted(events, batch.commands);
        return Ok{};
    }
    failing_ = true;
    Status st = committed;
    if (batch.applied) {
        // Undo the provisional applies: the store is the truth.
        if (auto rb = rebuildAfterFailure(); !rb) {
            st = rb;
        }
    }
    uncommitted_ = false;
    for (auto& p : batch.commands) {
        p.done(p.result ? Result<Events>(st.error()) : p.result);
    }
    return st;
}

Status Journal::reconfigure(std::shared_ptr<const OfficeConfig> next) {
    if (auto st = engine_->checkReconfigure(*next); !st) {
        return st;
    }
    if (next->office.timeZone != config_->office.timeZone) {
        return makeError(ErrorCode::configInvalid,
                         "time_zone cannot change while running (restart qmsd to change it)");
    }
    config_ = next;
    engine_->reconfigure(std::move(next));
    return Ok{};
}

void Journal::publish(const Events& events) {
    publish(events, ListenerTurn::beforeReplies);
    publish(events, ListenerTurn::afterReplies);
}

void Journal::answerCommitted(const Events& events, std::vector<PendingCommand>& commands) {
    publish(events, ListenerTurn::beforeReplies);
    for (auto& p : commands) {
        p.done(p.result);
    }
    publish(events, ListenerTurn::afterReplies);
}

void Journal::publish(const Events& events, ListenerTurn turn) {
    if (events.empty()) {
        return;
    }
    for (const auto& l : turn == ListenerTurn::beforeReplies ? listeners_ : laterListeners_) {
        l(events);
    }
}

} // namespace qmsd
