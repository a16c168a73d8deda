#include "voice/alsa_player.hpp"

#include "app/logging.hpp"

#include <alsa/asoundlib.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace qmsd::voice {
namespace {

constexpr unsigned kLatencyUs = 200'000;

std::string alsaError(const std::string& device, const char* what, int err) {
    return "ALSA device '" + device + "': " + what + ": " + snd_strerror(err);
}

} // namespace

AlsaPlayer::AlsaPlayer(boost::asio::io_context& loop, std::string device, Done done)
    : loop_(loop), device_(std::move(device)), done_(std::move(done)) {
    worker_ = std::thread([this] { run(); });
}

AlsaPlayer::~AlsaPlayer() { stop(); }

void AlsaPlayer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) {
        worker_.join();
    }
}

Status AlsaPlayer::play(std::int64_t id, std::shared_ptr<const Pcm> pcm) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return makeError(ErrorCode::internal, "player stopped");
        }
        if (*inFlight_) {
            return makeError(ErrorCode::counterBusy, "an announcement is already playing");
        }
        *inFlight_ = true;
        job_ = std::move(pcm);
        jobId_ = id;
    }
    wake_.notify_all();
    return Ok{};
}

void AlsaPlayer::run() {
    for (;;) {
        std::shared_ptr<const Pcm> job;
        std::int64_t id = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || job_ != nullptr; });
            if (stopping_) {
                return;
            }
            job = std::move(job_);
            id = jobId_;
        }
        Status result = playNow(*job);
        if (!result) {
            moduleLogger("voice")->error("announcement not played: device={} error=\"{}\"", device_,
                                         result.error().message);
        }
        boost::asio::post(loop_, [done = done_, inFlight = inFlight_, id, result = std::move(result)] {
            *inFlight = false;
            done(id, result);
        });
    }
}

Status AlsaPlayer::playNow(const Pcm& pcm) {
    snd_pcm_t* handle = nullptr;
    int err = snd_pcm_open(&handle, device_.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
    if (err < 0) {
        return makeError(ErrorCode::internal, alsaError(device_, "cannot open", err));
    }
    err = snd_pcm_set_params(handle, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                             static_cast<unsigned>(pcm.sampleRate), 1, kLatencyUs);
    if (err < 0) {
        snd_pcm_close(handle);
        return makeError(ErrorCode::internal, alsaError(device_, "cannot set 16-bit mono", err));
    }
    // Written in slices so stop() is noticed within one slice.
    const std::size_t slice = static_cast<std::size_t>(pcm.sampleRate) / 10;
    std::size_t at = 0;
    while (at < pcm.samples.size()) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                snd_pcm_drop(handle);
                snd_pcm_close(handle);
                return makeError(ErrorCode::internal, "stopped while playing");
            }
        }
        const std::size_t n = std::min(slice, pcm.samples.size() - at);
        snd_pcm_sframes_t wrote = snd_pcm_writei(handle, &pcm.samples[at], n);
        if (wrote < 0) {
            // An underrun (the loop was slow to feed) or a suspend is recoverable once.
            wrote = snd_pcm_recover(handle, static_cast<int>(wrote), 1);
            if (wrote < 0) {
                snd_pcm_close(handle);
                return makeError(ErrorCode::internal,
                                 alsaError(device_, "write failed", static_cast<int>(wrote)));
            }
            continue;
        }
        at += static_cast<std::size_t>(wrote);
    }
    snd_pcm_drain(handle);
    snd_pcm_close(handle);
    return Ok{};
}

} // namespace qmsd::voice
