#pragma once
// A framed serial protocol as pure code: what bytes show a state, and what the
// bytes a device sends unprompted mean. The serial bus (serial_bus.cpp) does
// the I/O; tests feed recorded captures straight into a protocol.
#include "device/bus.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qmsd::drivers::serial {

using Bytes = std::vector<std::uint8_t>;

struct ParsedFrame {
    enum class Kind { key, bad };
    Kind kind = Kind::bad;
    int address = 0;
    int code = 0;    // the key
    std::string why; // for bad frames: collision, checksum, truncated, unknown
    Bytes raw;
    std::optional<Bytes> ack; // what the host must send back, if anything
};

class FrameProtocol {
  public:
    virtual ~FrameProtocol() = default;
    virtual Bytes encodeDisplay(const DeviceConfig& device, const DisplayState& state) const = 0;
    // One or more frames (boards take a line per address).
    virtual std::vector<Bytes> encodeBoard(const DeviceConfig& device, const BoardState& state) const = 0;
    // Appends complete frames found in `data` (keeping partial ones for the next call).
    virtual void feed(const std::uint8_t* data, std::size_t n, std::vector<ParsedFrame>& out) = 0;
};

} // namespace qmsd::drivers::serial
