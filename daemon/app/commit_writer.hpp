#pragma once
// Commits the journal's batches on a thread of its own, through its own SQLite
// connection, so that the loop serving HTTP, the stream and the devices is not
// blocked while a commit waits for the disk (fsync). The daemon sends one
// batch at a time and plans the next only after this one's result is back on
// the loop: commit order is plan order, and nothing is acknowledged before its
// commit returned.
//
// Wake-ups cost here about what a commit costs (a sleeping thread on this VM
// takes 50-100 µs to run again), so both ends spin briefly instead of
// sleeping: the writer, after a commit, for the next batch (one client's next
// request comes within a round trip); the loop, while a commit is on its way
// (runLoop, app/event_loop.hpp, asks inFlight()). Each spin is bounded and
// only follows a commit: an idle office costs no CPU.
#include "core/result.hpp"
#include "engine/event.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace qmsd {

class CommitWriter {
  public:
    // Opens a second connection to the store at `dbPath` (already migrated);
    // `options` for tests (a size limit).
    static Result<std::unique_ptr<CommitWriter>> open(boost::asio::io_context& io, const std::string& dbPath,
                                                      const StoreOptions& options = {});
    ~CommitWriter(); // waits for a commit under way
    CommitWriter(const CommitWriter&) = delete;
    CommitWriter& operator=(const CommitWriter&) = delete;

    // Commits `events` (all or nothing) on the writer thread; `done` runs on
    // the loop with the result. The events are not touched by anyone until then.
    void commit(std::shared_ptr<const std::vector<Event>> events, std::function<void(Status)> done);
    // The same, waiting for the result (at shutdown). Not while a commit() is under way.
    Status commitNow(const std::vector<Event>& events);
    // A commit() whose result is not yet posted back to the loop.
    bool inFlight() const { return inFlight_.load(std::memory_order_acquire) > 0; }

    // How long the writer spins for the next batch after a commit.
    static constexpr std::chrono::microseconds kSpinForNext{400};

  private:
    CommitWriter(boost::asio::io_context& io, std::unique_ptr<Store> store);
    void post(std::function<void()> job);
    void run(); // the writer thread

    boost::asio::io_context& io_;
    std::unique_ptr<Store> store_; // used on the writer thread only
    std::atomic<int> inFlight_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_; // under mutex_
    bool stopping_ = false;                  // under mutex_
    std::atomic<bool> pending_{false};       // jobs_ is not empty
    std::thread thread_;
};

// A pause instruction for spin loops (lets the other hyperthread run).
inline void spinPause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace qmsd
