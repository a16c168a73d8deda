// qmsd-replay what-if: a period's arrivals through the engine with another counter plan.
#include "engine_driver.hpp"
#include "replay_check.hpp"
#include "replay_test_office.hpp"
#include "synthetic_arrivals.hpp"

#include <cmath>
#include "what_if.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace qmsd;
using namespace qmsd::replay;
using qmsd::test::arrivalsOf;
using qmsd::test::kReplayMonday;
using qmsd::test::localTime;
using qmsd::test::makeTestOffice;

namespace {

// Three Đất đai tickets at 08:00:00 on Monday, ten minutes' service each, one
// counter (3, the only one serving dat_dai): waits 0, 10 and 20 minutes.
const std::string kThreeAtOnce =
    "issued_at,field,called_at,service_start,service_end,counter\n"
    "2026-11-23 08:00:00,dat_dai,2026-11-23 08:00:00,2026-11-23 08:00:00,2026-11-23 08:10:00,3\n"
    "2026-11-23 08:00:00,dat_dai,2026-11-23 08:10:00,2026-11-23 08:10:00,2026-11-23 08:20:00,3\n"
    "2026-11-23 08:00:00,dat_dai,2026-11-23 08:20:00,2026-11-23 08:20:00,2026-11-23 08:30:00,3\n";

PlanChange change(const std::string& spec, bool removal = false) {
    auto c = parsePlanChange(spec, removal, makeTestOffice());
    if (!c) {
        FAIL(c.error().message);
    }
    return *c;
}

WhatIfResult whatIf(const Arrivals& a, const OfficeConfig& cfg, const std::string& from,
                    const std::string& to, std::vector<PlanChange> changes) {
    auto r = whatIfFromArrivals(a, WhatIfInput{&cfg, {from, to}, std::move(changes)});
    if (!r) {
        FAIL(r.error().message);
    }
    return *r;
}

const FieldWhatIf& fieldOf(const WhatIfResult& r, const std::string& id) {
    for (const auto& f : r.fields) {
        if (f.field == id) {
            return f;
        }
    }
    FAIL("no row for " << id);
    return r.total;
}

void requireWaits(const ScenarioFigures& s, int called, double mean, double median, double p90) {
    CHECK(s.wait.count == called);
    CHECK(s.wait.mean == Approx(mean).margin(0.0005));
    CHECK(s.wait.median == Approx(median).margin(0.0005));
    CHECK(s.wait.p90 == Approx(p90).margin(0.0005));
}

SyntheticOffice twoFieldsFiveDays(const OfficeConfig& cfg) {
    SyntheticOffice o;
    o.days = {"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"};
    o.fields = {{"ho_tich", 7, 8}, {"chung_thuc", 6, 4}};
    o.counters = {*cfg.counter(1), *cfg.counter(2)};
    o.sessions = cfg.office.hours[0];
    o.seed = 20261123;
    o.cancel = 0.15; // as check_test.cpp: some leave before they are called
    o.patienceMinutes = 4;
    return o;
}

} // namespace

TEST_CASE("what-if: three at once, one counter → waits 0, 10, 20 min; one more counter → 0, 0, 10",
          "[replay]") {
    OfficeConfig cfg = makeTestOffice();
    Arrivals a = arrivalsOf(kThreeAtOnce, cfg);
    WhatIfResult r = whatIf(a, cfg, kReplayMonday, kReplayMonday, {change("dat_dai:mon:08-09:+1")});
    const FieldWhatIf& d = fieldOf(r, "dat_dai");
    CHECK(d.actual.tickets == 3);
    // {0, 600, 1200}: mean 600, median 600, p90 = sorted[ceil(2.7) − 1] = 1200.
    requireWaits(d.actual, 3, 600, 600, 1200);
    requireWaits(d.baseline, 3, 600, 600, 1200);
    // {0, 0, 600}: mean 200, median 0, p90 600 — with n = 3 these fix every wait.
    requireWaits(d.whatIf, 3, 200, 0, 600);
    CHECK(d.whatIf.tickets == 3);
    CHECK(*d.whatIf.shareWithinTarget == 1.0);

    nlohmann::json j = whatIfJson(r);
    CHECK(j["fields"][0]["field"] == "dat_dai");
    CHECK(j["fields"][0]["what_if"]["wait_seconds"]["mean"].get<double>() == Approx(200));
    CHECK(j["total"]["baseline"]["wait_seconds"]["p90"].get<double>() == Approx(1200));
    CHECK(j["changes"][0] == "dat_dai:mon:08-09:+1");
}

TEST_CASE("what-if: a plan on other days or another field changes nothing", "[replay]") {
    OfficeConfig cfg = makeTestOffice();
    Arrivals a = arrivalsOf(kThreeAtOnce, cfg);
    WhatIfResult r = whatIf(a, cfg, kReplayMonday, kReplayMonday,
                            {change("dat_dai:tue-sun:07-17:+3"), change("ho_tich:mon:07-17:+2")});
    requireWaits(fieldOf(r, "dat_dai").whatIf, 3, 600, 600, 1200);
    CHECK(r.notes ==
          std::vector<std::string>{"ho_tich:mon:07-17:+2: no 'ho_tich' tickets in the period"});
}

TEST_CASE("what-if: taking the only counter away leaves everyone uncalled", "[replay]") {
    OfficeConfig cfg = makeTestOffice();
    Arrivals a = arrivalsOf(kThreeAtOnce, cfg);
    WhatIfResult r =
        whatIf(a, cfg, kReplayMonday, kReplayMonday, {change("dat_dai:mon:07-12:1", true)});
    const FieldWhatIf& d = fieldOf(r, "dat_dai");
    CHECK(d.whatIf.tickets == 3);
    CHECK(d.whatIf.wait.count == 0);
    CHECK(*d.whatIf.shareWithinTarget == 0.0); // expired at midnight: over target
    CHECK(r.notes.empty());

    WhatIfResult twice =
        whatIf(a, cfg, kReplayMonday, kReplayMonday, {change("dat_dai:mon:07-12:-2")});
    REQUIRE(twice.notes.size() == 1);
    CHECK(twice.notes[0] ==
          "2026-11-23: dat_dai:mon:07-12:-2: only 1 counter(s) serving 'dat_dai' were open then");
}

TEST_CASE("what-if: one counter overloaded by one field; a second one cuts the waits", "[replay]") {
    OfficeConfig cfg = makeTestOffice();
    SyntheticOffice o;
    o.days = {"2026-11-23", "2026-11-30"}; // two Mondays
    o.fields = {{"ho_tich", 9, 9}};        // ~1.35 Erlang offered to one counter
    o.counters = {*cfg.counter(1)};
    o.sessions = {cfg.office.hours[0][0]}; // mornings
    o.seed = 7;
    Arrivals a = arrivalsOf(syntheticArrivalsCsv(o), cfg);
    WhatIfResult r =
        whatIf(a, cfg, "2026-11-23", "2026-11-30", {change("ho_tich:mon:07:30-11:30:+1")});
    const FieldWhatIf& h = fieldOf(r, "ho_tich");
    INFO("actual mean " << h.actual.wait.mean << " s, what-if mean " << h.whatIf.wait.mean << " s");
    CHECK(h.actual.wait.mean > 30 * 60); // the queue grows all morning
    CHECK(h.baseline.wait.mean == Approx(h.actual.wait.mean).margin(0.001));
    CHECK(h.whatIf.wait.mean < h.actual.wait.mean / 3);
    CHECK(h.whatIf.wait.p90 < h.actual.wait.p90 / 2);
    CHECK(h.whatIf.wait.count == h.actual.wait.count); // everyone still called
    CHECK(*h.whatIf.shareWithinTarget > *h.actual.shareWithinTarget);
}

TEST_CASE("what-if: the baseline of a generated CSV reproduces its waits", "[replay]") {
    // Tolerance: exact (≤ 1 ms, the report's rounding). The generator follows
    // the rules the simulation assumes — a free counter calls at once, FIFO by
    // issue time over its fields, lowest counter number first, no-shows held
    // 60 s, the same order for events at one instant — and its counters work
    // from their first call to their last ticket in each session, which is the
    // window the simulation gives them. So every simulated call should fall
    // on the CSV's second; any difference is a bug. Real data is not like
    // this (breaks, staff leaving a queue, recalls): there the baseline's gap
    // to the actual figures is the simulation's bias, shown beside the what-if.
    OfficeConfig cfg = makeTestOffice();
    Arrivals a = arrivalsOf(syntheticArrivalsCsv(twoFieldsFiveDays(cfg)), cfg);
    WhatIfResult r = whatIf(a, cfg, "2026-11-23", "2026-11-27", {});
    REQUIRE(r.fields.size() == 2);
    for (const auto& f : r.fields) {
        INFO(f.field);
        CHECK(f.baseline.tickets == f.actual.tickets);
        CHECK(f.baseline.wait.count == f.actual.wait.count);
        CHECK(f.baseline.wait.mean == Approx(f.actual.wait.mean).margin(0.001));
        CHECK(f.baseline.wait.median == Approx(f.actual.wait.median).margin(0.001));
        CHECK(f.baseline.wait.p90 == Approx(f.actual.wait.p90).margin(0.001));
        CHECK(*f.baseline.shareWithinTarget == Approx(*f.actual.shareWithinTarget));
        CHECK(f.whatIf.wait.mean ==
              Approx(f.baseline.wait.mean).margin(0.001)); // no change, same run
    }
    CHECK(r.total.actual.tickets > 400);
}

TEST_CASE("what-if: a counter idle while people wait was away, and the baseline knows it", "[replay]") {
    // The counter took a 20-minute break at 08:10 with a citizen waiting; the
    // CSV does not name the break, but the waits show it: nobody was called
    // for 20 minutes while someone waited. The baseline keeps the counter
    // away for that time (it used to call at once: 10 min instead of 30).
    OfficeConfig cfg = makeTestOffice();
    Arrivals a =
        arrivalsOf("issued_at,field,called_at,service_start,service_end,counter\n"
                   "2026-11-23 08:00:00,dat_dai,2026-11-23 08:00:00,,2026-11-23 08:10:00,3\n"
                   "2026-11-23 08:00:00,dat_dai,2026-11-23 08:30:00,,2026-11-23 08:40:00,3\n",
                   cfg);
    WhatIfResult r = whatIf(a, cfg, kReplayMonday, kReplayMonday, {});
    const FieldWhatIf& d = fieldOf(r, "dat_dai");
    requireWaits(d.actual, 2, 900, 900, 1800);
    requireWaits(d.baseline, 2, 900, 900, 1800);
}

TEST_CASE("what-if: a month of a realistic office — the baseline within 25% of the real mean wait",
          "[replay]") {
    // Twenty working days of three fields on counters 1–3, with what real
    // offices do: a rush when each session opens, busier and quieter days, a
    // pause between one citizen and the next call, breaks taken while people
    // wait, a counter sometimes unstaffed for a session, priority tickets
    // under the 1-in-3 rule, and leavers.
    OfficeConfig cfg = makeTestOffice();
    cfg.office.priorityRule = PriorityRule::everyN;
    cfg.office.priorityEvery = 3;
    cfg.fields[1].dailyQuota.reset();
    cfg.fields[1].cutoffMinutes.reset();
    SyntheticOffice o;
    for (int d = 23; d <= 30; ++d) {
        o.days.push_back("2026-11-" + std::to_string(d));
    }
    for (int d = 1; d <= 12; ++d) {
        o.days.push_back("2026-12-" + std::string(d < 10 ? "0" : "") + std::to_string(d));
    }
    o.fields = {{"ho_tich", 7, 8}, {"chung_thuc", 6, 4}, {"dat_dai", 2.2, 20}};
    o.counters = {*cfg.counter(1), *cfg.counter(2), *cfg.counter(3)};
    o.sessions = cfg.office.hours[0];
    o.seed = 20261123;
    o.cancel = 0.05;
    o.patienceMinutes = 25;
    o.real = SyntheticRealism{true, 0.2, 75, 0.5, 10, 25, 0.05, 0.1, "elderly", PriorityRule::everyN, 3};
    Arrivals a = arrivalsOf(syntheticArrivalsCsv(o), cfg);
    WhatIfResult r = whatIf(a, cfg, o.days.front(), o.days.back(), {});
    CHECK(r.total.actual.tickets > 2000);
    double actual = r.total.actual.wait.mean;
    double baseline = r.total.baseline.wait.mean;
    INFO("actual mean wait " << actual << " s, baseline " << baseline << " s");
    CHECK(actual > 5 * 60); // queues that matter
    CHECK(std::abs(baseline - actual) <= 0.25 * actual);
    for (const auto& f : r.fields) {
        INFO(f.field << ": actual " << f.actual.wait.mean << " s, baseline " << f.baseline.wait.mean << " s");
        CHECK(std::abs(f.baseline.wait.mean - f.actual.wait.mean) <= 0.25 * f.actual.wait.mean);
        CHECK(f.baseline.tickets == f.actual.tickets);
    }
}

TEST_CASE("what-if: a plan whose services would run past midnight replays the day whole", "[replay]") {
    // Counter 3 open until 23:59 serves four Đất đai citizens from 22:30, 20
    // minutes each. Take it away until 23:30 and the last service would end
    // at 00:10: it ends with the day instead, and the what-if still answers
    // (it used to stop with exit 2 on such a day).
    OfficeConfig cfg = makeTestOffice();
    cfg.office.hours[0] = {Session{7 * 60 + 30, 23 * 60 + 59}};
    cfg.fields[1].dailyQuota.reset();
    Arrivals a =
        arrivalsOf("issued_at,field,called_at,service_start,service_end,counter\n"
                   "2026-11-23 22:30:00,dat_dai,2026-11-23 22:30:00,,2026-11-23 22:50:00,3\n"
                   "2026-11-23 22:30:00,dat_dai,2026-11-23 22:50:00,,2026-11-23 23:10:00,3\n"
                   "2026-11-23 22:30:00,dat_dai,2026-11-23 23:10:00,,2026-11-23 23:30:00,3\n"
                   "2026-11-23 22:30:00,dat_dai,2026-11-23 23:30:00,,2026-11-23 23:50:00,3\n"
                   "2026-11-24 08:00:00,dat_dai,2026-11-24 08:00:00,,2026-11-24 08:20:00,3\n",
                   cfg);
    auto c = parsePlanChange("dat_dai:mon:22-23:30:-1", false, cfg);
    REQUIRE(c.ok());
    WhatIfResult r = whatIf(a, cfg, "2026-11-23", "2026-11-24", {*c});
    const FieldWhatIf& d = fieldOf(r, "dat_dai");
    CHECK(d.actual.tickets == 5);
    CHECK(d.whatIf.tickets == 5);
    // From 23:30: called at 23:30, 23:50 (past the end of the day for the
    // second service), and nobody after midnight — the last two expire.
    CHECK(d.whatIf.wait.count == 3); // two on Monday night, Tuesday's one
}

TEST_CASE("what-if from a store: pauses and closes are when a counter cannot call", "[replay]") {
    // Counter 3 serves from 08:00, pauses 08:10–08:30, closes at 08:50. From
    // the event log the simulation knows the pause, so its baseline matches.
    OfficeConfig cfg = makeTestOffice();
    auto db = ReplayDb::make("");
    REQUIRE(db.ok());
    {
        auto d = EngineDriver::open(db->path(), std::make_shared<const OfficeConfig>(cfg),
                                    localTime(kReplayMonday, 8, 0));
        REQUIRE(d.ok());
        EngineDriver& e = **d;
        auto at = [](int h, int m) { return localTime(kReplayMonday, h, m); };
        std::vector<std::pair<Command, TimePoint>> script = {
            {OpenCounter{3, "nv03"}, at(8, 0)},
            {IssueTicket{"dat_dai"}, at(8, 0)},
            {IssueTicket{"dat_dai"}, at(8, 0)},
            {IssueTicket{"dat_dai"}, at(8, 0)},
            {CallNext{3}, at(8, 0)},
            {StartService{3}, at(8, 0)},
            {FinishService{3}, at(8, 10)},
            {Pause{3, "break"}, at(8, 10)},
            {Resume{3}, at(8, 30)},
            {CallNext{3}, at(8, 30)},
            {StartService{3}, at(8, 30)},
            {FinishService{3}, at(8, 40)},
            {CallNext{3}, at(8, 40)},
            {FinishService{3}, at(8, 50)},
            {CloseCounter{3}, at(8, 50)},
        };
        for (const auto& [cmd, when] : script) {
            auto ev = e.run(cmd, when);
            INFO(commandName(cmd));
            REQUIRE(ev.ok());
        }
        REQUIRE(e.closeLastDay().ok());
    }
    auto r = whatIfFromStore(
        db->path(),
        WhatIfInput{&cfg, {kReplayMonday, kReplayMonday}, {change("dat_dai:mon:08-09:+1")}});
    if (!r) {
        FAIL(r.error().message);
    }
    const FieldWhatIf& d = fieldOf(*r, "dat_dai");
    requireWaits(d.actual, 3, 1400, 1800, 2400); // 0, 30, 40 min
    requireWaits(d.baseline, 3, 1400, 1800, 2400);
    // With a second counter from 08:00: 0, 0, and 10 min (the first free
    // counter at 08:10 is the new one: counter 3 is on its break).
    requireWaits(d.whatIf, 3, 200, 0, 600);
}

TEST_CASE("what-if: plan changes parse", "[replay]") {
    PlanChange c = change("dat_dai:mon:07:30-11:30:+1");
    CHECK(c.field == "dat_dai");
    CHECK(c.weekdays == std::array<bool, 7>{true, false, false, false, false, false, false});
    CHECK(c.fromMinute == 7 * 60 + 30);
    CHECK(c.toMinute == 11 * 60 + 30);
    CHECK(c.delta == 1);
    PlanChange byName = change("Đất đai:mon-fri:13-17:+2");
    CHECK(byName.field == "dat_dai");
    CHECK(byName.weekdays == std::array<bool, 7>{true, true, true, true, true, false, false});
    CHECK(byName.delta == 2);
    PlanChange fewer = change("chung_thuc:sat-mon,wed:07h00-12:1", true);
    CHECK(fewer.weekdays == std::array<bool, 7>{true, false, true, false, false, true, true});
    CHECK(fewer.fromMinute == 7 * 60);
    CHECK(fewer.delta == -1);
    CHECK(change("ho_tich:sun:08-24:-3").delta == -3);

    OfficeConfig cfg = makeTestOffice();
    auto error = [&cfg](const std::string& spec, bool removal = false) {
        auto r = parsePlanChange(spec, removal, cfg);
        REQUIRE_FALSE(r.ok());
        return r.error().message;
    };
    CHECK_THAT(error("dia_chinh:mon:07-12:+1"),
               Catch::Contains("'dia_chinh' is no field id or name"));
    CHECK_THAT(error("dat_dai:monday:07-12:+1"), Catch::Contains("'monday' is not a weekday"));
    CHECK_THAT(error("dat_dai:mon:12-07:+1"), Catch::Contains("the hours end before they start"));
    CHECK_THAT(error("dat_dai:mon:07-25:+1"), Catch::Contains("not a time of day"));
    CHECK_THAT(error("dat_dai:mon:07-12:+x"), Catch::Contains("not a number of counters"));
    CHECK_THAT(error("dat_dai:mon:07-12:+1", true), Catch::Contains("--remove takes a count"));
    CHECK_THAT(error("dat_dai:mon"), Catch::Contains("too few parts"));
    CHECK_THAT(error("dat_dai:mon:07:30-11:30"), Catch::Contains("the count needs its sign"));
}
