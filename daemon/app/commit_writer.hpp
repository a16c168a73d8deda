#pragma once
// Commits the journal's batches on a thread of its own, through its own SQLite
// connection, so that the loop serving HTTP, the stream and the devices is not
// blocked while a commit waits for the disk (fsync). The daemon sends one
// batch at a time and plans the next only after this one's result is back on
// the loop: commit order is plan order, and nothing is acknowledged before its
// commit returned.
#include "core/result.hpp"
#include "engine/event.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <memory>
#include <string>
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

  private:
    CommitWriter(boost::asio::io_context& io, std::unique_ptr<Store> store);

    boost::asio::io_context& io_;
    std::unique_ptr<Store> store_; // used on the writer thread only
    boost::asio::thread_pool thread_{1};
};

} // namespace qmsd
