#pragma once
// The demo's simulated citizens and staff (DemoStaff) on the daemon's loop:
// a timer moves the simulated day on, and every command goes through
// Daemon::submit like a real request.
#include "app/demo_staff.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <random>

namespace qmsd {

class Daemon;

class DemoTraffic : private DemoOffice {
  public:
    DemoTraffic(boost::asio::io_context& io, Daemon& daemon, unsigned seed, double speed);
    void start();
    void onCommitted(const Events& events) { staff_.onCommitted(events); }

  private:
    const OfficeConfig& config() const override;
    const QueueEngine& engine() const override;
    void submit(Command cmd, std::string actor, CommandDone done) override;
    bool staffLoggedIn(const std::string& staff) const override;
    TimePoint now() const override { return systemNow(); }
    void arm();

    Daemon& daemon_;
    boost::asio::steady_timer timer_;
    DemoStaff staff_;
    std::mt19937 rng_; // the simulated citizens' ratings
    std::chrono::steady_clock::time_point lastTick_{};
};

} // namespace qmsd
