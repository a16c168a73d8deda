// The earlier weeks the live estimate leans on: read from a store through the
// report code, and what they change in the service model early in a day.
#include "analytics/field_window.hpp"
#include "analytics/service_model.hpp"
#include "clock/office_clock.hpp"
#include "report_log.hpp"
#include "reports/history_prior.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::ReportLog;
using K = EventKind;

namespace {

// Two earlier Mondays: 24 Đất đai citizens between 08:00 and 09:00, each
// served 20 minutes at counter 3 (the test office's default is 10).
void twoMondays(ReportLog& log) {
    TicketId id = 1;
    for (const std::string day : {"2026-11-09", "2026-11-16"}) {
        log.counter(day, 7, 30, K::counterOpened, 3, "nv03");
        for (int i = 0; i < 12; ++i) {
            log.issue(day, 8, i * 5, id, "dat_dai");
            log.ticket(day, 8, i * 5, K::ticketCalled, id, 3).staff = "nv03";
            log.ticket(day, 8, i * 5, K::ticketStarted, id, 3).staff = "nv03";
            int end = 8 * 60 + i * 5 + 20;
            log.ticket(day, end / 60, end % 60, K::ticketFinished, id, 3).staff = "nv03";
            ++id;
        }
        log.counter(day, 11, 30, K::counterClosed, 3);
    }
    log.commit();
}

} // namespace

TEST_CASE("the same weekday and hour of earlier weeks carry the estimate early in the day") {
    ReportLog log;
    twoMondays(log);
    OfficeConfig cfg = test::makeTestOffice();
    cfg.fields[1].dailyQuota.reset();
    auto prior = reports::readHistoryPrior(log.path(), cfg, "2026-11-23");
    REQUIRE(prior.ok());
    CHECK(prior->fromDay == "2026-09-28");
    CHECK(prior->toDay == "2026-11-22");
    REQUIRE(prior->fields.count("dat_dai") == 1);
    const FieldHistory& h = prior->fields.at("dat_dai");
    CHECK(h.servicesTotal == 24);
    CHECK(h.meanServiceMinutes == Approx(20));
    CHECK(h.services[8] == 24); // Monday 08:00
    CHECK(h.arrivalsPerHour[8] == Approx(12)); // 24 over the two Mondays with activity

    // Monday 2026-11-23 at 07:40: nothing today yet.
    auto clock = *OfficeClock::forZone("Asia/Ho_Chi_Minh");
    FieldWindow window;
    window.startDay("2026-11-23");
    TimePoint early = test::localTime("2026-11-23", 8, 10);
    ServiceModel withHistory = buildServiceModel(cfg, clock, window, *prior, early);
    ServiceModel without = buildServiceModel(cfg, clock, window, HistoryPrior{}, early);
    CHECK(withHistory.service("dat_dai").meanMinutes == Approx(20)); // the earlier Mondays, not the default
    CHECK_FALSE(withHistory.service("dat_dai").unsure);
    CHECK(without.service("dat_dai").meanMinutes == Approx(kDefaultServiceMinutes));
    CHECK(without.service("dat_dai").unsure); // and the figures say so
    // The arrival rate at 08:10 with no arrivals seen: the history's 12 an hour, not zero.
    FieldWindowStats today = window.stats("dat_dai", early, 30);
    FieldRate rate = blendedRate(today, *prior, "dat_dai", hourOfWeek(clock, early));
    CHECK(rate.perMinute * 60 == Approx(12));
    CHECK(rate.fromHistory);
}
