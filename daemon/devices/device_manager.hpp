#pragma once
// The daemon's side of the hardware: turns committed changes into what each
// counter display and main board should show, turns keypad and rating-box
// presses into the same engine commands the counter page uses (acting for the
// staff member logged in at that counter), and keeps every unit's health for
// the API, the live stream and the log.
#include "app/journal.hpp"
#include "device/bus.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace spdlog {
class logger;
}

namespace qmsd {

class Daemon;

class DeviceManager {
  public:
    DeviceManager(boost::asio::io_context& io, Daemon& daemon);
    ~DeviceManager();

    // Creates and starts one worker per bus. Fails (at start-up) on a bus type
    // without a driver or a profile that does not fit its device.
    Status start();
    void stop();
    void onCommitted(const Events& events);

    std::vector<drivers::UnitHealth> health() const;
    void setHealthListener(std::function<void(const drivers::UnitHealth&)> listener) {
        healthListener_ = std::move(listener);
    }

    // What a counter's displays should show now (pure; tested directly).
    static drivers::DisplayState displayFor(const QueueEngine& engine, int counter, bool justCalled);
    static drivers::DisplayState displayTextFor(const QueueEngine& engine, int counter, bool justCalled);
    // The same for one display: a paused counter's display that can show
    // words cycles through its reason, expected return and the apology
    // (`tick` = pages shown so far).
    static drivers::DisplayState displayFor(const QueueEngine& engine, const OfficeConfig& config,
                                            const DeviceConfig& display, bool justCalled,
                                            std::size_t tick);
    // A main board: the latest calls, then page `tick` of its information
    // lines (board_info.hpp) as of `now`.
    static drivers::BoardState boardFor(const QueueEngine& engine, const OfficeConfig& config,
                                        const DeviceConfig& board, TimePoint now,
                                        std::size_t tick = 0);
    // Whether a counter display can show words (not a digits-only unit).
    static bool showsText(const OfficeConfig& config, const DeviceConfig& display);

  private:
    void refreshCounter(int counter, bool justCalled);
    void refreshBoards();
    void armPageTimer();
    void onKey(const drivers::KeyPress& press);
    void onHealth(const drivers::UnitHealth& h);
    void logRefusal(const drivers::UnitHealth& h);
    drivers::Bus* busOf(const DeviceConfig& d);

    boost::asio::io_context& io_;
    Daemon& daemon_;
    std::shared_ptr<spdlog::logger> log_;
    std::map<std::string, std::unique_ptr<drivers::Bus>> buses_; // by bus id
    std::map<std::string, drivers::UnitHealth> health_;          // by device id
    // Refusals are logged at most once a minute a unit (one refusing every
    // write would otherwise fill the log), with the count in between.
    struct RefusalLog {
        std::chrono::steady_clock::time_point at{};
        std::uint64_t refusals = 0; // the unit's count when last logged
    };
    std::map<std::string, RefusalLog> refusalLog_; // by device id
    std::function<void(const drivers::UnitHealth&)> healthListener_;
    // Boards page their information lines, paused counters' displays their
    // explanation, every display.board_page_seconds.
    boost::asio::steady_timer pageTimer_;
    std::size_t pageTick_ = 0;
};

} // namespace qmsd
