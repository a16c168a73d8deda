#include "voice/announcement_queue.hpp"

#include <algorithm>

namespace qmsd::voice {

AnnouncementQueue::AnnouncementQueue(QueueSettings settings) : settings_(settings) {}

AnnouncementQueue::Pushed AnnouncementQueue::push(Announcement a, TimePoint now) {
    Pushed out;
    a.queuedAt = now;
    auto same = std::find_if(waiting_.begin(), waiting_.end(),
                             [&a](const Announcement& w) { return w.ticketId == a.ticketId; });
    if (same != waiting_.end()) {
        // Keep its place in line; the newer facts (counter, recall) win.
        same->code = a.code;
        same->counter = a.counter;
        same->recall = same->recall || a.recall;
        out.id = same->id;
        return out;
    }
    auto older = std::find_if(waiting_.begin(), waiting_.end(),
                              [&a](const Announcement& w) { return w.counter == a.counter; });
    if (older != waiting_.end()) {
        out.dropped.push_back(Dropped{*older, DropReason::superseded});
        waiting_.erase(older);
    }
    a.id = nextId_++;
    out.id = a.id;
    waiting_.push_back(std::move(a));
    while (waiting_.size() > settings_.maxBacklog) {
        out.dropped.push_back(Dropped{waiting_.front(), DropReason::backlog});
        waiting_.pop_front();
    }
    return out;
}

std::optional<Announcement> AnnouncementQueue::next(TimePoint now, std::vector<Dropped>* dropped) {
    const auto report = [dropped](const Announcement& a, DropReason why) {
        if (dropped != nullptr) {
            dropped->push_back(Dropped{a, why});
        }
    };
    if (current_) {
        if (now - startedAt_ < settings_.maxPlay) {
            return std::nullopt;
        }
        report(*current_, DropReason::playTimeout);
        current_.reset();
    }
    while (!waiting_.empty() && now - waiting_.front().queuedAt > settings_.maxWait) {
        report(waiting_.front(), DropReason::stale);
        waiting_.pop_front();
    }
    if (waiting_.empty()) {
        return std::nullopt;
    }
    current_ = std::move(waiting_.front());
    waiting_.pop_front();
    startedAt_ = now;
    return current_;
}

std::vector<Dropped> AnnouncementQueue::withdraw(std::int64_t ticketId) {
    std::vector<Dropped> out;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        if (it->ticketId == ticketId) {
            out.push_back(Dropped{*it, DropReason::outdated});
            it = waiting_.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

void AnnouncementQueue::finished(std::int64_t id) {
    if (current_ && current_->id == id) {
        current_.reset();
    }
}

} // namespace qmsd::voice
