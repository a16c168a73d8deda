// Staffing from history: arrival rates lagged by one mean service time, and
// counters from Erlang C checked against the formula written out here.
#include "reports/period_summary.hpp"
#include "reports/staffing_history.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace qmsd::reports;

namespace {

// Erlang C by the recursion of ANALYTICS.md, independent of erlang.cpp.
double serviceLevelByHand(int n, double a, double aht, double t) {
    double b = 1;
    for (int k = 1; k <= n; ++k) {
        b = a * b / (k + a * b);
    }
    double c = n * b / (n - a * (1 - b));
    return 1 - c * std::exp(-(n - a) * t / aht);
}

int countersByHand(double a, double aht, double t, double share) {
    int n = static_cast<int>(std::floor(a)) + 1;
    while (serviceLevelByHand(n, a, aht, t) < share) {
        ++n;
    }
    return n;
}

const StaffingHour* hourOf(const FieldStaffing& f, int weekday, int hour) {
    for (const auto& h : f.hours) {
        if (h.weekday == weekday && h.hour == hour) {
            return &h;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("staffing lags arrivals by one mean service time") {
    Report r;
    r.range = {"2026-11-16", "2026-11-29"};
    Breakdown f;
    f.key = "ho_tich";
    f.name = "Hộ tịch";
    r.byField.push_back(f);
    r.load.openDays[0] = 2; // two Mondays
    auto& arrivals = r.load.arrivals["ho_tich"];
    arrivals.fill(0);
    arrivals[8] = 60; // Monday 08:00–09:00: 30 an hour on each Monday
    auto& seconds = r.load.serviceSeconds["ho_tich"];
    auto& count = r.load.serviceCount["ho_tich"];
    auto& open = r.load.counterSeconds["ho_tich"];
    seconds.fill(0);
    count.fill(0);
    open.fill(0);
    seconds[8] = 20 * 600.0; // 20 services of 10 minutes
    count[8] = 20;
    open[8] = 2 * 5 * 3600.0; // five counters open the whole hour, both Mondays

    auto s = staffingFromReport(r, {{"ho_tich", {15, 0.8}}});
    REQUIRE(s.fields.size() == 1);
    const FieldStaffing& fs = s.fields[0];
    CHECK(fs.meanServiceMinutes == Approx(10));
    const StaffingHour* h8 = hourOf(fs, 0, 8);
    const StaffingHour* h9 = hourOf(fs, 0, 9);
    REQUIRE(h8 != nullptr);
    REQUIRE(h9 != nullptr); // no arrivals at 09:00, but the 08:50–09:00 ones are still served
    CHECK(h8->arrivalsPerHour == Approx(30));
    // [07:50, 08:50): 50 minutes at 0.5 a minute.
    CHECK(h8->laggedArrivalsPerHour == Approx(25));
    CHECK(h9->laggedArrivalsPerHour == Approx(5));
    CHECK(h8->countersOpen == Approx(5));
    CHECK(h8->loadErlangs == Approx(25.0 / 60 * 10));
    CHECK(h8->recommended == countersByHand(25.0 / 60 * 10, 10, 15, 0.8));
    CHECK(h9->recommended == countersByHand(5.0 / 60 * 10, 10, 15, 0.8));
    REQUIRE(h8->predictedShareWithOpen);
    CHECK(*h8->predictedShareWithOpen == Approx(serviceLevelByHand(5, 25.0 / 60 * 10, 10, 15)));
    CHECK(hourOf(fs, 0, 7) == nullptr);
}

TEST_CASE("the lag stays within the day: Monday's first hours owe nothing to Sunday night") {
    Report r;
    r.range = {"2026-11-16", "2026-11-29"};
    Breakdown f;
    f.key = "ho_tich";
    r.byField.push_back(f);
    r.load.openDays.fill(2);
    auto& arrivals = r.load.arrivals["ho_tich"];
    auto& seconds = r.load.serviceSeconds["ho_tich"];
    auto& count = r.load.serviceCount["ho_tich"];
    arrivals.fill(0);
    seconds.fill(0);
    count.fill(0);
    r.load.counterSeconds["ho_tich"].fill(0);
    arrivals[6 * 24 + 23] = 60;   // Sunday 23:00–24:00 (an office open late)
    seconds[6 * 24 + 23] = 60 * 1800.0; // 30-minute services
    count[6 * 24 + 23] = 60;
    auto s = staffingFromReport(r, {{"ho_tich", {15, 0.8}}});
    REQUIRE(s.fields.size() == 1);
    const StaffingHour* monday = hourOf(s.fields[0], 0, 0);
    CHECK((monday == nullptr || monday->laggedArrivalsPerHour == 0.0));
    const StaffingHour* sunday = hourOf(s.fields[0], 6, 23);
    REQUIRE(sunday != nullptr);
    CHECK(sunday->laggedArrivalsPerHour == Approx(15)); // [22:30, 23:30) of Sunday itself
}

TEST_CASE("weeks run Monday to Sunday, months by the calendar, against the same length before") {
    auto w = periodContaining(PeriodKind::week, "2026-11-25");
    REQUIRE(w.ok());
    CHECK(w->range.from == "2026-11-23");
    CHECK(w->range.to == "2026-11-29");
    CHECK(w->previous.from == "2026-11-16");
    CHECK(w->previous.to == "2026-11-22");
    auto m = periodContaining(PeriodKind::month, "2026-02-10");
    REQUIRE(m.ok());
    CHECK(m->range.from == "2026-02-01");
    CHECK(m->range.to == "2026-02-28");
    CHECK(m->previous.from == "2026-01-04"); // 28 days before
    CHECK(m->previous.to == "2026-01-31");
    CHECK_FALSE(periodContaining(PeriodKind::week, "2026-02-30").ok());
}

TEST_CASE("a period summary ranks fields and hours and compares with the previous period") {
    Report cur, prev;
    cur.total.outcomes.issued = 120;
    prev.total.outcomes.issued = 100;
    cur.total.wait = {100, 600, 500, 1200};
    prev.total.wait = {90, 480, 400, 900};
    auto field = [](std::string key, double share, double p90) {
        Breakdown b;
        b.key = std::move(key);
        b.shareWithinTarget = share;
        b.wait = {10, 0, 0, p90};
        return b;
    };
    cur.byField = {field("a", 0.9, 100), field("b", 0.5, 900), field("c", 0.9, 800), field("d", 0.95, 50)};
    Breakdown quiet;
    quiet.key = "e"; // nobody waited: not ranked
    cur.byField.push_back(quiet);
    HourCell busy{0, 8, {}}, calm{2, 14, {}}, few{4, 16, {}};
    busy.stats.wait = {40, 1500, 0, 0};
    calm.stats.wait = {30, 300, 0, 0};
    few.stats.wait = {2, 9000, 0, 0}; // too few waits to rank
    cur.byHour = {calm, few, busy};
    Period p;
    auto s = summarize(p, cur, prev);
    REQUIRE(s.worstFields.size() == 3);
    CHECK(s.worstFields[0].key == "b");
    CHECK(s.worstFields[1].key == "c"); // same share as a, higher p90
    CHECK(s.worstFields[2].key == "a");
    REQUIRE(s.worstHours.size() == 2);
    CHECK(s.worstHours[0].weekday == 0);
    CHECK(s.worstHours[0].hour == 8);
    const TrendRow& issued = s.trend[0];
    CHECK(issued.metric == "issued");
    CHECK(*issued.delta == Approx(20));
    CHECK(*issued.percent == Approx(20));
    const TrendRow& wait = s.trend[4];
    CHECK(wait.metric == "mean_wait_seconds");
    CHECK(*wait.percent == Approx(25));
    const TrendRow& rating = s.trend.back();
    CHECK_FALSE(rating.current); // no ratings: nothing to compare
    CHECK_FALSE(rating.percent);
}
