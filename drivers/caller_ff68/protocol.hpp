#pragma once
// The FF 68 L L 68 <addr> <func> <data…> <sum> 16 keypad family (21-key
// callers). See README.md in this folder for the frame layouts.
#include "serial/frame_protocol.hpp"

namespace qmsd::drivers::caller_ff68 {

// sum = (addr + func + data…) mod 256
std::uint8_t checksum(std::uint8_t address, std::uint8_t func, const serial::Bytes& data);
serial::Bytes frame(std::uint8_t address, std::uint8_t func, const serial::Bytes& data);

class Protocol : public serial::FrameProtocol {
  public:
    serial::Bytes encodeDisplay(const DeviceConfig& device, const DisplayState& state) const override;
    std::vector<serial::Bytes> encodeBoard(const DeviceConfig& device, const BoardState& state) const override;
    void feed(const std::uint8_t* data, std::size_t n, std::vector<serial::ParsedFrame>& out) override;

  private:
    serial::Bytes buffer_;
};

} // namespace qmsd::drivers::caller_ff68
