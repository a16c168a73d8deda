#pragma once
// The widespread RS-485 family framed 01 <addr> … 07 (QSystem's devices).
// See README.md in this folder for the frame layouts.
#include "serial/frame_protocol.hpp"

namespace qmsd::drivers::rs485_0107 {

class Protocol : public serial::FrameProtocol {
  public:
    serial::Bytes encodeDisplay(const DeviceConfig& device, const DisplayState& state) const override;
    std::vector<serial::Bytes> encodeBoard(const DeviceConfig& device, const BoardState& state) const override;
    void feed(const std::uint8_t* data, std::size_t n, std::vector<serial::ParsedFrame>& out) override;

  private:
    serial::Bytes partial_;
    bool inFrame_ = false;
};

} // namespace qmsd::drivers::rs485_0107
