// The demo's simulated ward day: as many tickets as [demo] says, peaks after
// each opening, the configured field mix and service times, a few no-shows
// and transfers.
#include "app/demo_day.hpp"
#include "config/config_loader.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace qmsd;
using namespace qmsd::demo;

namespace {

OfficeConfig demoOffice() {
    auto cfg = loadConfigFile(std::string(QMSD_SOURCE_DIR) + "/config/demo-office.toml");
    REQUIRE(cfg.ok());
    return *cfg;
}

double perHour(const ArrivalProfile& p, int hour, int minute) { return 60 * p.perMinute(hour * 60 + minute); }

} // namespace

TEST_CASE("the demo office's day brings the tickets [demo] asks for, at a ward's weekly rate") {
    const OfficeConfig cfg = demoOffice();
    const WardDay day = wardDayFrom(cfg);
    REQUIRE(day.ticketsPerDay == 140);
    const ArrivalProfile profile(day);
    CHECK(profile.expectedPerDay() == Approx(140).epsilon(0.01));
    // Drawn minute by minute over many days, the mean comes out the same.
    std::mt19937 rng(11);
    double total = 0;
    const int days = 200;
    for (int d = 0; d < days; ++d) {
        for (std::size_t s = 0; s < day.sessions.size(); ++s) {
            total += std::poisson_distribution<int>(profile.doorCrowd(s))(rng);
            for (int m = day.sessions[s].openMinute; m < day.sessions[s].closeMinute; ++m) {
                total += std::poisson_distribution<int>(profile.perMinute(m + 0.5))(rng);
            }
        }
    }
    CHECK(total / days == Approx(140).epsilon(0.03));
}

TEST_CASE("arrivals peak in the first hour of each session and stop outside them") {
    const ArrivalProfile p(wardDayFrom(demoOffice()));
    const double morningPeak = perHour(p, 8, 15), lateMorning = perHour(p, 11, 0);
    const double afternoonPeak = perHour(p, 14, 10), lateAfternoon = perHour(p, 16, 30);
    INFO("08:15 " << morningPeak << "/h, 11:00 " << lateMorning << "/h, 14:10 " << afternoonPeak << "/h, 16:30 "
                  << lateAfternoon << "/h");
    CHECK(morningPeak > 2 * lateMorning);
    CHECK(afternoonPeak > 1.5 * lateAfternoon);
    CHECK(morningPeak > afternoonPeak);
    CHECK(perHour(p, 11, 20) < perHour(p, 11, 0)); // the last quarter hour is quiet
    CHECK(p.perMinute(12 * 60) == 0);               // lunch
    CHECK(p.perMinute(7 * 60) == 0);                // before opening (the door crowd comes at 07:30)
    CHECK(p.perMinute(18 * 60) == 0);
    CHECK(p.doorCrowd(0) > p.doorCrowd(1));
    CHECK(p.doorCrowd(0) >= 4);
}

TEST_CASE("citizens follow the field mix and service times, and a few do not come or are sent on") {
    const WardDay day = wardDayFrom(demoOffice());
    const CitizenDraw draw(day);
    std::mt19937 rng(5);
    const int n = 40000;
    std::map<std::string, int> byField;
    std::map<std::string, double> serviceSum;
    int absent = 0, slow = 0, transfer = 0, park = 0, priority = 0;
    for (int i = 0; i < n; ++i) {
        Citizen c = draw.citizen(rng);
        ++byField[c.field];
        serviceSum[c.field] += draw.serviceSeconds(rng, c.field);
        absent += c.absent;
        slow += !c.absent && c.walkSeconds > kRecallAfterSeconds;
        transfer += c.outcome == Citizen::Outcome::transfer;
        park += c.outcome == Citizen::Outcome::park;
        priority += !c.priority.empty();
        if (c.outcome == Citizen::Outcome::transfer) {
            CHECK(c.transferTo != c.field);
            CHECK(!c.transferTo.empty());
        }
    }
    for (const FieldMix& f : day.fields) {
        INFO(f.field);
        CHECK(byField[f.field] / double(n) == Approx(f.share).margin(0.01));
        CHECK(serviceSum[f.field] / byField[f.field] == Approx(f.serviceMinutes * 60).epsilon(0.05));
    }
    CHECK(absent / double(n) == Approx(0.04).margin(0.005));
    CHECK(slow / double(n) == Approx(0.04).margin(0.005));
    CHECK(transfer / double(n) == Approx(0.03).margin(0.005));
    CHECK(park / double(n) == Approx(0.02).margin(0.005));
    CHECK(priority / double(n) == Approx(0.07).margin(0.008));
}

TEST_CASE("an office without [demo] gets a day from its size") {
    OfficeConfig cfg = demoOffice();
    cfg.demo = DemoSettings{};
    const WardDay day = wardDayFrom(cfg);
    CHECK(day.ticketsPerDay == 15 * 6);
    REQUIRE(day.sessions.size() == 2);
    CHECK(day.sessions[0].openMinute == 7 * 60 + 30);
    for (const FieldMix& f : day.fields) {
        CHECK(f.share == Approx(1.0 / 7));
        CHECK(f.serviceMinutes == 8);
    }
}
