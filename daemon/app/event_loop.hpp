#pragma once
// The daemon's loop: io_context::run, except that while a group commit is on
// its way to disk the loop polls (serving whatever else is ready) instead of
// sleeping in epoll, for at most kSpinWhileCommitting. The commit's answer
// then goes out the moment the writer posts it, not a wake-up later: on this
// VM a sleeping thread takes 50-100 µs to run again, as long as a commit.
// It spins only while its own commit is out, so an idle office costs no CPU.
#include <boost/asio/io_context.hpp>

#include <chrono>

namespace qmsd {

class Daemon;

inline constexpr std::chrono::microseconds kSpinWhileCommitting{800};

// Returns when the io_context is stopped or out of work (as run() does).
void runLoop(boost::asio::io_context& io, const Daemon& daemon);

} // namespace qmsd
