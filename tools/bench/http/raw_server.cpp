#include "raw_server.hpp"

#include "bench_daemon.hpp"
#include "../bench_common.hpp"
#include "core/public_id.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <map>
#include <thread>
#include <vector>

namespace qmsd::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;
namespace fs = std::filesystem;

namespace {

const std::string kDay = "2026-11-23";

class Connection;

// The "field" of an issue request's JSON body (bench_load.cpp issueScript).
std::string fieldOf(const std::string& body) {
    const std::string key = "\"field\":\"";
    auto at = body.find(key);
    if (at == std::string::npos) {
        return "ho_tich";
    }
    at += key.size();
    return body.substr(at, body.find('"', at) - at);
}

} // namespace

struct RawDurableServer::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<RawIssue> issue;
    std::unique_ptr<SQLite::Statement> event;  // a counter action's events row
    std::unique_ptr<SQLite::Statement> update; // and the tickets row it moves
    std::vector<std::shared_ptr<Connection>> pending;
    bool flushPosted = false;
    std::int64_t lastSeq = 0;
    std::int64_t lastTicket = 0;
    std::int64_t nextToCall = 1;
    std::map<std::string, std::int64_t> numbers; // the last number issued in each field
    std::atomic<long> requests{0};
    std::atomic<long> commits{0};
    std::thread thread;

    Impl(const fs::path& path, long pretickets);
    void accept();
    void enqueue(std::shared_ptr<Connection> c);
    void flush();
};

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(tcp::socket s, RawDurableServer::Impl& server) : stream_(std::move(s)), server_(server) {}

    void read() {
        req_ = {};
        bh::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                return;
            }
            self->server_.enqueue(self);
        });
    }

    // The rows this request writes, inside the open transaction.
    void writeRows() {
        auto& s = server_;
        std::int64_t seq = ++s.lastSeq;
        std::int64_t atMs = toMillis(benchClock().instantOf(kDay, 8 * 60)) + seq;
        std::string target(req_.target());
        if (target.find("/tickets") != std::string::npos) {
            // The rows qmsd writes for it: the field asked for, the next
            // number there, a public id made as qmsd makes one.
            std::int64_t id = ++s.lastTicket;
            std::string field = fieldOf(req_.body());
            std::int64_t number = ++s.numbers[field];
            s.issue->insert(id, seq, atMs, kDay, field, number, "A" + std::to_string(number), makePublicId());
            status_ = bh::status::created;
            return;
        }
        bool finish = target.find("/finish") != std::string::npos;
        if (!finish) {
            ticket_ = s.nextToCall++;
        }
        auto& ev = *s.event;
        ev.reset();
        ev.bind(1, seq);
        ev.bind(2, atMs);
        ev.bind(3, kDay);
        ev.bind(4, finish ? "ticket_finished" : "ticket_called");
        ev.bind(5, ticket_);
        ev.exec();
        auto& up = *s.update;
        up.reset();
        up.bind(1, finish ? "finished" : "called");
        up.bind(2, atMs);
        up.bind(3, ticket_);
        up.exec();
        status_ = bh::status::ok;
    }

    void reply() {
        res_ = {};
        res_.version(11);
        res_.result(status_);
        res_.set(bh::field::content_type, "application/json");
        res_.keep_alive(req_.keep_alive());
        res_.body() = "{\"ok\":true}";
        res_.prepare_payload();
        bh::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec) {
                self->read();
            }
        });
    }

  private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    bh::request<bh::string_body> req_;
    bh::response<bh::string_body> res_;
    bh::status status_ = bh::status::ok;
    std::int64_t ticket_ = 0;
    RawDurableServer::Impl& server_;
};

} // namespace

RawDurableServer::Impl::Impl(const fs::path& path, long pretickets) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix);
    }
    db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
    Store::configureWriter(*db);
    if (auto v = migrateSchema(*db, Store::kSchemaVersion); !v) {
        die(v.error().message);
    }
    issue = std::make_unique<RawIssue>(*db);
    event = std::make_unique<SQLite::Statement>(
        *db, "INSERT INTO events(seq, at_ms, day, kind, actor, ticket_id, counter, staff) "
             "VALUES (?,?,?,?,'staff:bench',?,1,'nv01')");
    update = std::make_unique<SQLite::Statement>(
        *db, "UPDATE tickets SET state = ?1, counter = 1, staff = 'nv01', "
             "called_at_ms = CASE WHEN ?1 = 'called' THEN ?2 ELSE called_at_ms END, "
             "ended_at_ms = CASE WHEN ?1 = 'finished' THEN ?2 ELSE ended_at_ms END WHERE id = ?3");
    SQLite::Transaction tx(*db);
    std::int64_t atMs = toMillis(benchClock().instantOf(kDay, 7 * 60));
    for (long i = 0; i < pretickets; ++i) {
        ++lastTicket;
        issue->insert(lastTicket, ++lastSeq, atMs, kDay, "P" + std::to_string(lastTicket),
                     "pre-" + std::to_string(lastTicket));
    }
    tx.commit();
    acceptor.open(tcp::v4());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor.listen();
}

void RawDurableServer::Impl::accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket s) {
        if (ec) {
            return;
        }
        std::make_shared<Connection>(std::move(s), *this)->read();
        accept();
    });
}

void RawDurableServer::Impl::enqueue(std::shared_ptr<Connection> c) {
    pending.push_back(std::move(c));
    if (!flushPosted) {
        flushPosted = true;
        asio::post(io, [this] { flush(); });
    }
}

void RawDurableServer::Impl::flush() {
    flushPosted = false;
    auto batch = std::move(pending);
    pending.clear();
    {
        SQLite::Transaction tx(*db);
        for (auto& c : batch) {
            c->writeRows();
        }
        tx.commit();
    }
    requests += static_cast<long>(batch.size());
    ++commits;
    for (auto& c : batch) {
        c->reply();
    }
}

RawDurableServer::RawDurableServer(const fs::path& dbPath, long pretickets)
    : impl_(std::make_unique<Impl>(dbPath, pretickets)) {
    impl_->accept();
    impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

RawDurableServer::~RawDurableServer() {
    asio::post(impl_->io, [impl = impl_.get()] { impl->io.stop(); });
    impl_->thread.join();
}

tcp::endpoint RawDurableServer::endpoint() const { return impl_->acceptor.local_endpoint(); }
long RawDurableServer::requests() const { return impl_->requests; }
long RawDurableServer::commits() const { return impl_->commits; }

} // namespace qmsd::bench
