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
    OfficeFixture f{noQuota()};
    Estimator estimator;
    Office() {
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
