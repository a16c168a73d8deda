// Modbus register maps: what a display state becomes on the wire.
#include "modbus/register_profile.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::drivers;
using namespace qmsd::drivers::modbus;

namespace {

DeviceConfig device(DeviceRole role, std::string profile, int digits = 4) {
    DeviceConfig d;
    d.id = "d";
    d.role = role;
    d.profile = std::move(profile);
    d.digits = digits;
    return d;
}

std::vector<std::uint16_t> ascii(const std::string& s) {
    return {s.begin(), s.end()};
}

} // namespace

TEST_CASE("DM-series: one ASCII character per register, right-aligned") {
    auto p = profileFor(device(DeviceRole::counterDisplay, ""), nullptr);
    REQUIRE(p);
    CHECK(p->kind == ProfileKind::dmAscii);
    CHECK(displayWrites(*p, DisplayState{"A12"}) ==
          std::vector<RegisterWrite>{{0, ascii(" A12"), false}});
    CHECK(displayWrites(*p, DisplayState{""}) == std::vector<RegisterWrite>{{0, ascii("    "), false}});
    // Too long: the end (the number) wins.
    CHECK(displayWrites(*p, DisplayState{"AB1234"}) == std::vector<RegisterWrite>{{0, ascii("1234"), false}});
}

TEST_CASE("LED-485-046: the number alone, FC06 at the configured register") {
    auto d = device(DeviceRole::counterDisplay, "number");
    d.baseRegister = 0;
    auto p = profileFor(d, nullptr);
    REQUIRE(p);
    CHECK(displayWrites(*p, DisplayState{"A012"}) == std::vector<RegisterWrite>{{0, {12}, true}});
    CHECK(displayWrites(*p, DisplayState{""}) == std::vector<RegisterWrite>{{0, {0}, true}});
}

TEST_CASE("qmsd_display: text, then mode and blink count at 16") {
    auto p = profileFor(device(DeviceRole::counterDisplay, "qmsd_display"), nullptr);
    REQUIRE(p);
    DisplayState blink{"A001", DisplayState::Mode::blinkTimes, 5};
    CHECK(displayWrites(*p, blink) ==
          std::vector<RegisterWrite>{{0, ascii("A001"), false}, {16, {2, 5}, false}});
    CHECK(displayWrites(*p, DisplayState{"A001"})[1] == RegisterWrite{16, {0, 0}, false});
}

TEST_CASE("text cards: two characters per register, a line every 1000 registers") {
    auto p = profileFor(device(DeviceRole::mainBoard, "", 6), nullptr);
    REQUIRE(p);
    CHECK(p->kind == ProfileKind::textLines);
    auto w = boardWrites(*p, BoardState{{"A1 Q3", "Hotline"}});
    REQUIRE(w.size() == 2);
    CHECK(w[0] == RegisterWrite{1000, {('A' << 8) | '1', (' ' << 8) | 'Q', ('3' << 8) | ' '}, false});
    CHECK(w[1].address == 2000);
    CHECK(w[1].values.front() == (('H' << 8) | 'o'));
}

TEST_CASE("a profile that does not fit the role is refused with a reason") {
    std::string why;
    CHECK_FALSE(profileFor(device(DeviceRole::keypad, "dm_ascii"), &why));
    CHECK(why.find("keypad_counter") != std::string::npos);
    CHECK_FALSE(profileFor(device(DeviceRole::counterDisplay, "bogus"), &why));
    auto keypad = profileFor(device(DeviceRole::keypad, ""), nullptr);
    REQUIRE(keypad);
    CHECK(keypad->kind == ProfileKind::keypadCounter);
}
