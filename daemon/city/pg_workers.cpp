#include "city/pg_workers.hpp"

namespace qmsd::city {

PgWorkers::PgWorkers(boost::asio::io_context& loop, pg::ConnectParams params, int threads)
    : loop_(loop), params_(std::move(params)), pool_(static_cast<std::size_t>(threads)) {}

PgWorkers::~PgWorkers() { stop(); }

void PgWorkers::stop() {
    *alive_ = false;
    pool_.stop();
    pool_.join();
}

Result<pg::Connection*> PgWorkers::connection() {
    // One per worker thread; a pool per process.
    thread_local pg::Connection conn;
    if (!conn.ok()) {
        auto fresh = pg::Connection::open(params_);
        if (!fresh) {
            return fresh.error();
        }
        conn = std::move(*fresh);
        (void)conn.run("SET client_min_messages = warning; SET statement_timeout = '300s'");
    }
    return &conn;
}

} // namespace qmsd::city
