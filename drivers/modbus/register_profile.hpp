#pragma once
// Register maps of Modbus displays and keypads, as data: what to write for a
// display state, what to read from a keypad. Pure functions, no I/O.
#include "device/bus.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qmsd::drivers::modbus {

// One write the worker performs: FC06 for a single register, FC16 otherwise.
struct RegisterWrite {
    int address = 0;
    std::vector<std::uint16_t> values;
    bool single = false; // FC06
    bool operator==(const RegisterWrite&) const = default;
};

enum class ProfileKind {
    dmAscii,     // DM36/DM56: one ASCII character per holding register from `register` (default 0)
    number,      // LED-485-046: the number in one holding register (FC06), default register 0
    qmsdDisplay, // ASCII per register at 0.., mode at 16 (0 steady, 1 blink, 2 blink N), count at 17
    textLines,   // text cards: line 1 at 1000, line 2 at 2000..., two ASCII characters per register
    keypadCounter, // keypads/rating boxes: [key code, press counter] at `register` (default 0), FC03
};

struct Profile {
    ProfileKind kind = ProfileKind::dmAscii;
    int base = 0;
    int width = 4; // characters
};

// The profile a device's config names, or why not ("" = the role's default).
std::optional<Profile> profileFor(const DeviceConfig& device, std::string* why);
std::vector<RegisterWrite> displayWrites(const Profile& p, const DisplayState& state);
std::vector<RegisterWrite> boardWrites(const Profile& p, const BoardState& state);
// Right-aligned in `width`, truncated from the left (the number matters most).
std::string fitRight(const std::string& text, int width);

} // namespace qmsd::drivers::modbus
