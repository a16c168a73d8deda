// The framed serial protocols, byte for byte, from captures written down in
// the sources (drivers/*/README.md) and the noise a shared RS-485 line carries.
#include "caller_ff68/protocol.hpp"
#include "rs485_0107/protocol.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::drivers;
using namespace qmsd::drivers::serial;

namespace {

DeviceConfig unit(int address, int digits = 3) {
    DeviceConfig d;
    d.id = "u";
    d.address = address;
    d.digits = digits;
    return d;
}

std::vector<ParsedFrame> feedAll(FrameProtocol& p, const Bytes& bytes, std::size_t chunk = 1) {
    std::vector<ParsedFrame> out;
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
        p.feed(bytes.data() + i, std::min(chunk, bytes.size() - i), out);
    }
    return out;
}

} // namespace

TEST_CASE("01..07 counter display: mode byte then the digits") {
    rs485_0107::Protocol p;
    CHECK(p.encodeDisplay(unit(5), DisplayState{"A12"}) == Bytes{0x01, 0x05, 0x20, 'A', '1', '2', 0x07});
    CHECK(p.encodeDisplay(unit(5), DisplayState{"7", DisplayState::Mode::blink}) ==
          Bytes{0x01, 0x05, 0x21, ' ', ' ', '7', 0x07});
    // Blink N times is 0x21 + N.
    CHECK(p.encodeDisplay(unit(5), DisplayState{"A001", DisplayState::Mode::blinkTimes, 5}) ==
          Bytes{0x01, 0x05, 0x26, '0', '0', '1', 0x07});
}

TEST_CASE("01..07 text board: one line per address, control bytes cannot break the frame") {
    rs485_0107::Protocol p;
    auto frames = p.encodeBoard(unit(20, 16), BoardState{{"A012 -> Quay 3", "Hotline\x07"}});
    REQUIRE(frames.size() == 2);
    CHECK(frames[0] == Bytes{0x01, 20, 'A', '0', '1', '2', ' ', '-', '>', ' ', 'Q', 'u', 'a', 'y', ' ', '3', 0x07});
    CHECK(frames[1].size() == 2 + 8 + 1);
    CHECK(std::count(frames[1].begin(), frames[1].end(), 0x07) == 1);
}

TEST_CASE("01..07 keypads: four-byte frames are keys, anything else is a collision") {
    rs485_0107::Protocol p;
    auto frames = feedAll(p, Bytes{0x01, 0x03, 0x31, 0x07, 0x01, 0x04, 0x34, 0x07});
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].kind == ParsedFrame::Kind::key);
    CHECK(frames[0].address == 3);
    CHECK(frames[0].code == 0x31);
    CHECK(frames[1].code == 0x34);
    // Two keypads at once interleave their bytes: never acted on.
    auto collided = feedAll(p, Bytes{0x01, 0x03, 0x01, 0x04, 0x31, 0x34, 0x07, 0x07});
    REQUIRE_FALSE(collided.empty());
    CHECK(std::none_of(collided.begin(), collided.end(),
                       [](const ParsedFrame& f) { return f.kind == ParsedFrame::Kind::key; }));
}

TEST_CASE("FF 68: the host's display frame matches the source's worked example") {
    // FF 68 08 08 68 05 02 0A 0A 0A 01 02 03 sum 16, sum = (5+2+0A*3+1+2+3) mod 256
    caller_ff68::Protocol p;
    DisplayState s{"123"};
    auto bytes = p.encodeDisplay(unit(5), s);
    CHECK(bytes == Bytes{0xFF, 0x68, 0x08, 0x08, 0x68, 0x05, 0x02, 0x0A, 0x0A, 0x0A, 0x01, 0x02, 0x03,
                         static_cast<std::uint8_t>((5 + 2 + 0x1E + 6) % 256), 0x16});
    s.text = "A007";
    s.waiting = 14;
    auto withWaiting = p.encodeDisplay(unit(5), s);
    CHECK(Bytes(withWaiting.begin() + 7, withWaiting.begin() + 13) == Bytes{0x0A, 0x01, 0x04, 0x00, 0x00, 0x07});
}

TEST_CASE("FF 68 keypads: keys, digit+confirm, the echo, and what is never acted on") {
    caller_ff68::Protocol p;
    auto call = caller_ff68::frame(7, 0x01, Bytes{0x0C});
    auto giveUp = caller_ff68::frame(7, 0x01, Bytes{0x06, 0x0F});
    auto frames = feedAll(p, call, 3);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].kind == ParsedFrame::Kind::key);
    CHECK(frames[0].address == 7);
    CHECK(frames[0].code == 0x0C);
    REQUIRE(frames[0].ack);
    CHECK(*frames[0].ack == call); // acknowledged by echoing the frame
    frames = feedAll(p, giveUp);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].code == 0x0F06);

    auto badSum = call;
    badSum[badSum.size() - 2] ^= 0x55;
    frames = feedAll(p, badSum);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].kind == ParsedFrame::Kind::bad);
    CHECK(frames[0].why == "bad checksum");

    // Noise before a good frame is reported, the good frame still parsed.
    Bytes noisy{0x13, 0x37};
    noisy.insert(noisy.end(), call.begin(), call.end());
    frames = feedAll(p, noisy, 5);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].kind == ParsedFrame::Kind::bad);
    CHECK(frames[1].kind == ParsedFrame::Kind::key);

    // A truncated frame waits for the rest and produces nothing yet.
    std::vector<ParsedFrame> partial;
    p.feed(call.data(), call.size() - 1, partial);
    CHECK(partial.empty());
}
