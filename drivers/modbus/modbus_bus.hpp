#pragma once
// Modbus RTU and Modbus TCP buses (libmodbus). One worker thread per bus owns
// the libmodbus context (contexts are not thread-safe) and keeps one request
// in flight; BusSchedule (bus_schedule.hpp) decides what goes next and what
// each outcome means for the unit.
//
// A request that times out is followed by modbus_flush(), so a late reply is
// not read as the answer to the next one. After a garbled reply the line is
// drained until it has been quiet for the byte timeout (libmodbus's own error
// recovery would sleep the whole response timeout instead, with the bus held).
// Link errors (a USB adapter unplugged: EIO/ENXIO; a gateway gone) close the
// context; the port is reopened by its configured path every retry_backoff_ms.
#include "device/bus.hpp"
#include "modbus/bus_schedule.hpp"

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
    void run();
    bool openLink();
    void closeLink(const std::string& why);
    JobResult perform(const Job& job);
    void setTimeout(const Job& job, int requestBytes);
    void drain();
    void onPolled(Unit& unit, const JobResult& r);
    // repeat: send even if the unit already shows it (a blink on recall is a command)
    void setState(const std::string& device, std::vector<RegisterWrite> writes, bool repeat);
    void reportHealth(Unit& unit);

    boost::asio::io_context& loop_;
    BusConfig bus_;
    BusCallbacks callbacks_;
    BusSchedule
        schedule_; // its units never change after construction (their config may be read unlocked)
    _modbus* ctx_ = nullptr;
    Clock::time_point linkRetryAt_{};
    Clock::time_point linkOpenedAt_{};
    std::string linkError_;
    microseconds interFrameGap_{0};    // RTU: t3.5 of silence between frames
    Clock::time_point lastFrameEnd_{}; // worker only

    std::mutex mutex_; // guards schedule_, stopping_ and kicked_ (loop ↔ worker)
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
