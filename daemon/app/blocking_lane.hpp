#pragma once
// A helper thread for blocking work (PIN hashing, cold reports, backups) with
// a bounded queue that the loop owns. The loop hands the thread one job at a
// time, so the queue needs no lock and urgent jobs can jump it; a job that
// does not fit is refused at once, so a burst costs the caller an early
// "busy" instead of everyone a long wait. Each kind of work gets a lane of
// its own: a burst of logins never waits behind a 2-year report, nor the
// other way round.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>

namespace qmsd {

class BlockingLane {
  public:
    // `capacity`: jobs waiting or running; `urgentReserve`: more places only
    // urgent jobs may take (they also run first).
    BlockingLane(boost::asio::io_context& io, std::size_t capacity, std::size_t urgentReserve = 0);
    ~BlockingLane(); // waits for the running job; queued ones are dropped
    BlockingLane(const BlockingLane&) = delete;
    BlockingLane& operator=(const BlockingLane&) = delete;

    // Runs `work` on the lane's thread, then `done(result)` on the loop.
    // False (and nothing runs) when the lane is full. Work must not touch
    // loop-owned state.
    template <typename Work, typename Done> [[nodiscard]] bool run(Work work, Done done, bool urgent = false) {
        return enqueue(
            [work = std::move(work), done = std::move(done)]() mutable -> std::function<void()> {
                auto result = work();
                return [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); };
            },
            urgent);
    }

    std::size_t size() const { return urgent_.size() + normal_.size() + (running_ ? 1 : 0); }

    // Hands the free pages of every malloc arena back to the kernel, on the
    // lane's thread once its current job is done (a few ms; the loop only
    // waits if it allocates meanwhile). Also done whenever the lane falls idle.
    void giveBackMemory();

  private:
    // Runs on the lane's thread; returns what then runs on the loop.
    using Job = std::function<std::function<void()>()>;
    bool enqueue(Job job, bool urgent);
    void startNext();

    boost::asio::io_context& io_;
    std::size_t capacity_;
    std::size_t urgentReserve_;
    std::deque<Job> urgent_;
    std::deque<Job> normal_;
    bool running_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    boost::asio::thread_pool thread_{1};
};

} // namespace qmsd
