#pragma once
// qmsd-city's blocking PostgreSQL work (reports, office rows) on a few
// worker threads, each with a connection of its own, made on first use and
// again after it broke. Results are posted back to the loop, which owns
// every client and never waits on the database (STYLE.md rule 1).
#include "pg/pg_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>

namespace qmsd::city {

class PgWorkers {
  public:
    PgWorkers(boost::asio::io_context& loop, pg::ConnectParams params, int threads);
    ~PgWorkers();
    void stop();

    // `work(pg::Connection&)` on a worker returns a Result<T>; `done(Result<T>)`
    // runs on the loop. A connection that cannot be made is the result's error.
    template <typename Work, typename Done> void run(Work work, Done done) {
        boost::asio::post(pool_, [this, alive = alive_, work = std::move(work), done = std::move(done)]() mutable {
            using R = decltype(work(std::declval<pg::Connection&>()));
            auto conn = connection();
            R result = conn ? work(**conn) : R(conn.error());
            boost::asio::post(loop_, [alive, done = std::move(done), result = std::move(result)]() mutable {
                if (*alive) {
                    done(std::move(result));
                }
            });
        });
    }

    // A connection for a caller of its own (the LISTEN connection), made on a worker.
    const pg::ConnectParams& params() const { return params_; }

  private:
    // This worker thread's connection, (re)made when needed.
    Result<pg::Connection*> connection();

    boost::asio::io_context& loop_;
    pg::ConnectParams params_;
    boost::asio::thread_pool pool_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace qmsd::city
