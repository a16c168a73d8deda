#include "modbus/register_profile.hpp"

#include <cctype>

namespace qmsd::drivers::modbus {

std::optional<Profile> profileFor(const DeviceConfig& device, std::string* why) {
    Profile p;
    p.width = device.digits;
    std::string name = device.profile;
    if (name.empty()) {
        name = device.role == DeviceRole::counterDisplay ? "dm_ascii"
               : device.role == DeviceRole::mainBoard    ? "text_lines"
                                                         : "keypad_counter";
    }
    bool isInput = device.role == DeviceRole::keypad || device.role == DeviceRole::rating;
    if (name == "dm_ascii" && !isInput) {
        p.kind = ProfileKind::dmAscii;
    } else if (name == "number" && device.role == DeviceRole::counterDisplay) {
        p.kind = ProfileKind::number;
    } else if (name == "qmsd_display" && device.role == DeviceRole::counterDisplay) {
        p.kind = ProfileKind::qmsdDisplay;
    } else if (name == "text_lines" && !isInput) {
        p.kind = ProfileKind::textLines;
        p.base = 1000;
    } else if (name == "keypad_counter" && isInput) {
        p.kind = ProfileKind::keypadCounter;
    } else {
        if (why != nullptr) {
            *why = "profile '" + name + "' does not fit role of device '" + device.id +
                   "' (displays: dm_ascii, number, qmsd_display, text_lines; keypads and rating boxes: "
                   "keypad_counter)";
        }
        return std::nullopt;
    }
    if (device.baseRegister) {
        p.base = *device.baseRegister;
    }
    return p;
}

std::string fitRight(const std::string& text, int width) {
    auto w = static_cast<std::size_t>(width);
    if (text.size() >= w) {
        return text.substr(text.size() - w);
    }
    return std::string(w - text.size(), ' ') + text;
}

namespace {

std::vector<std::uint16_t> onePerRegister(const std::string& text) {
    std::vector<std::uint16_t> out;
    for (char c : text) {
        out.push_back(static_cast<std::uint8_t>(c));
    }
    return out;
}

std::vector<std::uint16_t> twoPerRegister(const std::string& text) {
    std::vector<std::uint16_t> out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        auto hi = static_cast<std::uint8_t>(text[i]);
        auto lo = static_cast<std::uint8_t>(i + 1 < text.size() ? text[i + 1] : ' ');
        out.push_back(static_cast<std::uint16_t>(hi << 8 | lo));
    }
    return out;
}

std::string leftPadded(const std::string& text, int width) {
    std::string t = text.substr(0, static_cast<std::size_t>(width));
    return t + std::string(static_cast<std::size_t>(width) - t.size(), ' ');
}

} // namespace

std::vector<RegisterWrite> displayWrites(const Profile& p, const DisplayState& s) {
    switch (p.kind) {
    case ProfileKind::dmAscii:
        return {RegisterWrite{p.base, onePerRegister(fitRight(s.text, p.width)), false}};
    case ProfileKind::number: {
        std::string digits;
        for (char c : s.text) {
            if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
                digits += c;
            }
        }
        auto value = digits.empty() ? 0 : std::stoul(digits.substr(digits.size() > 5 ? digits.size() - 5 : 0));
        return {RegisterWrite{p.base, {static_cast<std::uint16_t>(std::min(value, 65535ul))}, true}};
    }
    case ProfileKind::qmsdDisplay: {
        std::uint16_t mode = s.mode == DisplayState::Mode::steady ? 0 : s.mode == DisplayState::Mode::blink ? 1 : 2;
        return {RegisterWrite{p.base, onePerRegister(fitRight(s.text, p.width)), false},
                RegisterWrite{p.base + 16, {mode, static_cast<std::uint16_t>(s.blinkTimes)}, false}};
    }
    case ProfileKind::textLines:
        return {RegisterWrite{p.base, twoPerRegister(leftPadded(s.text, p.width)), false}};
    case ProfileKind::keypadCounter:
        return {};
    }
    return {};
}

std::vector<RegisterWrite> boardWrites(const Profile& p, const BoardState& s) {
    std::vector<RegisterWrite> out;
    if (p.kind == ProfileKind::textLines) {
        for (std::size_t i = 0; i < s.lines.size() && i < 9; ++i) {
            out.push_back(RegisterWrite{p.base + static_cast<int>(i) * 1000,
                                        twoPerRegister(leftPadded(s.lines[i], p.width)), false});
        }
    } else if (!s.lines.empty()) {
        out = displayWrites(p, DisplayState{s.lines.front()});
    }
    return out;
}

} // namespace qmsd::drivers::modbus
