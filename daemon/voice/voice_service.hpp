#pragma once
// The voice on the daemon's loop: committed ticket_called / ticket_recalled
// events go into the AnnouncementQueue; when it hands one out it is rendered,
// offered to TV pages (publish) and played on the local card (if a device is
// configured) — else paced by a timer for its length, so TVs get them one at
// a time too. A short pause separates two announcements.
#include "engine/event.hpp"
#include "voice/alsa_player.hpp"
#include "voice/announcement_queue.hpp"
#include "voice/announcer.hpp"

#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace qmsd::voice {

struct AnnouncementReady {
    std::int64_t id = 0;       // for GET /api/v1/announcements/{id}
    std::int64_t eventSeq = 0; // the call it says
    std::string code;
    int counter = 0;
    bool recall = false;
    std::string text;
    std::int64_t durationMs = 0;
};

class VoiceService {
  public:
    using Publish = std::function<void(const AnnouncementReady&)>;
    using CounterName = std::function<std::string(int counter)>;

    static constexpr std::size_t kRecentKept = 16;  // WAVs TV pages can still fetch
    static constexpr Millis kPause{700};             // between two announcements

    VoiceService(boost::asio::io_context& io, Announcer announcer, const VoiceSettings& settings,
                 Publish publish, CounterName counterName);
    ~VoiceService();

    // Journal listener: call after commit.
    void onCommitted(const std::vector<Event>& events);
    // A recent announcement's audio, or nullptr once it is gone.
    std::shared_ptr<const Pcm> audio(std::int64_t id) const;

  private:
    void pump();
    void start(const Announcement& a);
    void finished(std::int64_t id);

    boost::asio::io_context& io_;
    Announcer announcer_;
    AnnouncementQueue queue_;
    Publish publish_;
    CounterName counterName_;
    std::unique_ptr<AlsaPlayer> player_; // null: TV pages only
    boost::asio::steady_timer pace_;     // length of a TV-only announcement, then the pause
    boost::asio::steady_timer watchdog_; // a player that never reports back
    std::deque<std::pair<std::int64_t, std::shared_ptr<const Pcm>>> recent_;
    std::map<std::int64_t, std::int64_t> eventSeqs_; // queue id → event seq
    Millis maxPlay_;
    // When the one playing started and how long it lasts: the TV pages play
    // it too, so the next one waits its full length even if the device
    // reports back early (ALSA's null device, a deep network buffer).
    std::chrono::steady_clock::time_point playStarted_{};
    Millis playLength_{0};
    bool pausing_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace qmsd::voice
