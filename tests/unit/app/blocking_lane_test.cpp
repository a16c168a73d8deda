// The bounded helper lane: one job at a time, urgent jobs first and with
// places of their own, a full lane refuses at once, results come back on the
// loop in order.
#include "app/blocking_lane.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

using namespace qmsd;

TEST_CASE("a full lane refuses at once; urgent jobs jump the queue", "[app][lane]") {
    boost::asio::io_context io;
    auto busy = boost::asio::make_work_guard(io); // run_one waits for the lane's results
    BlockingLane lane(io, 3, 2);
    std::promise<void> release;
    auto gate = release.get_future().share();
    std::vector<std::string> order;
    auto job = [gate](std::string name) {
        return [gate, name]() {
            gate.wait(); // holds the lane's one thread until the test lets go
            return name;
        };
    };
    auto done = [&order](std::string name) { order.push_back(std::move(name)); };
    REQUIRE(lane.run(job("n1"), done));       // running
    REQUIRE(lane.run(job("n2"), done));       // queued
    REQUIRE(lane.run(job("n3"), done));       // queued: 3 places used
    CHECK_FALSE(lane.run(job("n4"), done));   // refused, nothing runs
    REQUIRE(lane.run(job("u1"), done, true)); // urgent: a reserved place
    REQUIRE(lane.run(job("u2"), done, true));
    CHECK_FALSE(lane.run(job("u3"), done, true));
    CHECK(lane.size() == 5);
    release.set_value();
    while (order.size() < 5) {
        io.run_one();
    }
    CHECK(order == std::vector<std::string>{"n1", "u1", "u2", "n2", "n3"});
    CHECK(lane.size() == 0);
    REQUIRE(lane.run(job("n5"), done)); // room again
    while (order.size() < 6) {
        io.run_one();
    }
    CHECK(order.back() == "n5");
}

TEST_CASE("work runs off the loop's thread, results on it", "[app][lane]") {
    boost::asio::io_context io;
    auto busy = boost::asio::make_work_guard(io);
    BlockingLane lane(io, 4);
    std::thread::id worker;
    std::thread::id loop = std::this_thread::get_id();
    std::thread::id doneOn;
    bool finished = false;
    REQUIRE(lane.run([&worker] { worker = std::this_thread::get_id(); return 42; },
                     [&](int v) { doneOn = std::this_thread::get_id(); finished = v == 42; }));
    while (!finished) {
        io.run_one();
    }
    CHECK(worker != loop);
    CHECK(doneOn == loop);
}
