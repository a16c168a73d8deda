#pragma once
// The small interface every bus driver implements (one folder per protocol).
//
// A Bus owns one physical line (a serial port, or a Modbus TCP gateway) and
// the units on it. The daemon's loop calls show()/showBoard() with the state a
// unit should display; the driver does all blocking I/O on its own worker
// thread (one request in flight per bus) and reports key presses and unit
// health back through callbacks that it posts onto the loop.
#include "config/office_config.hpp"
#include "core/time.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qmsd::drivers {

// What a counter display shows: a ticket code, steady or blinking.
struct DisplayState {
    enum class Mode { steady, blink, blinkTimes };
    std::string text; // ASCII already (the daemon transliterates); "" = blank
    Mode mode = Mode::steady;
    int blinkTimes = 0; // for blinkTimes
    int waiting = -1;   // people waiting for this counter's fields (keypads with a display show it)
    bool operator==(const DisplayState&) const = default;
};

// What a main board shows: whole lines, newest call first, then messages.
struct BoardState {
    std::vector<std::string> lines; // UTF-8 or ASCII, per the device's `unicode`
    bool operator==(const BoardState&) const = default;
};

// A button pressed on a keypad or rating box.
struct KeyPress {
    std::string device;
    int code = 0;
    // Modbus keypads count presses; the daemon keeps the last counter it acted
    // on so a press is neither lost nor counted twice across restarts.
    std::optional<std::uint32_t> pressCounter;
    // Not a press: the keypad's counter as first read when none was saved, to be
    // saved as the baseline (the next change is a press, even across a restart).
    bool baselineOnly = false;
};

struct UnitHealth {
    std::string device;
    std::string bus;
    bool online = false;
    std::string lastError;
    std::uint64_t frames = 0;    // requests answered / frames received
    std::uint64_t retries = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t badFrames = 0; // bad CRC/checksum, wrong unit, truncated, unknown
    std::uint64_t refusals = 0;  // writes the unit answered with an exception (it is there, it said no)
    TimePoint lastSeen{};
    bool operator==(const UnitHealth&) const = default;
};

struct BusCallbacks {
    std::function<void(const KeyPress&)> onKey;       // runs on the loop
    std::function<void(const UnitHealth&)> onHealth; // runs on the loop, on change
};

class Bus {
  public:
    virtual ~Bus() = default;
    virtual void start() = 0;
    virtual void stop() = 0; // joins the worker
    virtual void show(const std::string& device, const DisplayState& state) = 0;
    virtual void showBoard(const std::string& device, const BoardState& state) = 0;
    // Where each keypad's press counter stood when the daemon last acted on it.
    virtual void setPressCounter(const std::string& device, std::uint32_t counter) = 0;
};

using BusFactory = std::function<std::unique_ptr<Bus>(
    boost::asio::io_context& loop, const BusConfig& bus, const std::vector<DeviceConfig>& units,
    BusCallbacks callbacks)>;

// type → factory: "modbus_rtu", "modbus_tcp", ... (registry.cpp)
const BusFactory* findBusFactory(const std::string& type);
std::vector<std::string> busTypes();

} // namespace qmsd::drivers
