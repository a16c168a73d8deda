// Counter states: closed, open/idle, calling/serving, paused with a reason.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

TEST_CASE("a staff member is logged in at one counter at a time") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    CHECK(f.refusal(OpenCounter{2, "nv01"}) == ErrorCode::staffBusy);
    CHECK(f.refusal(OpenCounter{1, "nv02"}) == ErrorCode::counterOpen);
    f.must(CloseCounter{1});
    f.must(OpenCounter{2, "nv01"});
    CHECK(f.engine().counter(2)->staff == "nv01");
}

TEST_CASE("opening needs a known staff member who serves one of the counter's fields") {
    OfficeFixture f;
    CHECK(f.refusal(OpenCounter{3, "nv01"}) == ErrorCode::staffNotAllowed);
    CHECK(f.refusal(OpenCounter{1, "nobody"}) == ErrorCode::unknownStaff);
    CHECK(f.refusal(OpenCounter{42, "nv01"}) == ErrorCode::unknownCounter);
    CHECK(f.refusal(CallNext{1}) == ErrorCode::counterClosed);
}

TEST_CASE("a counter with an active ticket cannot close or pause") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    f.must(CallNext{1});
    CHECK(f.refusal(CloseCounter{1}) == ErrorCode::counterBusy);
    CHECK(f.refusal(Pause{1, "break"}) == ErrorCode::counterBusy);
    f.must(Park{1});
    f.must(Pause{1, "break"});
}

TEST_CASE("pause with a reason, refuse calls while paused, resume") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    CHECK(f.refusal(Pause{1, "nap"}) == ErrorCode::unknownPauseReason);
    auto pausedAt = f.now;
    f.must(Pause{1, "meeting"});
    CHECK(f.engine().counterState(1) == CounterState::paused);
    CHECK(f.engine().counter(1)->pauseReason == "meeting");
    CHECK(f.engine().counter(1)->pausedAt == pausedAt);
    CHECK(f.refusal(CallNext{1}) == ErrorCode::counterPaused);
    CHECK(f.refusal(Pause{1, "break"}) == ErrorCode::counterPaused);
    f.must(Resume{1});
    CHECK(f.refusal(Resume{1}) == ErrorCode::counterNotPaused);
    f.must(CallNext{1});
}

TEST_CASE("every state change records who did it") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"}, "kiosk:k1");
    f.must(OpenCounter{1, "nv01"}, "staff:nv01");
    f.must(CallNext{1}, "keypad:bus1/3");
    auto events = f.store->eventsOfDay("2026-11-23");
    REQUIRE(events.ok());
    REQUIRE(events->size() == 3);
    CHECK((*events)[0].actor == "kiosk:k1");
    CHECK((*events)[1].actor == "staff:nv01");
    CHECK((*events)[2].actor == "keypad:bus1/3");
    CHECK((*events)[2].staff == "nv01");
}
