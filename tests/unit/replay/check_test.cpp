// qmsd-replay check: CSV → engine → store → report, against the CSV's own figures.
#include "check_compare.hpp"
#include "engine_driver.hpp"
#include "replay_check.hpp"
#include "replay_test_office.hpp"
#include "synthetic_arrivals.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>

using namespace qmsd;
using namespace qmsd::replay;
using qmsd::test::arrivalsErrorOf;
using qmsd::test::arrivalsOf;
using qmsd::test::makeTestOffice;

namespace {

// Six tickets on Monday 2026-11-23 whose figures are worked out by hand below.
// BOM, CRLF, a quoted Vietnamese field name: what a spreadsheet export looks like.
const std::string kSixRows =
    "\xEF\xBB\xBF"
    "issued_at,field,called_at,service_start,service_end,counter,outcome\r\n"
    "2026-11-23 08:00:00,ho_tich,2026-11-23 08:02:00,2026-11-23 08:02:30,2026-11-23 "
    "08:10:00,1,served\r\n"
    "2026-11-23 08:01:00,\"Hộ tịch\",2026-11-23 08:10:00,2026-11-23 08:10:00,2026-11-23 "
    "08:15:00,1,\r\n"
    "2026-11-23T08:03:00,chung_thuc,2026-11-23T08:05:00,,2026-11-23T08:09:00,2,served\r\n"
    "2026-11-23 08:04:00,chung_thuc,2026-11-23 08:09:30,,2026-11-23 08:11:00,2,no_show\r\n"
    "2026-11-23 08:06:00,ho_tich,,,2026-11-23 08:30:00,,cancelled\r\n"
    "2026-11-23 08:07:00,chung_thuc,2026-11-23 08:25:00,2026-11-23 08:25:10,2026-11-23 "
    "08:31:10,2,served\r\n";

struct Replayed {
    Arrivals arrivals;
    CheckReplay replay;
};

Replayed replayCsv(const std::string& csv, const OfficeConfig& cfg = makeTestOffice()) {
    Arrivals a = arrivalsOf(csv, cfg);
    auto db = ReplayDb::make("");
    REQUIRE(db.ok());
    auto r = replayArrivals(a, cfg, db->path());
    if (!r) {
        FAIL("replay failed: " << r.error().message);
    }
    return Replayed{a, *r};
}

// Why replaying `csv` is refused ("" when it is not).
std::string refusalOf(const std::string& csv, const OfficeConfig& cfg) {
    auto db = ReplayDb::make("");
    REQUIRE(db.ok());
    auto r = replayArrivals(arrivalsOf(csv, cfg), cfg, db->path());
    return r ? std::string() : r.error().message;
}

const reports::Breakdown& fieldRow(const reports::Report& r, const std::string& id) {
    for (const auto& b : r.byField) {
        if (b.key == id) {
            return b;
        }
    }
    FAIL("no report row for " << id);
    return r.total;
}

void requireStats(const reports::DurationStats& s, int count, double mean, double median,
                  double p90) {
    CHECK(s.count == count);
    CHECK(s.mean == Approx(mean).margin(0.0005));
    CHECK(s.median == Approx(median).margin(0.0005));
    CHECK(s.p90 == Approx(p90).margin(0.0005));
}

} // namespace

TEST_CASE("check: six hand-computed tickets — the report and the CSV agree with the hand figures",
          "[replay]") {
    auto [arrivals, r] = replayCsv(kSixRows);
    CHECK(r.tickets == 6);
    CHECK(r.range.from == "2026-11-23");
    CHECK(r.range.to == "2026-11-23");

    // Hộ tịch: waits 120 s and 540 s (issue → call); the cancelled ticket left
    // after 24 min (> the 15 min target: a miss, not a wait). Services 450 s
    // (start → end) and 300 s.
    const auto& hoTich = fieldRow(r.report, "ho_tich");
    CHECK(hoTich.outcomes.issued == 3);
    CHECK(hoTich.outcomes.served == 2);
    CHECK(hoTich.outcomes.cancelled == 1);
    requireStats(hoTich.wait, 2, 330, 330, 540);
    requireStats(hoTich.service, 2, 375, 375, 450);
    CHECK(hoTich.withinTarget == 2);
    CHECK(hoTich.missedTarget == 1);

    // Chứng thực: waits 120, 330 (the no-show was called: a wait) and 1080 s
    // (18 min > the 10 min target). Services 240 s (no start: from the call)
    // and 360 s. p90 of three = sorted[ceil(2.7) − 1] = the largest.
    const auto& chungThuc = fieldRow(r.report, "chung_thuc");
    CHECK(chungThuc.outcomes.issued == 3);
    CHECK(chungThuc.outcomes.served == 2);
    CHECK(chungThuc.outcomes.noShow == 1);
    requireStats(chungThuc.wait, 3, 510, 330, 1080);
    requireStats(chungThuc.service, 2, 300, 300, 360);
    CHECK(chungThuc.withinTarget == 2);
    CHECK(chungThuc.missedTarget == 1);

    // All: waits 120 120 330 540 1080; services 240 300 360 450.
    requireStats(r.report.total.wait, 5, 438, 330, 1080);
    requireStats(r.report.total.service, 4, 337.5, 330, 450);

    CsvFigures csv = figuresOf(arrivals.rows, *r.config);
    requireStats(csv.total.wait, 5, 438, 330, 1080);
    requireStats(csv.total.service, 4, 337.5, 330, 450);
    CheckResult check = compareFigures(csv, r.report, *r.config);
    CHECK(check.equal());
    REQUIRE(check.rows.size() == 3); // two fields and the total
}

TEST_CASE("check: a one-second disagreement is a DIFF, named figure by figure", "[replay]") {
    auto [arrivals, r] = replayCsv(kSixRows);
    // The report of the real rows against the figures of rows where one call
    // came a second later: the wait figures must differ, nothing else.
    Arrivals shifted = arrivals;
    *shifted.rows[0].calledAt += std::chrono::seconds{1};
    CheckResult check = compareFigures(figuresOf(shifted.rows, *r.config), r.report, *r.config);
    REQUIRE_FALSE(check.equal());
    const FieldCheck& hoTich = check.rows.front();
    REQUIRE(hoTich.field == "ho_tich");
    REQUIRE(hoTich.diffs.size() == 2);
    CHECK(hoTich.diffs[0].what == "wait mean");
    CHECK(hoTich.diffs[0].csv == "5:30.500");
    CHECK(hoTich.diffs[0].report == "5:30.000");
    CHECK(hoTich.diffs[1].what == "wait median");
    CHECK(check.rows[1].diffs.empty()); // chung_thuc untouched
}

TEST_CASE("check: a row whose call comes before its issue is rejected with its line and column",
          "[replay]") {
    std::string csv = "issued_at,field,called_at,service_start,service_end,counter\n"
                      "2026-11-23 08:00:00,ho_tich,2026-11-23 08:02:00,,2026-11-23 08:10:00,1\n"
                      "2026-11-23 08:05:00,ho_tich,2026-11-23 08:12:00,,2026-11-23 08:20:00,1\n"
                      "2026-11-23 08:09:00,ho_tich,2026-11-23 08:08:59,,2026-11-23 08:30:00,1\n";
    CHECK(arrivalsErrorOf(csv) == "arrivals.csv:4: column 'called_at': before issued_at");
}

TEST_CASE("check: malformed cells name the file, line and column", "[replay]") {
    std::string head = "issued_at,field,called_at,service_start,service_end,counter,outcome\n";
    CHECK(arrivalsErrorOf(head + "2026-11-23 08:00,dia_chinh,,,,,cancelled\n") ==
          "arrivals.csv:2: column 'field': 'dia_chinh' is no field id or name of test-office");
    CHECK_THAT(arrivalsErrorOf(head + "2026-11-31 08:00,ho_tich,,,,,cancelled\n"),
               Catch::StartsWith(
                   "arrivals.csv:2: column 'issued_at': '2026-11-31 08:00' is not a local time"));
    CHECK(arrivalsErrorOf(head + "2026-11-23 08:00,ho_tich,2026-11-23 08:01,,,1,served\n") ==
          "arrivals.csv:2: column 'service_end': empty (needed for a served ticket)");
    CHECK(arrivalsErrorOf(
              head + "2026-11-23 08:00,ho_tich,2026-11-24 08:01,,2026-11-24 08:05,1,served\n") ==
          "arrivals.csv:2: column 'called_at': 2026-11-24 08:01 is not on 2026-11-23, the day the "
          "ticket was issued");
    CHECK(arrivalsErrorOf(head + "2026-11-23 08:00,ho_tich,,,,,gone\n") ==
          "arrivals.csv:2: column 'outcome': 'gone' is none of served, no_show, cancelled");
    CHECK(arrivalsErrorOf(head + "\"2026-11-23 08:00,ho_tich,,,,,cancelled\n") ==
          "arrivals.csv:2: a quoted cell is never closed");
    CHECK(arrivalsErrorOf("issued_at,field,called_at,service_start,service_end\n") ==
          "arrivals.csv:1: no column 'counter'");
}

TEST_CASE("check: a row the engine refuses is bad input, with the engine's reason", "[replay]") {
    OfficeConfig cfg = makeTestOffice();
    CHECK(refusalOf("issued_at,field,called_at,service_start,service_end,counter\n"
                    "2026-11-23 08:00:00,ho_tich,2026-11-23 08:01:00,,2026-11-23 08:05:00,1\n"
                    "2026-11-23 08:02:00,ho_tich,2026-11-23 08:06:00,,2026-11-23 08:09:00,3\n",
                    cfg) == "arrivals.csv:3: call at counter 3: the engine refused: counter 3 "
                           "does not serve 'ho_tich'");
    CHECK(refusalOf("issued_at,field,called_at,service_start,service_end,counter\n"
                    "2026-11-23 06:10:00,ho_tich,2026-11-23 07:31:00,,2026-11-23 07:35:00,1\n",
                    cfg) == "arrivals.csv:2: issue: the engine refused: issuing opens at 07:00");
    CHECK(refusalOf("issued_at,field,called_at,service_start,service_end,counter\n"
                    "2026-11-23 08:00:00,ho_tich,2026-11-23 08:01:00,,2026-11-23 08:09:00,1\n"
                    "2026-11-23 08:02:00,ho_tich,2026-11-23 08:05:00,,2026-11-23 08:12:00,1\n",
                    cfg) == "arrivals.csv:3: call at counter 1: the engine refused: "
                           "counter 1 already has an active ticket");
}

TEST_CASE("check: five generated days of two fields replay to the same figures", "[replay]") {
    SyntheticOffice office;
    office.days = {"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"};
    office.fields = {{"ho_tich", 7, 8}, {"chung_thuc", 6, 4}};
    OfficeConfig cfg = makeTestOffice();
    office.counters = {*cfg.counter(1), *cfg.counter(2)};
    office.sessions = cfg.office.hours[0];
    office.seed = 20261123;
    office.cancel = 0.15; // leavers, so that cancelled tickets are compared too
    office.patienceMinutes = 4;
    auto [arrivals, r] = replayCsv(syntheticArrivalsCsv(office), cfg);
    CHECK(r.tickets > 400);
    CHECK(r.range.to == "2026-11-27");
    CheckResult check = compareFigures(figuresOf(arrivals.rows, *r.config), r.report, *r.config);
    for (const auto& row : check.rows) {
        for (const auto& d : row.diffs) {
            UNSCOPED_INFO(row.name << ": " << d.what << " csv " << d.csv << " report " << d.report);
        }
    }
    CHECK(check.equal());
    CHECK(r.report.total.outcomes.noShow > 0);
    CHECK(r.report.total.outcomes.cancelled > 0);
    CHECK(r.report.daysWithActivity == 5);
}

TEST_CASE("check: a row with a staff member opens the counter for them, and changes hands",
          "[replay]") {
    // nv01 then nv02 at counter 1, while nv02's counter 2 (idle, with a
    // ticket still to come) is left; nv02 goes back to counter 2 later. The
    // replay moves people between counters as the rows say.
    std::string csv =
        "issued_at,field,called_at,service_start,service_end,counter,staff\n"
        "2026-11-23 08:00:00,ho_tich,2026-11-23 08:01:00,,2026-11-23 08:05:00,1,nv01\n"
        "2026-11-23 08:00:30,chung_thuc,2026-11-23 08:01:00,,2026-11-23 08:04:00,2,nv02\n"
        "2026-11-23 08:02:00,ho_tich,2026-11-23 08:06:00,,2026-11-23 08:09:00,1,nv02\n"
        "2026-11-23 08:03:00,chung_thuc,2026-11-23 08:20:00,,2026-11-23 08:25:00,2,nv02\n";
    auto [arrivals, r] = replayCsv(csv);
    CHECK(compareFigures(figuresOf(arrivals.rows, *r.config), r.report, *r.config).equal());
    std::vector<std::string> staff;
    for (const auto& b : r.report.byStaff) {
        if (b.outcomes.served > 0) {
            staff.push_back(b.key + "=" + std::to_string(b.outcomes.served));
        }
    }
    CHECK(staff == std::vector<std::string>{"nv01=1", "nv02=3"});
}

TEST_CASE("check: minute-resolution times — a zero-length service and the counter's next call in the same minute",
          "[replay]") {
    // Counter 3 serves 1001 in no time at 08:05 and calls 1002 in that same
    // minute; 1003's call is listed first in the file but at the same instant
    // as 1002's, at counter 3 too — its service ends later, so it comes after.
    const std::string csv =
        "issued_at,field,called_at,service_start,service_end,counter\n"
        "2026-11-23 08:00,dat_dai,2026-11-23 08:05,2026-11-23 08:05,2026-11-23 08:05,3\n"
        "2026-11-23 08:01,dat_dai,2026-11-23 08:05,2026-11-23 08:05,2026-11-23 08:09,3\n"
        "2026-11-23 08:02,dat_dai,2026-11-23 08:09,2026-11-23 08:09,2026-11-23 08:09,3\n"
        "2026-11-23 08:03,dat_dai,2026-11-23 08:09,,2026-11-23 08:12,3\n";
    Replayed r = replayCsv(csv);
    const auto& row = fieldRow(r.replay.report, "dat_dai");
    CHECK(row.outcomes.served == 4);
    requireStats(row.wait, 4, (5 + 4 + 7 + 6) * 60 / 4.0, (5 + 6) * 60 / 2.0, 7 * 60);
}

TEST_CASE("check: each ticket is told the wait the daemon would have told it, and the report holds it to the wait",
          "[replay]") {
    // Counter 3 opens with its session at 07:30. Three Đất đai tickets at
    // 08:00, ten minutes each: the daemon's estimator (no history yet, so the
    // default ten minutes a service, less the 3% of calls it expects to be
    // no-shows) tells them 0, about 10 and about 20 minutes — the waits they
    // then had, within half a minute.
    const std::string csv =
        "issued_at,field,called_at,service_start,service_end,counter\n"
        "2026-11-23 08:00:00,dat_dai,2026-11-23 08:00:00,2026-11-23 08:00:00,2026-11-23 08:10:00,3\n"
        "2026-11-23 08:00:00,dat_dai,2026-11-23 08:10:00,2026-11-23 08:10:00,2026-11-23 08:20:00,3\n"
        "2026-11-23 08:00:00,dat_dai,2026-11-23 08:20:00,2026-11-23 08:20:00,2026-11-23 08:30:00,3\n";
    Replayed r = replayCsv(csv);
    const auto& est = fieldRow(r.replay.report, "dat_dai").estimate;
    CHECK(est.count == 3);
    CHECK(est.meanAbsError < 30);
    CHECK(std::abs(est.bias) < 30);
}
