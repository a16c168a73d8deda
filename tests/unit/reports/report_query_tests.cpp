// Reports computed from a hand-built event log, checked against answers
// worked out by hand from the same timeline.
#include "report_log.hpp"
#include "reports/report_query.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::reports;
using qmsd::test::ReportLog;
using K = EventKind;

namespace {

const std::string kMon = "2026-11-23"; // a Monday

ReportOptions optionsFor(const std::string& from, const std::string& to) {
    ReportOptions o;
    o.range = {from, to};
    o.targets = {{"ho_tich", {15, 0.8}}, {"chung_thuc", {10, 0.8}}, {"dat_dai", {30, 0.8}}};
    return o;
}

const Breakdown& row(const std::vector<Breakdown>& rows, const std::string& key) {
    for (const auto& r : rows) {
        if (r.key == key) {
            return r;
        }
    }
    FAIL("no row " << key);
    return rows.front();
}

// Five ho_tich tickets at counter 1 (nv01) waiting 2, 4, 6, 8 and 100 minutes,
// served 5, 3, 6, 7 and 5 minutes, four of them rated 5, 4, 5, 1.
void fiveWaits(ReportLog& log) {
    log.counter(kMon, 7, 30, K::counterOpened, 1, "nv01");
    struct T { int issueH, issueM, wait, service, rating; };
    const T ts[] = {{8, 0, 2, 5, 5}, {8, 5, 4, 3, 4}, {8, 8, 6, 6, 5}, {8, 15, 8, 7, 1}, {8, 31, 100, 5, 0}};
    TicketId id = 1;
    for (const auto& t : ts) {
        int call = t.issueH * 60 + t.issueM + t.wait;
        int end = call + t.service;
        log.issue(kMon, t.issueH, t.issueM, id, "ho_tich");
        log.ticket(kMon, call / 60, call % 60, K::ticketCalled, id, 1).staff = "nv01";
        log.ticket(kMon, call / 60, call % 60, K::ticketStarted, id, 1).staff = "nv01";
        log.ticket(kMon, end / 60, end % 60, K::ticketFinished, id, 1).staff = "nv01";
        if (t.rating != 0) {
            log.ticket(kMon, end / 60, end % 60, K::ticketRated, id, 1).number = t.rating;
        }
        ++id;
    }
    log.counter(kMon, 11, 30, K::counterClosed, 1, "nv01");
    log.commit();
}

} // namespace

TEST_CASE("waits, services and ratings of one field, worked by hand") {
    ReportLog log;
    fiveWaits(log);
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    const Breakdown& f = row(r->byField, "ho_tich");
    CHECK(f.name == "Hộ tịch");
    CHECK(f.outcomes.issued == 5);
    CHECK(f.outcomes.served == 5);
    REQUIRE(f.wait.count == 5);
    CHECK(f.wait.mean == Approx(24 * 60));   // (2+4+6+8+100)/5 minutes
    CHECK(f.wait.median == Approx(6 * 60));
    CHECK(f.wait.p90 == Approx(100 * 60));   // nearest rank: ceil(0.9·5) = 5th
    CHECK(f.withinTarget == 4);
    REQUIRE(f.shareWithinTarget);
    CHECK(*f.shareWithinTarget == Approx(0.8));
    CHECK(f.service.mean == Approx(5.2 * 60));
    CHECK(f.service.median == Approx(5 * 60));
    CHECK(f.ratings.count == 4);
    // Written before the four-level scale (no channel): box keys 5, 4, 5, 1
    // read as Rất hài lòng, Hài lòng, Rất hài lòng, Không hài lòng.
    CHECK(f.ratings.levels == std::array<int, 4>{1, 0, 1, 2});
    CHECK(f.ratings.channels == std::array<int, 3>{0, 0, 4});
    REQUIRE(f.ratings.responseRate);
    CHECK(*f.ratings.responseRate == Approx(0.8)); // 4 rated of 5 served
    REQUIRE(f.ratings.shareSatisfied);
    CHECK(*f.ratings.shareSatisfied == Approx(0.75)); // 3 of 4
    // The same tickets seen from the counter, the staff member and the day.
    CHECK(row(r->byCounter, "1").outcomes.served == 5);
    CHECK(row(r->byStaff, "nv01").wait.count == 5);
    CHECK(row(r->byStaff, "nv01").name == "Nguyễn Thị Lan");
    REQUIRE(r->byDay.size() == 1);
    CHECK(r->byDay[0].key == kMon);
    CHECK(r->total.outcomes.issued == 5);
    auto other = queryReport(log.path(), test::makeTestOffice(), optionsFor("2026-11-24", "2026-11-30"));
    REQUIRE(other.ok());
    CHECK(other->total.outcomes.issued == 0);
}

TEST_CASE("median of an even count and p90 by nearest rank") {
    ReportLog log;
    log.counter(kMon, 7, 30, K::counterOpened, 1, "nv01");
    int waits[] = {10, 2, 4, 8}; // minutes, issued at 08:00, 08:20, 08:40, 09:00
    for (int i = 0; i < 4; ++i) {
        int issue = 8 * 60 + 20 * i;
        int call = issue + waits[i];
        log.issue(kMon, issue / 60, issue % 60, i + 1, "chung_thuc");
        log.ticket(kMon, call / 60, call % 60, K::ticketCalled, i + 1, 1);
        log.ticket(kMon, call / 60, call % 60 + 1, K::ticketNoShow, i + 1, 1);
    }
    log.commit();
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    const Breakdown& f = row(r->byField, "chung_thuc");
    CHECK(f.wait.median == Approx(6 * 60)); // (4 + 8) / 2
    CHECK(f.wait.p90 == Approx(10 * 60));   // ceil(0.9·4) = 4th of 2,4,8,10
    CHECK(f.outcomes.noShow == 4);
    CHECK(f.outcomes.served == 0);
    CHECK(f.service.count == 0);
    CHECK(f.withinTarget == 4); // 10 minutes is within a 10-minute target
}

TEST_CASE("local days: 23:30 and 06:30 local belong to their local day and hour") {
    ReportLog log;
    // 2026-11-24 23:30 +07 is 16:30 UTC the same date; 2026-11-25 06:30 +07 is
    // 23:30 UTC on the 24th, and must still count on the 25th.
    log.issue("2026-11-24", 23, 30, 1, "ho_tich");
    log.issue("2026-11-25", 6, 30, 2, "ho_tich");
    log.commit();
    auto cfg = test::makeTestOffice();
    auto tue = queryReport(log.path(), cfg, optionsFor("2026-11-24", "2026-11-24"));
    auto wed = queryReport(log.path(), cfg, optionsFor("2026-11-25", "2026-11-25"));
    REQUIRE(tue.ok());
    REQUIRE(wed.ok());
    CHECK(tue->total.outcomes.issued == 1);
    CHECK(wed->total.outcomes.issued == 1);
    REQUIRE(tue->byHour.size() == 1);
    CHECK(tue->byHour[0].weekday == 1); // Tuesday
    CHECK(tue->byHour[0].hour == 23);
    REQUIRE(wed->byHour.size() == 1);
    CHECK(wed->byHour[0].weekday == 2); // Wednesday
    CHECK(wed->byHour[0].hour == 6);
    // Neither closed by the day's end: still open, not a made-up outcome.
    CHECK(wed->total.outcomes.stillOpen == 1);
}

TEST_CASE("paused time by reason, an unclosed pause ending at the close or the end of the day") {
    ReportLog log;
    log.counter(kMon, 7, 30, K::counterOpened, 2, "nv02");
    log.counter(kMon, 9, 0, K::counterPaused, 2).reason = "break";
    log.counter(kMon, 9, 15, K::counterResumed, 2);
    log.counter(kMon, 10, 0, K::counterPaused, 2).reason = "meeting";
    log.counter(kMon, 10, 30, K::counterResumed, 2);
    log.counter(kMon, 16, 0, K::counterPaused, 2).reason = "break"; // never resumed,
    log.counter(kMon, 16, 45, K::counterClosed, 2);                  // ends at the close
    log.counter(kMon, 7, 30, K::counterOpened, 3, "nv03");
    log.counter(kMon, 16, 30, K::counterPaused, 3).reason = "meeting"; // neither resumed nor closed
    log.commit();
    auto cfg = test::makeTestOffice();
    auto r = queryReport(log.path(), cfg, optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    REQUIRE(r->pauses.size() == 3);
    CHECK(r->pauses[0].counter == 2);
    CHECK(r->pauses[0].reason == "break");
    CHECK(r->pauses[0].reasonName == "Nghỉ giải lao");
    CHECK(r->pauses[0].count == 2);
    CHECK(r->pauses[0].seconds == Approx((15 + 45) * 60));
    CHECK(r->pauses[1].reason == "meeting");
    CHECK(r->pauses[1].seconds == Approx(30 * 60));
    CHECK(r->pauses[2].counter == 3);
    CHECK(r->pauses[2].seconds == Approx(7.5 * 3600)); // to local midnight
    // A report of today cuts it at `now` instead.
    auto opt = optionsFor(kMon, kMon);
    opt.now = test::localTime(kMon, 17, 0);
    auto today = queryReport(log.path(), cfg, opt);
    REQUIRE(today.ok());
    CHECK(today->pauses[2].seconds == Approx(30 * 60));
    const CounterTime& c2 = today->counterTime[1];
    CHECK(c2.counter == 2);
    CHECK(c2.openSeconds == Approx((16 * 60 + 45 - 7 * 60 - 30) * 60));
    CHECK(c2.pausedSeconds == Approx((15 + 30 + 45) * 60));
}

TEST_CASE("idle while people waited: only for fields the counter and its staff can call") {
    ReportLog log;
    log.counter(kMon, 8, 0, K::counterOpened, 1, "nv01");  // ho_tich, chung_thuc
    log.issue(kMon, 8, 10, 1, "dat_dai");                   // counter 1 cannot call it
    log.issue(kMon, 8, 20, 2, "chung_thuc");
    log.ticket(kMon, 8, 30, K::ticketCalled, 2, 1);         // idle 08:20–08:30
    log.ticket(kMon, 8, 40, K::ticketFinished, 2, 1);
    log.counter(kMon, 8, 44, K::counterOpened, 2, "nv04");  // nv04 serves chung_thuc only
    log.issue(kMon, 8, 45, 3, "ho_tich");
    log.counter(kMon, 8, 50, K::counterPaused, 1).reason = "break";
    log.counter(kMon, 9, 0, K::counterResumed, 1);
    log.ticket(kMon, 9, 5, K::ticketCalled, 3, 1);          // idle 08:45–08:50, 09:00–09:05
    log.ticket(kMon, 9, 10, K::ticketFinished, 3, 1);
    log.counter(kMon, 9, 20, K::counterClosed, 1);
    log.counter(kMon, 9, 20, K::counterClosed, 2);
    log.at(kMon, 23, 59, K::ticketExpired, 59).ticketId = 1;
    log.commit();
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    REQUIRE(r->counterTime.size() == 3);
    CHECK(r->counterTime[0].idleWhileWaitingSeconds == Approx(20 * 60));
    CHECK(r->counterTime[0].busySeconds == Approx(15 * 60)); // 08:30–08:40 and 09:05–09:10
    CHECK(r->counterTime[1].idleWhileWaitingSeconds == Approx(0));
    CHECK(r->counterTime[2].openSeconds == Approx(0));
    // The dat_dai ticket expired uncalled after far more than its 30 minutes: a miss.
    const Breakdown& dd = row(r->byField, "dat_dai");
    CHECK(dd.outcomes.expired == 1);
    CHECK(dd.missedTarget == 1);
    REQUIRE(dd.shareWithinTarget);
    CHECK(*dd.shareWithinTarget == Approx(0.0));
}

TEST_CASE("a transferred ticket waits once in each field") {
    ReportLog log;
    log.counter(kMon, 7, 30, K::counterOpened, 1, "nv01");
    log.counter(kMon, 7, 30, K::counterOpened, 2, "nv02");
    log.issue(kMon, 8, 0, 1, "ho_tich");
    log.ticket(kMon, 8, 5, K::ticketCalled, 1, 1);
    auto& tr = log.ticket(kMon, 8, 10, K::ticketTransferred, 1, 1);
    tr.toField = "chung_thuc";
    log.ticket(kMon, 8, 30, K::ticketCalled, 1, 2);
    log.ticket(kMon, 8, 40, K::ticketFinished, 1, 2);
    log.commit();
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    const Breakdown& ht = row(r->byField, "ho_tich");
    const Breakdown& ct = row(r->byField, "chung_thuc");
    CHECK(ht.outcomes.issued == 1);
    CHECK(ht.outcomes.transferred == 1);
    CHECK(ht.outcomes.served == 0);
    CHECK(ht.wait.mean == Approx(5 * 60));
    CHECK(ct.outcomes.issued == 0);
    CHECK(ct.outcomes.served == 1);
    CHECK(ct.wait.mean == Approx(20 * 60)); // from the transfer, over its 10-minute target
    CHECK(ct.withinTarget == 0);
    CHECK(row(r->byCounter, "1").outcomes.transferred == 1);
    CHECK(row(r->byCounter, "2").outcomes.served == 1);
    CHECK(r->total.wait.count == 2);
    CHECK(r->load.arrivals.at("chung_thuc")[8] == 1); // Monday 08:00 hour
}

TEST_CASE("the estimate a ticket was issued with is held against its first wait") {
    ReportLog log;
    log.counter(kMon, 7, 30, K::counterOpened, 1, "nv01");
    log.counter(kMon, 7, 30, K::counterOpened, 2, "nv02");
    // Told 10 min, waited 15: 5 min longer, still within ±5.
    log.issue(kMon, 8, 0, 1, "ho_tich").estimateSeconds = 600;
    log.ticket(kMon, 8, 15, K::ticketCalled, 1, 1);
    log.ticket(kMon, 8, 20, K::ticketFinished, 1, 1);
    // Told 20 min, waited 2: 18 min shorter.
    log.issue(kMon, 8, 30, 2, "ho_tich").estimateSeconds = 1200;
    log.ticket(kMon, 8, 32, K::ticketCalled, 2, 1);
    // Told nothing (no counter was open to estimate from): not counted.
    log.issue(kMon, 8, 40, 3, "ho_tich");
    log.ticket(kMon, 9, 40, K::ticketCalled, 3, 1);
    // Told 0, waited 1 min, then transferred: its second wait is not the kiosk's estimate.
    log.issue(kMon, 9, 0, 4, "ho_tich").estimateSeconds = 0;
    log.ticket(kMon, 9, 1, K::ticketCalled, 4, 1);
    log.ticket(kMon, 9, 3, K::ticketTransferred, 4, 1).toField = "chung_thuc";
    log.ticket(kMon, 9, 50, K::ticketCalled, 4, 2);
    // Told 5 min, cancelled before a call: no wait to check it against.
    log.issue(kMon, 10, 0, 5, "ho_tich").estimateSeconds = 300;
    log.ticket(kMon, 10, 30, K::ticketCancelled, 5);
    log.commit();
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    const EstimateAccuracy& ht = row(r->byField, "ho_tich").estimate;
    CHECK(ht.count == 3);
    CHECK(ht.meanAbsError == Approx((5 + 18 + 1) * 60.0 / 3));
    CHECK(ht.bias == Approx((5 - 18 + 1) * 60.0 / 3)); // told too much, on the whole
    CHECK(ht.withinFiveMinutes == 2);
    REQUIRE(ht.shareWithinFiveMinutes);
    CHECK(*ht.shareWithinFiveMinutes == Approx(2.0 / 3));
    CHECK(row(r->byField, "chung_thuc").estimate.count == 0);
    CHECK_FALSE(row(r->byField, "chung_thuc").estimate.shareWithinFiveMinutes);
    CHECK(row(r->byCounter, "1").estimate.count == 3);
    CHECK(r->total.estimate.count == 3);
}

TEST_CASE("a bad range is refused") {
    ReportLog log;
    auto cfg = test::makeTestOffice();
    CHECK_FALSE(queryReport(log.path(), cfg, optionsFor("2026-11-30", "2026-11-01")).ok());
    CHECK_FALSE(queryReport(log.path(), cfg, optionsFor("2026-13-01", "2026-13-02")).ok());
    CHECK(daysIn({"2024-02-28", "2024-03-01"}) == 3);
}

TEST_CASE("a counter shared by two fields is a share of a counter in each, not a whole one in both") {
    // Counter 1 (nv01: Hộ tịch and Chứng thực) open 08:00–09:00: serves a Hộ
    // tịch citizen 08:00–08:30, is idle 08:30–08:40, paused 08:40–08:50, idle
    // to 09:00. Hộ tịch gets 30 min + half of 20 idle, Chứng thực the other
    // half; the pause goes to neither; together they are the counter's
    // working time, not twice it.
    ReportLog log;
    log.counter(kMon, 8, 0, K::counterOpened, 1, "nv01");
    log.issue(kMon, 8, 0, 1, "ho_tich");
    log.ticket(kMon, 8, 0, K::ticketCalled, 1, 1);
    log.ticket(kMon, 8, 30, K::ticketFinished, 1, 1);
    log.counter(kMon, 8, 40, K::counterPaused, 1).reason = "break";
    log.counter(kMon, 8, 50, K::counterResumed, 1);
    log.counter(kMon, 9, 0, K::counterClosed, 1);
    log.commit();
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    CHECK(r->load.counterSeconds.at("ho_tich")[8] == Approx((30 + 10) * 60));
    CHECK(r->load.counterSeconds.at("chung_thuc")[8] == Approx(10 * 60));
}

TEST_CASE("a counter's time over stretches that cross hours, other fields' waits and the end of the day") {
    // Counter 1 (nv01: Hộ tịch and Chứng thực) opens 08:30 and is never
    // closed; counter 2 (nv04: Chứng thực only) opens 09:00, never serves.
    // A Hộ tịch citizen waits 08:50–09:40 and is served to 10:10; a Chứng
    // thực one waits 09:20–10:30 and is served to 11:00. Nobody waits after.
    ReportLog log;
    log.counter(kMon, 8, 30, K::counterOpened, 1, "nv01");
    log.issue(kMon, 8, 50, 1, "ho_tich");
    log.counter(kMon, 9, 0, K::counterOpened, 2, "nv04");
    log.issue(kMon, 9, 20, 2, "chung_thuc");
    log.ticket(kMon, 9, 40, K::ticketCalled, 1, 1);
    log.ticket(kMon, 10, 10, K::ticketFinished, 1, 1);
    log.ticket(kMon, 10, 30, K::ticketCalled, 2, 1);
    log.ticket(kMon, 11, 0, K::ticketFinished, 2, 1);
    log.commit();
    auto counterOf = [](const Report& r, int number) {
        for (const auto& c : r.counterTime) {
            if (c.counter == number) {
                return c;
            }
        }
        FAIL("no counter " << number);
        return CounterTime{};
    };
    auto r = queryReport(log.path(), test::makeTestOffice(), optionsFor(kMon, kMon));
    REQUIRE(r.ok());
    CounterTime c1 = counterOf(*r, 1);
    CHECK(c1.openSeconds == Approx(15.5 * 3600)); // to local midnight
    CHECK(c1.busySeconds == Approx(60 * 60));
    CHECK(c1.idleWhileWaitingSeconds == Approx((50 + 20) * 60)); // 08:50–09:40, 10:10–10:30
    CounterTime c2 = counterOf(*r, 2);
    CHECK(c2.openSeconds == Approx(15 * 3600));
    CHECK(c2.busySeconds == Approx(0));
    CHECK(c2.idleWhileWaitingSeconds == Approx(70 * 60)); // 09:20–10:30
    // Counter 1's idle time halves between its two fields, its service goes
    // whole to the field served; counter 2's idle time is all Chứng thực's.
    const auto& hoTich = r->load.counterSeconds.at("ho_tich");
    const auto& chungThuc = r->load.counterSeconds.at("chung_thuc");
    CHECK(hoTich[8] == Approx(15 * 60));
    CHECK(hoTich[9] == Approx((20 + 20) * 60));  // idle 09:00–09:40 halved, serving 09:40–10:00
    CHECK(hoTich[10] == Approx((10 + 10) * 60)); // serving 10:00–10:10, idle 10:10–10:30 halved
    CHECK(hoTich[23] == Approx(30 * 60));
    CHECK(chungThuc[8] == Approx(15 * 60));
    CHECK(chungThuc[9] == Approx((20 + 60) * 60));
    CHECK(chungThuc[10] == Approx((10 + 30 + 60) * 60));
    CHECK(chungThuc[23] == Approx((30 + 60) * 60));
    // A report of today stops every stretch at `now`.
    auto opt = optionsFor(kMon, kMon);
    opt.now = test::localTime(kMon, 17, 0);
    auto today = queryReport(log.path(), test::makeTestOffice(), opt);
    REQUIRE(today.ok());
    CHECK(counterOf(*today, 1).openSeconds == Approx(8.5 * 3600));
    CHECK(today->load.counterSeconds.at("ho_tich")[17] == Approx(0));
    CHECK(today->load.counterSeconds.at("chung_thuc")[16] == Approx((30 + 60) * 60));
}
