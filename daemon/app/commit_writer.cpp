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
    : io_(io), store_(std::move(store)) {
    // A name that shows in top -H and gdb.
    boost::asio::post(thread_, [] { ::pthread_setname_np(::pthread_self(), "qmsd-commit"); });
}

CommitWriter::~CommitWriter() { thread_.join(); }

void CommitWriter::commit(std::shared_ptr<const std::vector<Event>> events, std::function<void(Status)> done) {
    // Counted as the loop's work until the result is posted back, so the
    // loop does not run out of work while a commit is on its way.
    auto work = boost::asio::make_work_guard(io_);
    boost::asio::post(thread_, [this, work = std::move(work), events = std::move(events),
                                done = std::move(done)]() mutable {
        Status st = store_->append(*events);
        boost::asio::post(io_, [done = std::move(done), st = std::move(st)]() mutable { done(std::move(st)); });
    });
}

Status CommitWriter::commitNow(const std::vector<Event>& events) {
    std::promise<Status> result;
    auto future = result.get_future();
    boost::asio::post(thread_, [this, &events, &result] { result.set_value(store_->append(events)); });
    return future.get();
}

} // namespace qmsd
