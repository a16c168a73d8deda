#include "app/blocking_lane.hpp"

#include <malloc.h>

namespace qmsd {

BlockingLane::BlockingLane(boost::asio::io_context& io, std::size_t capacity, std::size_t urgentReserve)
    : io_(io), capacity_(capacity), urgentReserve_(urgentReserve) {}

BlockingLane::~BlockingLane() {
    *alive_ = false; // a result posted back after this is dropped, unread
    thread_.join();
}

bool BlockingLane::enqueue(Job job, bool urgent) {
    std::size_t limit = capacity_ + (urgent ? urgentReserve_ : 0);
    if (size() >= limit) {
        return false;
    }
    (urgent ? urgent_ : normal_).push_back(std::move(job));
    startNext();
    return true;
}

void BlockingLane::startNext() {
    if (running_ || (urgent_.empty() && normal_.empty())) {
        return;
    }
    auto& from = urgent_.empty() ? normal_ : urgent_;
    Job job = std::move(from.front());
    from.pop_front();
    running_ = true;
    boost::asio::post(thread_, [this, alive = alive_, job = std::move(job)]() mutable {
        auto then = job();
        // io_ outlives every lane; `this` is used only once `alive` says so, on the loop.
        boost::asio::post(io_, [this, alive, then = std::move(then)]() mutable {
            if (!*alive) {
                return;
            }
            running_ = false;
            then(); // the result is consumed and freed here
            startNext();
            if (!running_) {
                giveBackMemory();
            }
        });
    });
}

// A report's rows and digests were freed into this thread's malloc arena,
// which glibc keeps mapped: after a two-year report the daemon held tens of
// megabytes it no longer used. Once the lane falls idle its own thread hands
// the free pages of every arena back to the kernel (a few ms, off the loop).
void BlockingLane::giveBackMemory() {
    boost::asio::post(thread_, [] { ::malloc_trim(0); });
}

} // namespace qmsd
