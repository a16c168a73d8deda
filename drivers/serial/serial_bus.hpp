#pragma once
// A serial line carrying a framed protocol (rs485_0107, caller_ff68). Its own
// thread runs its own io_context with a Boost.Asio serial_port: reads are
// continuous (keypads speak unprompted), writes go one frame at a time with
// tcdrain() and a 3.5-character gap, acknowledgements before display updates,
// and only the latest state of each unit is kept. A port that fails (a USB
// adapter unplugged) is closed and reopened by its configured path every
// retry_backoff_ms; the units' health follows.
#include "device/bus.hpp"
#include "serial/frame_protocol.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <map>
#include <optional>
#include <thread>

namespace qmsd::drivers::serial {

class SerialBus : public Bus {
  public:
    SerialBus(boost::asio::io_context& loop, BusConfig bus, const std::vector<DeviceConfig>& units,
              BusCallbacks callbacks, std::unique_ptr<FrameProtocol> protocol);
    ~SerialBus() override;

    void start() override;
    void stop() override;
    void show(const std::string& device, const DisplayState& state) override;
    void showBoard(const std::string& device, const BoardState& state) override;
    void setPressCounter(const std::string&, std::uint32_t) override {} // these keypads have none

  private:
    void open();
    void fail(const std::string& why);
    void readMore();
    void onFrames(std::vector<ParsedFrame>& frames);
    void writeNext();
    void report(const DeviceConfig& unit);
    const DeviceConfig* unitAt(int address, bool input) const;

    boost::asio::io_context& loop_;
    BusConfig bus_;
    std::vector<DeviceConfig> units_;
    BusCallbacks callbacks_;
    std::unique_ptr<FrameProtocol> protocol_;

    // Everything below lives on the bus thread.
    boost::asio::io_context io_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    boost::asio::serial_port port_;
    boost::asio::steady_timer retry_; // reopen, every retry_backoff_ms
    boost::asio::steady_timer gap_;   // silence after each frame
    std::array<std::uint8_t, 256> readBuffer_{};
    std::deque<Bytes> acks_;
    // device → its frames not yet written, by line (a display has line 0): a
    // board whose information lines page every few seconds resends only the
    // lines that changed, not its call lines, and a line queued but not yet
    // written stays queued when a later state leaves it as it is.
    std::map<std::string, std::map<std::size_t, Bytes>> pending_;
    std::deque<std::string> order_;                     // devices with pending frames, oldest first
    std::map<std::string, std::vector<Bytes>>
        current_; // the latest state of each unit, for a reopen
    void queue(const std::string& device, std::size_t line, Bytes frame);
    bool writing_ = false;
    std::map<std::string, UnitHealth> health_;
    std::string portError_ = "not opened yet";
    std::thread thread_;
};

std::unique_ptr<Bus> makeRs485Bus(boost::asio::io_context& loop, const BusConfig& bus,
                                  const std::vector<DeviceConfig>& units, BusCallbacks callbacks);
std::unique_ptr<Bus> makeCallerFf68Bus(boost::asio::io_context& loop, const BusConfig& bus,
                                       const std::vector<DeviceConfig>& units, BusCallbacks callbacks);

} // namespace qmsd::drivers::serial
