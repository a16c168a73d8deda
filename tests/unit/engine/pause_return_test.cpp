// A pause may say when the counter expects to be back (issue 13); the keypad's
// pause key says nothing, and that still works.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

TEST_CASE("a pause keeps its expected return until the counter resumes, across a restart") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    TimePoint back = f.now + std::chrono::minutes{20};
    auto r = f.run(Pause{1, "meeting", back});
    REQUIRE(r.ok());
    CHECK(r->front().until == back);
    CHECK(f.engine().counter(1)->expectedBack == back);
    f.restart();
    CHECK(f.engine().counter(1)->expectedBack == back);
    CHECK(f.engine().counter(1)->pauseReason == "meeting");
    f.must(Resume{1});
    CHECK(f.engine().counter(1)->expectedBack == TimePoint{});
    // Paused again without a time: none is shown, not the old one.
    f.must(Pause{1, "break"});
    CHECK(f.engine().counter(1)->expectedBack == TimePoint{});
}

TEST_CASE("an expected return in the past or on another day is refused") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    auto past = f.run(Pause{1, "break", f.now - std::chrono::minutes{1}});
    REQUIRE_FALSE(past.ok());
    CHECK(past.error().code == ErrorCode::invalidArgument);
    auto tomorrow = f.run(Pause{1, "break", localTime("2026-11-24", 7, 30)});
    REQUIRE_FALSE(tomorrow.ok());
    CHECK(tomorrow.error().message.find("later today") != std::string::npos);
    CHECK(f.engine().counterState(1) == CounterState::idle);
}
