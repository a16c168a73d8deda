#include "app/commit_writer.hpp"

#include "store/store.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <pthread.h>

namespace qmsd {

Result<std::unique_ptr<CommitWriter>> CommitWriter::open(boost::asio::io_context& io, const std::string& dbPath,
                                                         const StoreOptions& options) {
    auto store = Store::open(dbPath, options);
    if (!store) {
        return store.error();
    }
    return std::unique_ptr<CommitWriter>(new CommitWriter(io, std::move(*store)));
}

CommitWriter::CommitWriter(boost::asio::io_context& io, std::unique_ptr<Store> store)
    : io_(io), store_(std::move(store)), thread_([this] { run(); }) {}

CommitWriter::~CommitWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join(); // after what was queued has run
}

void CommitWriter::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
        pending_.store(true, std::memory_order_release);
    }
    wake_.notify_one();
}

void CommitWriter::run() {
    // A name that shows in top -H and gdb.
    ::pthread_setname_np(::pthread_self(), "qmsd-commit");
    bool justCommitted = false;
    for (;;) {
        if (justCommitted) {
            auto until = std::chrono::steady_clock::now() + kSpinForNext;
            while (!pending_.load(std::memory_order_acquire) && std::chrono::steady_clock::now() < until) {
                spinPause();
            }
        }
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
            if (jobs_.empty()) {
                return; // stopping, and nothing left
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
            pending_.store(!jobs_.empty(), std::memory_order_release);
        }
        job();
        justCommitted = true;
    }
}

void CommitWriter::commit(std::shared_ptr<const std::vector<Event>> events, std::function<void(Status)> done) {
    // Counted as the loop's work until the result is posted back, so the
    // loop does not run out of work while a commit is on its way.
    auto work = boost::asio::make_work_guard(io_);
    inFlight_.fetch_add(1, std::memory_order_acq_rel);
    post([this, work = std::move(work), events = std::move(events), done = std::move(done)]() mutable {
        Status st = store_->append(*events);
        boost::asio::post(io_, [done = std::move(done), st = std::move(st)]() mutable { done(std::move(st)); });
        inFlight_.fetch_sub(1, std::memory_order_acq_rel); // after the post: the loop's spin then finds it
    });
}

Status CommitWriter::commitNow(const std::vector<Event>& events) {
    std::promise<Status> result;
    auto future = result.get_future();
    post([this, &events, &result] { result.set_value(store_->append(events)); });
    return future.get();
}

} // namespace qmsd
