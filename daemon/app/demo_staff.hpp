#pragma once
// Simulated citizens and staff for the demo office (`qmsd --simulate`): kiosks
// issue tickets, counters open, call, serve, finish, sometimes recall, mark a
// no-show, transfer or pause. Everything goes through Daemon::submit, the same
// path (and the same group commit) real requests take.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <random>

namespace qmsd {

class Daemon;

class DemoTraffic {
  public:
    DemoTraffic(boost::asio::io_context& io, Daemon& daemon, unsigned seed);
    void start();

  private:
    void tick();
    void arm();
    void openCounters();
    void actAtCounter(int number);

    Daemon& daemon_;
    boost::asio::steady_timer timer_;
    std::mt19937 rng_;
};

} // namespace qmsd
