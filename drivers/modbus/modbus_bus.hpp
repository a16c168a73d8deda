#pragma once
// Modbus RTU and Modbus TCP buses (libmodbus). One worker thread per bus owns
// the libmodbus context (contexts are not thread-safe) and keeps one request
// in flight: pending display writes first (only the latest state of each unit
// is kept), then keypad and rating-box polls when they are due.
//
// A request that times out is followed by modbus_flush(), so a late reply is
// not read as the answer to the next one. A unit that fails twice in a row is
// marked offline and only probed again after a back-off (doubling to 30 s),
// so a dead unit costs the bus almost nothing; when it answers it is sent its
// current state. A display nothing was written to for probe_interval_ms is
// read back (one register) when the bus is otherwise idle, so a display that
// went silent shows as offline even while nothing changes. Link errors (a USB adapter unplugged: EIO/ENXIO) close the
// context and reopen the port by its configured path with back-off.
#include "device/bus.hpp"
#include "modbus/register_profile.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

struct _modbus; // libmodbus's context type

namespace qmsd::drivers::modbus {

class ModbusBus : public Bus {
  public:
    ModbusBus(boost::asio::io_context& loop, BusConfig bus, const std::vector<DeviceConfig>& units,
              BusCallbacks callbacks);
    ~ModbusBus() override;

    void start() override;
    void stop() override;
    void show(const std::string& device, const DisplayState& state) override;
    void showBoard(const std::string& device, const BoardState& state) override;
    void setPressCounter(const std::string& device, std::uint32_t counter) override;

  private:
    using Clock = std::chrono::steady_clock;
    struct Unit {
        DeviceConfig config;
        Profile profile;
        bool input = false;                // keypad or rating box: polled
        std::vector<RegisterWrite> writes; // the latest state to show
        bool dirty = false;
        std::optional<std::uint32_t> lastCounter;
        UnitHealth health;
        UnitHealth reported; // what the loop last heard
        Clock::time_point reportedAt{};
        int failures = 0;
        Clock::time_point nextAttempt{};
        Clock::time_point nextPoll{};
        Clock::time_point nextProbe{}; // displays: read back when idle this long
        std::chrono::milliseconds backoff{};
    };
    // refused: the unit answered with a Modbus exception (alive, but it will
    // not take that request: retrying it would only repeat the refusal).
    enum class Outcome { ok, refused, timeout, badReply, linkDown };

    void run();
    bool openLink();
    void closeLink(const std::string& why);
    Outcome perform(Unit& unit, const std::vector<RegisterWrite>& writes, std::vector<std::uint16_t>* read,
                    int readCount = 2);
    void record(Unit& unit, Outcome outcome, int err);
    // repeat: send even if the unit already shows it (a blink on recall is a command)
    void setDirty(const std::string& device, std::vector<RegisterWrite> writes, bool repeat = false);
    void reportHealth(Unit& unit);
    Unit* find(const std::string& device);

    boost::asio::io_context& loop_;
    BusConfig bus_;
    BusCallbacks callbacks_;
    std::vector<Unit> units_;
    _modbus* ctx_ = nullptr;
    std::chrono::milliseconds linkBackoff_;
    Clock::time_point linkRetryAt_{};
    std::string linkError_;
    std::chrono::microseconds interFrameGap_{0}; // RTU: t3.5 of silence between frames
    Clock::time_point lastFrameEnd_{};           // worker only

    std::mutex mutex_; // guards units_' writes/dirty/lastCounter, stopping_ and kicked_ (loop ↔ worker)
    std::condition_variable wake_;
    bool stopping_ = false;
    bool kicked_ = false; // new work from the loop since the worker last looked
    std::thread worker_;
};

std::unique_ptr<Bus> makeModbusBus(boost::asio::io_context& loop, const BusConfig& bus,
                                   const std::vector<DeviceConfig>& units, BusCallbacks callbacks);

} // namespace qmsd::drivers::modbus

namespace qmsd::drivers {
using modbus::makeModbusBus;
}
