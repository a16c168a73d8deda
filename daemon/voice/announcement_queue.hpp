#pragma once
// Which announcement plays when: pure logic, driven by the times passed in,
// so the rules are tested without audio or a real clock.
//
//  - One at a time: next() hands out nothing while one is playing.
//  - A recall queues its call again, after whatever is playing (so a recall
//    of the ticket being announced is said once more), but a ticket already
//    waiting is not queued twice: the waiting entry is updated in place.
//  - A counter's newer call replaces its older one still waiting: that
//    counter has moved on and the board shows the newer number.
//  - At most maxBacklog wait; beyond that the oldest waiting is dropped, and
//    one waiting longer than maxWait is dropped when its turn comes, so a
//    burst of calls never talks for minutes. The boards still show every call.
//  - A playback not reported finished within maxPlay is given up, so a hung
//    sound card cannot silence the office for the rest of the day.
//  - A call that is no longer true (its ticket was started, finished,
//    transferred, parked, marked no-show, cancelled) is withdrawn before it is
//    said: "A011 to counter 3" after A011 went to another field misleads.
#include "core/time.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace qmsd::voice {

struct QueueSettings {
    std::size_t maxBacklog = 10;
    Millis maxWait{60'000};
    Millis maxPlay{30'000};
};

struct Announcement {
    std::int64_t id = 0; // assigned by push(); increasing
    std::int64_t ticketId = 0;
    std::string code;
    int counter = 0;
    bool recall = false;
    TimePoint queuedAt{};
};

enum class DropReason { superseded, backlog, stale, playTimeout, outdated };

struct Dropped {
    Announcement announcement;
    DropReason reason = DropReason::backlog;
};

class AnnouncementQueue {
  public:
    explicit AnnouncementQueue(QueueSettings settings = {});

    struct Pushed {
        std::int64_t id = 0;          // of the entry that will say this call
        std::vector<Dropped> dropped; // made room for it
    };
    Pushed push(Announcement a, TimePoint now);

    // The announcement to start now, if nothing is playing; it becomes current().
    std::optional<Announcement> next(TimePoint now, std::vector<Dropped>* dropped = nullptr);
    // The ticket's call is no longer true: its waiting entry (if any) is dropped.
    // The one playing is left to finish (half a word cut off helps nobody).
    std::vector<Dropped> withdraw(std::int64_t ticketId);
    // The player is done with `id` (a stale id, e.g. after a play timeout, is ignored).
    void finished(std::int64_t id);

    const std::optional<Announcement>& current() const { return current_; }
    const std::deque<Announcement>& waiting() const { return waiting_; }

  private:
    QueueSettings settings_;
    std::deque<Announcement> waiting_;
    std::optional<Announcement> current_;
    TimePoint startedAt_{};
    std::int64_t nextId_ = 1;
};

} // namespace qmsd::voice
