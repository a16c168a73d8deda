#include "rs485_0107/protocol.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace qmsd::drivers::rs485_0107 {

namespace {
constexpr std::uint8_t kStart = 0x01;
constexpr std::uint8_t kEnd = 0x07;
constexpr std::size_t kMaxFrame = 256;

// Printable bytes only: 0x01 and 0x07 inside a text would break the framing.
void appendText(serial::Bytes& out, const std::string& text) {
    for (unsigned char c : text) {
        out.push_back(c < 0x20 ? static_cast<std::uint8_t>(' ') : c);
    }
}

std::string fitRight(const std::string& text, int width) {
    auto w = static_cast<std::size_t>(width);
    return text.size() >= w ? text.substr(text.size() - w) : std::string(w - text.size(), ' ') + text;
}
} // namespace

// 01 addr mode c1..cN 07: mode 0x20 steady, 0x21 blink, 0x22+k blink k+1 times.
serial::Bytes Protocol::encodeDisplay(const DeviceConfig& device, const DisplayState& state) const {
    serial::Bytes out{kStart, static_cast<std::uint8_t>(device.address)};
    std::uint8_t mode = 0x20;
    if (state.mode == DisplayState::Mode::blink) {
        mode = 0x21;
    } else if (state.mode == DisplayState::Mode::blinkTimes) {
        mode = static_cast<std::uint8_t>(0x21 + std::clamp(state.blinkTimes, 1, 0x7F - 0x21));
    }
    out.push_back(mode);
    appendText(out, fitRight(state.text, device.digits));
    out.push_back(kEnd);
    return out;
}

// 01 addr <text> 07, one line per address from the device's address upwards.
// A line is at most `digits` characters: bytes for an ASCII board, whole
// UTF-8 characters for a Unicode one (never half a Vietnamese letter).
std::vector<serial::Bytes> Protocol::encodeBoard(const DeviceConfig& device, const BoardState& state) const {
    std::vector<serial::Bytes> frames;
    auto width = static_cast<std::size_t>(device.digits);
    for (std::size_t i = 0; i < state.lines.size(); ++i) {
        serial::Bytes f{kStart, static_cast<std::uint8_t>(device.address + static_cast<int>(i))};
        const std::string& line = state.lines[i];
        appendText(f, line.substr(0, device.unicode ? bytesOfCodePoints(line, width) : width));
        f.push_back(kEnd);
        frames.push_back(std::move(f));
    }
    return frames;
}

// Keypads speak unprompted: 01 addr key 07. Anything between 01 and 07 that is
// not exactly four bytes is two keypads talking at once (or noise).
void Protocol::feed(const std::uint8_t* data, std::size_t n, std::vector<serial::ParsedFrame>& out) {
    for (std::size_t i = 0; i < n; ++i) {
        std::uint8_t b = data[i];
        if (!inFrame_) {
            if (b == kStart) {
                inFrame_ = true;
                partial_.assign(1, b);
            } else {
                out.push_back({serial::ParsedFrame::Kind::bad, 0, 0, "byte outside a frame", {b}});
            }
            continue;
        }
        partial_.push_back(b);
        if (b == kEnd) {
            inFrame_ = false;
            if (partial_.size() == 4) {
                out.push_back({serial::ParsedFrame::Kind::key, partial_[1], partial_[2], "", partial_});
            } else {
                out.push_back({serial::ParsedFrame::Kind::bad, partial_.size() > 1 ? partial_[1] : 0, 0,
                               "collision: " + std::to_string(partial_.size()) + "-byte frame", partial_});
            }
        } else if (partial_.size() > kMaxFrame) {
            inFrame_ = false;
            out.push_back({serial::ParsedFrame::Kind::bad, 0, 0, "no end byte", partial_});
        }
    }
}

} // namespace qmsd::drivers::rs485_0107
