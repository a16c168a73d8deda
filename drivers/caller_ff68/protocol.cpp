#include "caller_ff68/protocol.hpp"

#include <algorithm>
#include <cctype>

namespace qmsd::drivers::caller_ff68 {

std::uint8_t checksum(std::uint8_t address, std::uint8_t func, const serial::Bytes& data) {
    unsigned sum = address + func;
    for (auto b : data) {
        sum += b;
    }
    return static_cast<std::uint8_t>(sum & 0xFF);
}

serial::Bytes frame(std::uint8_t address, std::uint8_t func, const serial::Bytes& data) {
    auto len = static_cast<std::uint8_t>(data.size() + 2);
    serial::Bytes out{0xFF, 0x68, len, len, 0x68, address, func};
    out.insert(out.end(), data.begin(), data.end());
    out.push_back(checksum(address, func, data));
    out.push_back(0x16);
    return out;
}

namespace {

// Three digits as the keypad's display wants them: 0x0A is a blank digit.
void appendDigits(serial::Bytes& out, const std::string& digits) {
    std::string last = digits.size() > 3 ? digits.substr(digits.size() - 3) : digits;
    for (std::size_t i = last.size(); i < 3; ++i) {
        out.push_back(0x0A);
    }
    for (char c : last) {
        out.push_back(static_cast<std::uint8_t>(c - '0'));
    }
}

} // namespace

// func 0x02 with six digit bytes: waiting count (3), then the ticket's digits (3).
serial::Bytes Protocol::encodeDisplay(const DeviceConfig& device, const DisplayState& state) const {
    std::string number;
    for (char c : state.text) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            number += c;
        }
    }
    serial::Bytes data;
    appendDigits(data, state.waiting < 0 ? std::string{} : std::to_string(std::min(state.waiting, 999)));
    appendDigits(data, number);
    return frame(static_cast<std::uint8_t>(device.address), 0x02, data);
}

std::vector<serial::Bytes> Protocol::encodeBoard(const DeviceConfig&, const BoardState&) const {
    return {}; // keypads only: this family has no boards
}

// Keypad → host, unprompted: FF 68 L L 68 addr func data… sum 16, with
// L = bytes from addr to before the sum. The key is the last data byte;
// "digit + confirm (0x0F)" arrives as two data bytes and is reported as
// 0x0F00 | digit. A good frame is acknowledged by echoing it.
void Protocol::feed(const std::uint8_t* data, std::size_t n, std::vector<serial::ParsedFrame>& out) {
    buffer_.insert(buffer_.end(), data, data + n);
    for (;;) {
        auto start = std::search_n(buffer_.begin(), buffer_.end(), 1, std::uint8_t{0xFF});
        if (start != buffer_.begin()) {
            out.push_back({serial::ParsedFrame::Kind::bad, 0, 0, "bytes outside a frame",
                           serial::Bytes(buffer_.begin(), start)});
            buffer_.erase(buffer_.begin(), start);
        }
        if (buffer_.size() < 5) {
            return; // wait for the header
        }
        if (buffer_[1] != 0x68 || buffer_[4] != 0x68 || buffer_[2] != buffer_[3] || buffer_[2] < 2) {
            out.push_back({serial::ParsedFrame::Kind::bad, 0, 0, "bad header", {buffer_[0]}});
            buffer_.erase(buffer_.begin());
            continue;
        }
        std::size_t total = 5 + static_cast<std::size_t>(buffer_[2]) + 2;
        if (buffer_.size() < total) {
            return; // the rest is still on the wire
        }
        serial::Bytes f(buffer_.begin(), buffer_.begin() + static_cast<long>(total));
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<long>(total));
        std::uint8_t address = f[5];
        std::uint8_t func = f[6];
        serial::Bytes payload(f.begin() + 7, f.end() - 2);
        if (f.back() != 0x16) {
            out.push_back({serial::ParsedFrame::Kind::bad, address, 0, "bad end byte", f});
        } else if (checksum(address, func, payload) != f[f.size() - 2]) {
            out.push_back({serial::ParsedFrame::Kind::bad, address, 0, "bad checksum", f});
        } else if (payload.empty()) {
            out.push_back({serial::ParsedFrame::Kind::bad, address, 0, "no key in frame", f});
        } else {
            int code = payload.back();
            if (code == 0x0F && payload.size() >= 2) {
                code = 0x0F00 | payload[payload.size() - 2];
            }
            out.push_back({serial::ParsedFrame::Kind::key, address, code, "", f, f});
        }
    }
}

} // namespace qmsd::drivers::caller_ff68
