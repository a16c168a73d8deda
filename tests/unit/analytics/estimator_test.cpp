// The estimator between the engine and every reader: what it learns from the
// committed events (the office's pause between citizens, its no-shows) and
// that one forecast is shared until the state changes.
#include "analytics/estimator.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;
using Catch::Matchers::WithinAbs;

namespace {

const std::string kDay = "2026-11-23";

OfficeConfig noQuota() {
    OfficeConfig c = makeTestOffice();
    c.fields[1].dailyQuota.reset(); // dat_dai
    return c;
}

struct Office {
    OfficeFixture f;
    Estimator estimator;
    explicit Office(OfficeConfig config = noQuota()) : f(std::move(config)) {
        f.journal->addListener([e = &estimator](const Events& events) { e->onEvents(events); });
    }
    void at(int h, int m, int s = 0) { f.now = localTime(kDay, h, m, s); }
};

} // namespace

TEST_CASE("the pause between a finish and the next call is learnt, and every call in the forecast takes it") {
    Office o;
    o.at(8, 0);
    o.f.must(OpenCounter{3, "nv03"}); // dat_dai only
    for (int i = 0; i < 6; ++i) {
        o.f.must(IssueTicket{"dat_dai"});
    }
    o.f.must(CallNext{3});
    o.at(8, 10);
    o.f.must(FinishService{3});
    o.at(8, 11, 30); // 1.5 minutes to call the next
    o.f.must(CallNext{3});
    o.at(8, 20);
    o.f.must(FinishService{3});
    o.at(8, 21, 30);
    o.f.must(CallNext{3});
    o.at(8, 31, 30);
    o.f.must(FinishService{3});
    o.at(8, 52); // 20 minutes idle with people waiting: staff away, not a pause
    o.f.must(CallNext{3});
    CHECK_THAT(o.estimator.pauseMinutes(), WithinAbs(1.5, 1e-9));

    // Just called; two ahead of a new ticket: the rest of this service and a
    // pause, then each of the two calls and its pause.
    const ServiceModel& m = o.estimator.model(o.f.engine(), o.f.now);
    CHECK(m.pauseMinutes == 1.5);
    double service = m.service("dat_dai").meanMinutes;
    double call = m.callMinutes("dat_dai");
    auto fresh = o.estimator.newTicket(o.f.engine(), "dat_dai", false, o.f.now);
    REQUIRE(fresh);
    CHECK(fresh->ahead == 2);
    CHECK_THAT(fresh->minutes, WithinAbs(service + 1.5 + 2 * (call + 1.5), 1e-9));
}

TEST_CASE("no-shows shorten what a call takes; the forecast is reused until the state changes") {
    Office o;
    o.at(8, 0);
    o.f.must(OpenCounter{3, "nv03"});
    for (int i = 0; i < 8; ++i) {
        o.f.must(IssueTicket{"dat_dai"});
    }
    double before = o.estimator.model(o.f.engine(), o.f.now).callMinutes("dat_dai");
    for (int i = 0; i < 4; ++i) {
        o.f.must(CallNext{3});
        o.f.must(MarkNoShow{3});
    }
    double after = o.estimator.model(o.f.engine(), o.f.now).callMinutes("dat_dai");
    CHECK(after < before - 1); // 4 of 4 calls no-shows: much of a call is a minute's wait

    const WaitForecast* first = &o.estimator.forecast(o.f.engine(), o.f.now);
    TimePoint at = first->at();
    o.f.now += std::chrono::seconds{5};
    CHECK(o.estimator.forecast(o.f.engine(), o.f.now).at() == at); // nothing changed: the same forecast
    o.f.must(CallNext{3});
    CHECK(o.estimator.forecast(o.f.engine(), o.f.now).at() != at); // a committed change: a new one
    o.f.now += kMaxForecastAge;
    TimePoint again = o.estimator.forecast(o.f.engine(), o.f.now).at();
    CHECK(again == o.f.now); // too old: made again
}

TEST_CASE("a walk-in's estimate counts appointments whose slot has begun and who may still check in") {
    Office o(makeBookingOffice()); // ho_tich: one place a 15-minute slot
    o.at(7, 30);
    o.f.must(MakeBooking{"ACDEFH", "ho_tich", kDay, 9 * 60, "Nguyễn Thị Hoa", "0901234567"});
    o.f.must(OpenCounter{1, "nv01"});
    auto walkIn = [&o] { return o.estimator.newTicket(o.f.engine(), "ho_tich", false, o.f.now); };
    o.at(8, 55); // before the slot: the appointment will queue behind a walk-in who came now
    REQUIRE(walkIn());
    CHECK(walkIn()->ahead == 0);
    o.at(9, 5); // the slot has begun and its holder may still come: one ahead, one service longer
    REQUIRE(walkIn());
    CHECK(walkIn()->ahead == 1);
    CHECK(walkIn()->minutes > 0);
    CHECK(o.estimator.newTicket(o.f.engine(), "ho_tich", true, o.f.now)->ahead == 0); // priority goes first anyway
    o.at(9, 16); // the check-in window closed: a late holder queues as a walk-in
    CHECK(walkIn()->ahead == 0);
}

TEST_CASE("tickets of a field nobody can call are told what the full forecast tells them, filed only when asked") {
    Office o;
    o.at(8, 0);
    o.f.must(OpenCounter{3, "nv03"}); // dat_dai only: ho_tich has nobody to call it
    std::vector<TicketId> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(o.f.must(IssueTicket{"ho_tich"}));
        ids.push_back(o.f.must(IssueTicket{"dat_dai"}));
    }
    ids.push_back(o.f.must(IssueTicket{"ho_tich", "elderly"}));
    ids.push_back(o.f.must(IssueTicket{"ho_tich", "disabled"}));

    // Every waiting ticket, through the estimator, as the eager forecast of the same state has it.
    auto sameAsFull = [&o, &ids] {
        WaitForecast full = forecastWaits(o.f.engine(), o.estimator.model(o.f.engine(), o.f.now), o.f.now);
        for (TicketId id : ids) {
            INFO("ticket " << id);
            const Forecast* want = full.ticket(id);
            auto got = o.estimator.ticket(o.f.engine(), id, o.f.now);
            REQUIRE(want != nullptr);
            REQUIRE(got);
            CHECK(got->known == want->known);
            CHECK(got->ahead == want->ahead);
            CHECK(got->minutes == want->minutes);
        }
    };
    // Before anyone asks, the uncallable field is not filed; dat_dai is.
    const WaitForecast& f = o.estimator.forecast(o.f.engine(), o.f.now);
    CHECK(f.hasDeferred());
    CHECK(f.ticket(ids[0]) == nullptr);
    REQUIRE(f.ticket(ids[1]) != nullptr);
    CHECK(f.ticket(ids[1])->known);
    sameAsFull();
    // The priority line first, then the normal line in its order.
    CHECK(o.estimator.ticket(o.f.engine(), ids[10], o.f.now)->ahead == 0);
    CHECK(o.estimator.ticket(o.f.engine(), ids[11], o.f.now)->ahead == 1);
    CHECK(o.estimator.ticket(o.f.engine(), ids[8], o.f.now)->ahead == 6);
    CHECK_FALSE(o.estimator.ticket(o.f.engine(), ids[8], o.f.now)->known);

    // A new commit makes a new forecast: the new ticket at the back.
    ids.push_back(o.f.must(IssueTicket{"ho_tich"}));
    CHECK(o.estimator.ticket(o.f.engine(), ids.back(), o.f.now)->ahead == 7);
    sameAsFull();

    // A ticket held for its print joins the line at its place: the field is filed at once, as before.
    IssueTicket held{"ho_tich"};
    held.holdForPrint = true;
    ids.push_back(o.f.must(held));
    CHECK(o.estimator.forecast(o.f.engine(), o.f.now).ticket(ids[0]) != nullptr);
    sameAsFull();

    // A counter opens for ho_tich: times for everyone.
    o.f.must(OpenCounter{1, "nv01"});
    CHECK_FALSE(o.estimator.forecast(o.f.engine(), o.f.now).hasDeferred());
    CHECK(o.estimator.ticket(o.f.engine(), ids[0], o.f.now)->known);
    sameAsFull();
}

TEST_CASE("a forgotten forecast is made again with the same answers; what was learnt stays") {
    Office o;
    o.at(8, 0);
    o.f.must(OpenCounter{3, "nv03"}); // dat_dai only
    std::vector<TicketId> ids;
    for (int i = 0; i < 6; ++i) {
        ids.push_back(o.f.must(IssueTicket{"dat_dai"}));
    }
    o.f.must(CallNext{3});
    o.at(8, 10);
    o.f.must(FinishService{3});
    o.at(8, 12); // a 2-minute pause, learnt
    o.f.must(CallNext{3});
    o.at(8, 13);
    auto before = o.estimator.ticket(o.f.engine(), ids[4], o.f.now);
    auto freshBefore = o.estimator.newTicket(o.f.engine(), "dat_dai", false, o.f.now);
    REQUIRE(before);
    REQUIRE(freshBefore);
    CHECK(before->ahead == 2);

    o.estimator.forgetForecast();
    CHECK_THAT(o.estimator.pauseMinutes(), WithinAbs(2.0, 1e-9));
    auto after = o.estimator.ticket(o.f.engine(), ids[4], o.f.now);
    auto freshAfter = o.estimator.newTicket(o.f.engine(), "dat_dai", false, o.f.now);
    REQUIRE(after);
    REQUIRE(freshAfter);
    CHECK(after->ahead == before->ahead);
    CHECK(after->minutes == before->minutes);
    CHECK(after->counter == before->counter);
    CHECK(freshAfter->ahead == freshBefore->ahead);
    CHECK(freshAfter->minutes == freshBefore->minutes);
}
