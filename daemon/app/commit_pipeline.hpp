#pragma once
// Group commit off the loop. Commands submitted on the loop are planned by
// the journal, written by the CommitWriter's thread while the loop goes on
// serving, and completed (applied, published, answered) back on the loop once
// their commit returned. One batch is on its way to disk at a time; what
// arrives meanwhile is queued unplanned and becomes the next batch, so reads
// and replies only ever see committed state.
//
// Batching: after a commit the next batch is planned as soon as as many new
// commands came as the last batch answered (its clients are back), or after
// a short gathering window (half the last commit, at most 1 ms), whichever is
// first. Planning straight away would commit the few commands that arrived
// during the fsync alone, and make the clients just answered wait a whole
// commit behind them (8 clients then alternate in two groups at half speed).
// One client never waits: its next command is the one expected.
#include "app/failure_log.hpp"
#include "app/journal.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace spdlog {
class logger;
}

namespace qmsd {

class CommitWriter;

class CommitPipeline {
  public:
    using Steady = std::chrono::steady_clock;
    CommitPipeline(boost::asio::io_context& io, Journal& journal, std::unique_ptr<CommitWriter> writer,
                   std::shared_ptr<spdlog::logger> log);
    ~CommitPipeline(); // waits for a commit under way

    // `done` runs on the loop after the command's commit (or its refusal).
    void submit(Submission s);
    // Runs `fn` once nothing is on its way to disk and memory shows only
    // committed state (memory and store agree); at once if that is so now.
    void whenCommitted(std::function<void()> fn);
    // Runs `fn` once no commit is under way (day rollover, reload, stop).
    void whenIdle(std::function<void()> fn);
    // At shutdown, from whenIdle(): commits what is queued, waiting for it.
    void drain();
    bool failing() const { return failures_.failing(); }
    // A batch is on its way to disk and its result not yet back on the loop.
    bool onDisk() const;
    // Told of every group commit on the loop: how long the disk took, the
    // commands and events it carried, whether it was refused (/metrics).
    using CommitObserver = std::function<void(Steady::duration took, std::size_t commands,
                                              std::size_t events, bool ok)>;
    void setCommitObserver(CommitObserver observer) { observer_ = std::move(observer); }

  private:
    void schedule();
    void post();
    void flush();
    void onCommitted(Status st);
    void runWaiters();
    void runIdleWork();

    boost::asio::io_context& io_;
    Journal& journal_;
    std::unique_ptr<CommitWriter> writer_;
    std::shared_ptr<spdlog::logger> log_;
    FailureLog failures_;
    std::deque<Submission> queued_; // submitted, not yet planned
    std::optional<Journal::Batch> inFlight_;
    Steady::time_point sentAt_{};
    std::vector<std::function<void()>> waiters_;
    std::vector<std::function<void()>> idleWork_;
    bool posted_ = false;
    bool stopping_ = false;
    // Gathering the next batch after a commit.
    boost::asio::steady_timer gatherTimer_;
    bool gathering_ = false;
    std::size_t answered_ = 0;   // commands the last commit completed
    std::size_t arrived_ = 0;    // commands submitted since
    Steady::time_point gatherUntil_{};
    CommitObserver observer_;
};

} // namespace qmsd
