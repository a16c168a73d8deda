// Live field figures from a real engine (through the Journal, as the daemon
// runs it) and a FieldWindow fed by the journal's listener.
#include "analytics/erlang.hpp"
#include "analytics/field_figures.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;
using Catch::Matchers::WithinAbs;

namespace {

const std::string kDay = "2026-11-23";

struct Office {
    OfficeFixture f;
    Estimator estimator;
    Office() {
        f.journal->addListener([e = &estimator](const Events& events) { e->onEvents(events); });
    }
    void at(int hour, int minute) { f.now = localTime(kDay, hour, minute); }
    FieldFigures figures(const std::string& field, ServiceTarget target = {}) {
        return computeFieldFigures(f.engine(), estimator, field, target, f.now);
    }
};

} // namespace

TEST_CASE("the estimate is the wait predictor's for a new ticket; the rates come from the window") {
    Office o;
    o.at(7, 55);
    o.f.must(OpenCounter{3, "nv03"}); // dat_dai only
    o.at(8, 0);
    auto empty = o.figures("dat_dai");
    REQUIRE(empty.estimatedWaitMinutes);
    CHECK(*empty.estimatedWaitMinutes == 0.0); // the counter is free
    CHECK(empty.openCounters == 1.0);
    CHECK(empty.idleCounters == 1);

    o.f.must(IssueTicket{"dat_dai"});
    o.f.must(IssueTicket{"dat_dai"});
    o.f.must(IssueTicket{"dat_dai"});
    o.f.must(CallNext{3});
    o.at(8, 4);
    auto busy = o.figures("dat_dai", ServiceTarget{30, 0.8});
    CHECK(busy.waiting == 2);
    CHECK(busy.idleCounters == 0);
    CHECK(busy.meanServiceMinutes == 10.0); // nothing finished, no history: the default
    CHECK(busy.serviceUnsure);
    // The rest of the current service (4 minutes in), then the two ahead.
    REQUIRE(busy.estimatedWaitMinutes);
    CHECK(busy.peopleAheadOfNew == 2);
    // A call takes a service, or (3% of them, before any are seen) the minute of a no-show.
    double call = o.estimator.model(o.f.engine(), o.f.now).callMinutes("dat_dai");
    CHECK(call < 10.0);
    CHECK(call > 9.5);
    CHECK_THAT(*busy.estimatedWaitMinutes, WithinAbs(residualMinutes(10, kDefaultServiceCv, 4) + 2 * call, 1e-9));
    auto fresh = o.estimator.newTicket(o.f.engine(), "dat_dai", false, o.f.now);
    REQUIRE(fresh);
    CHECK(*busy.estimatedWaitMinutes == fresh->minutes); // one figure, wherever it is shown
    CHECK_THAT(busy.headWaitMinutes, WithinAbs(4.0, 1e-9));
    // Three arrivals since the day's first event at 07:55, divided by the 15-minute floor (no history).
    CHECK_THAT(busy.arrivalsPerMinute, WithinAbs(3.0 / 15, 1e-9));
    CHECK_THAT(busy.load, WithinAbs(2.0, 1e-9));
    CHECK(busy.unstable); // 2 Erlang on one counter
    CHECK(busy.waitProbability == 1.0);
    CHECK(busy.countersNeeded == erlang::countersNeeded(2.0, 10.0, 30, 0.8));
    CHECK(busy.countersNeeded >= 3);
    CHECK(busy.callsInWindow == 1);
    CHECK(busy.serviceLevel == 1.0);

    // The counter finishes after 8 minutes: the mean leans on the default
    // (worth kPriorServices services) until today has more, and the free
    // counter calls the next one at once.
    o.at(8, 8);
    o.f.must(FinishService{3});
    auto after = o.figures("dat_dai", ServiceTarget{30, 0.8});
    double mean = (8 + kPriorServices * 10) / (1 + kPriorServices);
    CHECK_THAT(after.meanServiceMinutes, WithinAbs(mean, 1e-9));
    CHECK_THAT(*after.estimatedWaitMinutes,
               WithinAbs(2 * o.estimator.model(o.f.engine(), o.f.now).callMinutes("dat_dai"), 1e-9));
    o.f.must(CallNext{3});
    o.f.must(FinishService{3}); // served in no time
    o.f.must(CallNext{3});
    auto last = o.figures("dat_dai", ServiceTarget{30, 0.8});
    CHECK(last.waiting == 0);
    mean = (8 + 0 + kPriorServices * 10) / (2 + kPriorServices);
    CHECK_THAT(*last.estimatedWaitMinutes, WithinAbs(mean, 1e-9)); // busy just now, nobody ahead
    CHECK(last.callsInWindow == 3);
}

TEST_CASE("no open counter for a field: no estimate, and unstable while people wait") {
    Office o;
    o.at(8, 0);
    o.f.must(IssueTicket{"ho_tich"});
    auto f = o.figures("ho_tich");
    CHECK_FALSE(f.estimatedWaitMinutes);
    CHECK(f.openCounters == 0.0);
    CHECK(f.unstable);
    CHECK(f.countersNeeded >= 1);
}

TEST_CASE("a counter serving several fields counts by its share of the fields with people waiting") {
    Office o;
    o.at(8, 0);
    o.f.must(OpenCounter{1, "nv01"}); // ho_tich, chung_thuc
    o.f.must(OpenCounter{2, "nv02"}); // chung_thuc, ho_tich
    // Nobody waits anywhere: a new ticket in either field has both counters.
    CHECK(counterCapacity(o.f.engine(), "ho_tich").share == 2.0);
    CHECK(counterCapacity(o.f.engine(), "chung_thuc").share == 2.0);

    o.f.must(IssueTicket{"chung_thuc"});
    // A ho_tich ticket would share each counter with the waiting chung_thuc one.
    CHECK(counterCapacity(o.f.engine(), "ho_tich").share == 1.0);
    CHECK(counterCapacity(o.f.engine(), "chung_thuc").share == 2.0);

    o.f.must(IssueTicket{"ho_tich"});
    auto ho = counterCapacity(o.f.engine(), "ho_tich");
    CHECK(ho.share == 1.0);
    CHECK(ho.counters == 2);
    CHECK(ho.idle == 2);

    // Counter 2 logged in by nv04 (chung_thuc only) gives ho_tich nothing.
    o.f.must(CloseCounter{2});
    o.f.must(OpenCounter{2, "nv04"});
    CHECK(counterCapacity(o.f.engine(), "ho_tich").share == 0.5);
    CHECK(counterCapacity(o.f.engine(), "chung_thuc").share == 1.5);
    CHECK(callableFields(o.f.engine(), 2) == std::vector<std::string>{"chung_thuc"});

    // A paused counter does not count.
    o.f.must(Pause{1, "break"});
    CHECK(counterCapacity(o.f.engine(), "ho_tich").counters == 0);
    CHECK(counterCapacity(o.f.engine(), "chung_thuc").share == 1.0);
}

TEST_CASE("a shared counter's other field comes first when its tickets waited longer") {
    Office o;
    o.at(8, 0);
    o.f.must(OpenCounter{1, "nv01"}); // ho_tich first, then chung_thuc; longest wait decides
    o.f.must(IssueTicket{"ho_tich"});
    o.f.must(IssueTicket{"chung_thuc"});
    o.f.must(IssueTicket{"ho_tich"});
    o.f.must(CallNext{1}); // A001, the longest waiting
    auto f = o.figures("ho_tich");
    CHECK(f.waiting == 1);
    CHECK(f.openCounters == 0.5);
    // A001's service, then C01 (older than both ho_tich tickets behind it), then A002.
    CHECK(f.peopleAheadOfNew == 1);
    const ServiceModel& m = o.estimator.model(o.f.engine(), o.f.now);
    CHECK_THAT(*f.estimatedWaitMinutes, WithinAbs(10.0 + m.callMinutes("chung_thuc") + m.callMinutes("ho_tich"), 1e-9));
}

TEST_CASE("Erlang at a fractional number of counters lies between its neighbours") {
    double c2 = erlang::erlangC(2, 1.2), c3 = erlang::erlangC(3, 1.2);
    CHECK_THAT(erlangCAt(2.5, 1.2), WithinAbs((c2 + c3) / 2, 1e-12));
    CHECK(erlangCAt(2.0, 1.2) == c2);
    double s2 = erlang::serviceLevel(2, 1.2, 10, 15), s3 = erlang::serviceLevel(3, 1.2, 10, 15);
    CHECK_THAT(serviceLevelAt(2.25, 1.2, 10, 15), WithinAbs(0.75 * s2 + 0.25 * s3, 1e-12));
}

TEST_CASE("all fields take their targets from the config") {
    Office o;
    o.at(8, 0);
    auto all = computeAllFieldFigures(o.f.engine(), o.estimator, o.f.now);
    REQUIRE(all.size() == 3);
    CHECK(all[1].field == "dat_dai");
    CHECK(all[1].name == "Đất đai");
    CHECK(all[1].target.targetMinutes == 30);
    CHECK(all[1].target.share == 0.8);
    CHECK(all[2].target.targetMinutes == 10);
}
