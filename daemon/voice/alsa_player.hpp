#pragma once
// Plays one PCM buffer at a time on the daemon's sound card through ALSA.
// A worker thread owns the snd_pcm handle (opened per announcement, so a USB
// speaker plugged back in works at the next call) and blocks in snd_pcm
// writes; the result is posted back to the loop. A missing card is an error
// reported through `done` and logged, never a crash. No exceptions.
#include "core/result.hpp"
#include "voice/pcm.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace boost::asio {
class io_context;
}

namespace qmsd::voice {

class AlsaPlayer {
  public:
    // Runs on the loop when a buffer has played (or failed to).
    using Done = std::function<void(std::int64_t id, Status result)>;

    // device: an ALSA PCM name ("default", "plughw:1,0"; "null" in tests).
    AlsaPlayer(boost::asio::io_context& loop, std::string device, Done done);
    ~AlsaPlayer();
    AlsaPlayer(const AlsaPlayer&) = delete;
    AlsaPlayer& operator=(const AlsaPlayer&) = delete;

    // Refused (counterBusy) while a buffer is in flight: the queue decides order.
    Status play(std::int64_t id, std::shared_ptr<const Pcm> pcm);
    // Cuts the current buffer short and ends the worker; play() is refused after.
    void stop();

  private:
    void run();
    Status playNow(const Pcm& pcm);

    boost::asio::io_context& loop_;
    std::string device_;
    Done done_;

    std::mutex mutex_; // guards the job and stopping_ (loop ↔ worker)
    std::condition_variable wake_;
    std::shared_ptr<const Pcm> job_;
    std::int64_t jobId_ = 0;
    // Loop thread only: set by play(), cleared when its result reaches the
    // loop, so "in flight" ends where the caller learns it ended (shared with
    // the posted result, which may outlive the player).
    std::shared_ptr<bool> inFlight_ = std::make_shared<bool>(false);
    bool stopping_ = false;
    std::thread worker_;
};

} // namespace qmsd::voice
