#include "voice/voice_service.hpp"

#include "app/logging.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace qmsd::voice {
namespace {

std::string_view dropName(DropReason r) {
    switch (r) {
    case DropReason::superseded:
        return "superseded";
    case DropReason::backlog:
        return "backlog";
    case DropReason::stale:
        return "stale";
    case DropReason::playTimeout:
        return "play_timeout";
    case DropReason::outdated:
        return "outdated";
    }
    return "?";
}

// After these the call on the board is over: the citizen came (started), was
// served, sent elsewhere, parked, given up on, or the ticket is gone.
bool endsTheCall(EventKind k) {
    switch (k) {
    case EventKind::ticketStarted:
    case EventKind::ticketFinished:
    case EventKind::ticketNoShow:
    case EventKind::ticketTransferred:
    case EventKind::ticketParked:
    case EventKind::ticketCancelled:
    case EventKind::ticketExpired:
        return true;
    default:
        return false;
    }
}

void logDropped(const std::vector<Dropped>& dropped) {
    for (const Dropped& d : dropped) {
        if (d.reason == DropReason::outdated) { // the normal case at a quick counter, not a fault
            moduleLogger("voice")->info("announcement withdrawn: ticket={} counter={} reason=outdated",
                                        d.announcement.code, d.announcement.counter);
            continue;
        }
        moduleLogger("voice")->warn("announcement skipped: ticket={} counter={} reason={}",
                                    d.announcement.code, d.announcement.counter, dropName(d.reason));
    }
}

} // namespace

VoiceService::VoiceService(boost::asio::io_context& io, Announcer announcer,
                           const VoiceSettings& settings, Publish publish, CounterName counterName)
    : io_(io), announcer_(std::move(announcer)), queue_(settings.queue),
      publish_(std::move(publish)), counterName_(std::move(counterName)), pace_(io),
      watchdog_(io), maxPlay_(settings.queue.maxPlay) {
    if (!settings.device.empty()) {
        player_ = std::make_unique<AlsaPlayer>(
            io, settings.device, [alive = std::weak_ptr<bool>(alive_), this](std::int64_t id, Status) {
                if (alive.lock()) {
                    finished(id); // failures were logged by the player
                }
            });
    }
}

VoiceService::~VoiceService() {
    alive_.reset();
    player_.reset(); // joins the worker before the timers go
}

void VoiceService::onCommitted(const std::vector<Event>& events) {
    for (const Event& e : events) {
        if (endsTheCall(e.kind)) {
            std::vector<Dropped> gone = queue_.withdraw(e.ticketId);
            logDropped(gone);
            for (const Dropped& d : gone) {
                eventSeqs_.erase(d.announcement.id);
            }
            continue;
        }
        if (e.kind != EventKind::ticketCalled && e.kind != EventKind::ticketRecalled) {
            continue;
        }
        Announcement a;
        a.ticketId = e.ticketId;
        a.code = e.code;
        a.counter = e.counter;
        a.recall = e.kind == EventKind::ticketRecalled;
        AnnouncementQueue::Pushed pushed = queue_.push(std::move(a), systemNow());
        eventSeqs_[pushed.id] = e.seq;
        logDropped(pushed.dropped);
        for (const Dropped& d : pushed.dropped) {
            eventSeqs_.erase(d.announcement.id);
        }
    }
    pump();
}

void VoiceService::pump() {
    if (pausing_) {
        return;
    }
    std::vector<Dropped> dropped;
    std::optional<Announcement> next = queue_.next(systemNow(), &dropped);
    logDropped(dropped);
    if (next) {
        start(*next);
    }
}

void VoiceService::start(const Announcement& a) {
    Result<Rendered> r = announcer_.render({a.code, a.counter, counterName_(a.counter)});
    if (!r) {
        moduleLogger("voice")->error("announcement not rendered: ticket={} error=\"{}\"", a.code,
                                     r.error().message);
        queue_.finished(a.id);
        boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
            if (alive.lock()) {
                pump();
            }
        });
        return;
    }
    auto pcm = std::make_shared<const Pcm>(std::move(r->pcm));
    recent_.emplace_back(a.id, pcm);
    while (recent_.size() > kRecentKept) {
        recent_.pop_front();
    }
    AnnouncementReady ready{a.id, eventSeqs_[a.id], a.code, a.counter, a.recall,
                            r->spoken.text, pcm->durationMs()};
    eventSeqs_.erase(a.id);
    // lag_ms: from the commit (the boards show it then) to the first sound.
    moduleLogger("voice")->info("announcing ticket={} counter={} recall={} ms={} lag_ms={} text=\"{}\"",
                                a.code, a.counter, a.recall, ready.durationMs,
                                toMillis(systemNow()) - toMillis(a.queuedAt), ready.text);
    publish_(ready);
    playStarted_ = std::chrono::steady_clock::now();
    playLength_ = Millis{pcm->durationMs()};

    const auto weak = std::weak_ptr<bool>(alive_);
    if (player_) {
        if (Status st = player_->play(a.id, pcm); !st) {
            moduleLogger("voice")->error("player refused: {}", st.error().message);
            finished(a.id);
            return;
        }
        // The queue gives a silent player up after maxPlay; make sure someone asks then.
        watchdog_.expires_after(maxPlay_ + Millis{100});
        watchdog_.async_wait([this, weak](const boost::system::error_code& ec) {
            if (!ec && weak.lock()) {
                pump();
            }
        });
    } else {
        pace_.expires_after(std::chrono::milliseconds(pcm->durationMs()));
        pace_.async_wait([this, weak, id = a.id](const boost::system::error_code& ec) {
            if (!ec && weak.lock()) {
                finished(id);
            }
        });
    }
}

void VoiceService::finished(std::int64_t id) {
    watchdog_.cancel();
    queue_.finished(id);
    pausing_ = true;
    auto played = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - playStarted_);
    Millis rest = played < playLength_ ? playLength_ - played : Millis{0};
    pace_.expires_after(rest + kPause);
    pace_.async_wait([this, weak = std::weak_ptr<bool>(alive_)](const boost::system::error_code& ec) {
        if (ec || !weak.lock()) {
            return;
        }
        pausing_ = false;
        pump();
    });
}

std::shared_ptr<const Pcm> VoiceService::audio(std::int64_t id) const {
    for (const auto& [rid, pcm] : recent_) {
        if (rid == id) {
            return pcm;
        }
    }
    return nullptr;
}

} // namespace qmsd::voice
