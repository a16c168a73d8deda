// The ALSA player against ALSA's 'null' device (no sound card needed) and a
// card that does not exist.
#include "voice/alsa_player.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cmath>
#include <optional>

using namespace qmsd::voice;

namespace {

std::shared_ptr<const Pcm> beep(int ms) {
    auto p = std::make_shared<Pcm>();
    p->sampleRate = 22050;
    for (int i = 0; i < 22050 * ms / 1000; ++i) {
        p->samples.push_back(static_cast<std::int16_t>(6000 * std::sin(2 * M_PI * 440 * i / 22050)));
    }
    return p;
}

struct Outcome {
    std::int64_t id = 0;
    std::optional<qmsd::Status> status;
};

// Plays on `device` and runs the loop until the player reports back.
Outcome playOn(const std::string& device, std::int64_t id, bool tryTwice = false) {
    boost::asio::io_context loop;
    auto guard = boost::asio::make_work_guard(loop);
    Outcome out;
    AlsaPlayer player(loop, device, [&out, &guard](std::int64_t done, qmsd::Status st) {
        out.id = done;
        out.status = std::move(st);
        guard.reset();
    });
    REQUIRE(player.play(id, beep(300)).ok());
    if (tryTwice) {
        auto second = player.play(id + 1, beep(300));
        CHECK_FALSE(second.ok());
        CHECK(second.error().code == qmsd::ErrorCode::counterBusy);
    }
    loop.run();
    return out;
}

} // namespace

TEST_CASE("a buffer plays to the end on the null device and is reported on the loop") {
    const Outcome out = playOn("null", 42);
    CHECK(out.id == 42);
    REQUIRE(out.status);
    CHECK(out.status->ok());
}

TEST_CASE("a second buffer is refused while one plays") {
    const Outcome out = playOn("null", 1, true);
    REQUIRE(out.status);
    CHECK(out.status->ok());
}

TEST_CASE("a missing sound card is an error naming the device, not a crash") {
    const Outcome out = playOn("hw:97,0", 5);
    CHECK(out.id == 5);
    REQUIRE(out.status);
    REQUIRE_FALSE(out.status->ok());
    CHECK_THAT(out.status->error().message, Catch::Contains("hw:97,0"));
}

TEST_CASE("stopping mid-announcement returns promptly and later plays are refused") {
    boost::asio::io_context loop;
    AlsaPlayer player(loop, "null", [](std::int64_t, qmsd::Status) {});
    REQUIRE(player.play(1, beep(3000)).ok());
    player.stop();
    CHECK_FALSE(player.play(2, beep(100)).ok());
}
