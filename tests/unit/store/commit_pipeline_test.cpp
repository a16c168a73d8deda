// The daemon's group commit off the loop (CommitPipeline + CommitWriter, a
// real writer thread on a real SQLite file): a command is acknowledged only
// once its events are in the store, a read never sees memory ahead of the
// store, a refused commit refuses its whole batch, and a full disk refuses
// each command without replaying the day for each one.
#include "app/commit_pipeline.hpp"
#include "app/commit_writer.hpp"
#include "app/logging.hpp"
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>

using namespace qmsd;
using namespace qmsd::test;

namespace {

struct PipelineFixture {
    OfficeFixture office;
    boost::asio::io_context io;
    // The daemon's loop always has work (signals, timers, sockets); so has this one.
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> busy = boost::asio::make_work_guard(io);
    std::unique_ptr<CommitPipeline> pipeline;

    explicit PipelineFixture(StoreOptions writerOptions = {}) {
        auto writer = CommitWriter::open(io, office.dir.file("qmsd.db"), writerOptions);
        REQUIRE(writer.ok());
        pipeline = std::make_unique<CommitPipeline>(io, *office.journal, std::move(*writer), moduleLogger("test"));
    }

    void submit(const Command& cmd, CommandDone done) {
        pipeline->submit(Submission{cmd, CommandMeta{office.now, "test"}, std::move(done)});
    }

    // Runs the loop until `done()` holds (the writer thread answers through it).
    void runUntil(const std::function<bool()>& done) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{20};
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            io.run_one_for(std::chrono::milliseconds{50});
        }
        REQUIRE(done());
    }

    // The newest seq in the file, through a connection of its own.
    std::int64_t storedSeq() {
        SQLite::Database db(office.dir.file("qmsd.db"), SQLite::OPEN_READONLY);
        return db.execAndGet("SELECT COALESCE(MAX(seq), 0) FROM events").getInt64();
    }
};

// Counts the statements that read a whole day back (Journal's rebuild).
int countDayReplays(unsigned, void* ctx, void* stmt, void*) {
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
    if (sql != nullptr && std::string(sql).find("FROM events WHERE day = ? ORDER BY seq") != std::string::npos) {
        ++*static_cast<int*>(ctx);
    }
    return 0;
}

} // namespace

TEST_CASE("each command is answered only once its events are in the store") {
    PipelineFixture f;
    f.office.must(OpenCounter{1, "nv01"});
    std::vector<std::int64_t> seqs, storedAtAnswer;
    auto answer = [&](const Result<Events>& r) {
        REQUIRE(r.ok());
        seqs.push_back(r->back().seq);
        storedAtAnswer.push_back(f.storedSeq());
    };
    for (int i = 0; i < 5; ++i) { // one turn: one batch, planned in order
        f.submit(IssueTicket{"ho_tich"}, answer);
    }
    f.submit(CallNext{1}, answer);
    f.runUntil([&] { return seqs.size() == 6; });
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        CHECK(storedAtAnswer[i] >= seqs[i]);
    }
    CHECK(f.office.engine().counterState(1) == CounterState::calling);
    f.office.restart(); // and it is all there after a restart
    CHECK(f.office.engine().waiting("ho_tich") == 4);
}

// The estimator a ticket's reply reads is told before the reply; the
// screens, the stream and the log after it, so they do not hold it back. A
// refused commit tells neither.
TEST_CASE("listeners of the replies' turn are told before the answers, the others after") {
    PipelineFixture f;
    std::vector<std::string> order;
    f.office.journal->addListener(
        [&](const Events& e) { order.push_back("before:" + std::to_string(e.size())); });
    f.office.journal->addListener([&](const Events& e) { order.push_back("after:" + std::to_string(e.size())); },
                                  ListenerTurn::afterReplies);
    auto answer = [&](const Result<Events>& r) { order.push_back(r ? "answer" : "refused"); };
    f.submit(IssueTicket{"ho_tich"}, answer);
    f.runUntil([&] { return order.size() == 3; });
    CHECK(order == std::vector<std::string>{"before:1", "answer", "after:1"});

    order.clear(); // a batch of three: each turn once, around all three answers
    for (int i = 0; i < 3; ++i) {
        f.submit(IssueTicket{"ho_tich"}, answer);
    }
    f.runUntil([&] { return order.size() == 5; });
    CHECK(order == std::vector<std::string>{"before:3", "answer", "answer", "answer", "after:3"});
}

TEST_CASE("a refused commit tells no listener of either turn") {
    PipelineFixture f(StoreOptions{false, 1}); // the writer may not grow the file at all
    std::vector<std::string> order;
    f.office.journal->addListener([&](const Events&) { order.push_back("before"); });
    f.office.journal->addListener([&](const Events&) { order.push_back("after"); }, ListenerTurn::afterReplies);
    f.submit(IssueTicket{"ho_tich", "", "", std::string(5000, 'x')},
             [&](const Result<Events>& r) { order.push_back(r ? "answer" : "refused"); });
    f.runUntil([&] { return !order.empty(); });
    CHECK(order == std::vector<std::string>{"refused"});
}

TEST_CASE("a read waits for the commit under way and sees memory equal to the store") {
    PipelineFixture f;
    int answered = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> atRead; // engine seq, stored seq
    f.submit(IssueTicket{"ho_tich"}, [&](const Result<Events>& r) { answered += r.ok() ? 1 : 0; });
    f.submit(IssueTicket{"ho_tich"}, [&](const Result<Events>& r) { answered += r.ok() ? 1 : 0; });
    f.io.run_one(); // the end of the turn: both planned, on their way to disk
    f.pipeline->whenCommitted([&] { atRead.emplace_back(f.office.engine().lastSeq(), f.storedSeq()); });
    f.runUntil([&] { return answered == 2 && !atRead.empty(); });
    // Two commands in one batch are applied as planned (the second sees the
    // first): the read had to wait for their commit.
    REQUIRE(atRead.size() == 1);
    CHECK(atRead[0].first == atRead[0].second);
    CHECK(atRead[0].first == 2);
}

TEST_CASE("a refused commit refuses its whole batch and memory stays as stored") {
    PipelineFixture f(StoreOptions{false, 1}); // the writer may not grow the file at all
    f.office.must(OpenCounter{1, "nv01"});
    auto before = f.office.engine().lastSeq();
    std::vector<std::string> outcomes;
    auto record = [&](const Result<Events>& r) {
        outcomes.push_back(r ? "ok" : std::string(errorName(r.error().code)));
    };
    f.submit(IssueTicket{"ho_tich", "", "", std::string(5000, 'x')}, record);
    f.submit(CallNext{1}, record);
    f.submit(CallNext{1}, record); // refused as planned: counter busy
    f.runUntil([&] { return outcomes.size() == 3; });
    CHECK(outcomes == std::vector<std::string>{"storage_full", "storage_full", "counter_busy"});
    CHECK(f.office.engine().lastSeq() == before);
    CHECK(f.office.engine().waiting("ho_tich") == 0);
    CHECK(f.office.engine().counterState(1) == CounterState::idle);
    CHECK(f.pipeline->failing());
}

TEST_CASE("a full disk refuses each command without replaying the day for each one") {
    PipelineFixture f(StoreOptions{false, 1});
    f.office.must(OpenCounter{1, "nv01"});
    for (int i = 0; i < 200; ++i) {
        f.office.must(IssueTicket{"ho_tich"}); // a day worth replaying
    }
    auto lastNumber = f.office.engine().lastNumber("ho_tich");
    int replays = 0;
    ::sqlite3_trace_v2(f.office.store->database().getHandle(), SQLITE_TRACE_STMT, countDayReplays, &replays);
    int refused = 0;
    // The first batch has several commands, applied as planned: one replay
    // puts memory back. After that, one command at a time, never applied
    // before its commit: nothing to undo.
    for (int i = 0; i < 3; ++i) {
        f.submit(IssueTicket{"ho_tich", "", "", std::string(5000, 'x')},
                 [&](const Result<Events>& r) { refused += !r && r.error().code == ErrorCode::storageFull; });
    }
    f.runUntil([&] { return refused == 3; });
    for (int i = 0; i < 50; ++i) {
        bool answered = false;
        f.submit(IssueTicket{"ho_tich", "", "", std::string(5000, 'y') + std::to_string(i)},
                 [&](const Result<Events>& r) {
                     answered = true;
                     refused += !r && r.error().code == ErrorCode::storageFull;
                 });
        f.runUntil([&] { return answered; });
    }
    ::sqlite3_trace_v2(f.office.store->database().getHandle(), 0, nullptr, nullptr);
    CHECK(refused == 53);
    CHECK(replays <= 1);
    CHECK(f.office.engine().lastNumber("ho_tich") == lastNumber);
    CHECK(f.office.engine().counterState(1) == CounterState::idle);
    f.office.restart();
    CHECK(f.office.engine().lastNumber("ho_tich") == lastNumber);
}
