// The city's merge over offices: each office's row is that office's own
// report total to the last figure (median and p90 included), the city's
// total is the sum of the offices', and each wait is judged against its own
// office's target for the field.
#include "city/city_reports.hpp"
#include "report_log.hpp"
#include "reports/report_query.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::reports;
using qmsd::test::ReportLog;
using K = EventKind;

namespace {

const char* const kDays[] = {"2025-05-05", "2025-05-06", "2025-05-07"};

// One office's days; `shift` varies waits so the two offices differ.
void office(ReportLog& log, int shift) {
    TicketId id = 1;
    for (std::string day : kDays) {
        log.counter(day, 7, 30, K::counterOpened, 1, "nv01");
        log.counter(day, 7, 30, K::counterOpened, 3, "nv03");
        for (int i = 0; i < 15; ++i) {
            int m = 8 * 60 + i * 9 + shift;
            std::string field = i % 4 == 0 ? "dat_dai" : "ho_tich";
            int counter = field == "dat_dai" ? 3 : 1;
            log.issue(day, m / 60, m % 60, id, field).estimateSeconds = 300 + 60 * i;
            int call = m + (i * 5 + shift) % 25;
            if (i % 7 == 3) {
                log.ticket(day, call / 60, call % 60, K::ticketCancelled, id);
            } else {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, counter).staff = counter == 3 ? "nv03" : "nv01";
                log.ticket(day, (call + 1) / 60, (call + 1) % 60, K::ticketStarted, id, counter);
                log.ticket(day, (call + 6) / 60, (call + 6) % 60, K::ticketFinished, id, counter);
                if (i % 2 == 0) {
                    log.ticket(day, (call + 6) / 60, (call + 6) % 60, K::ticketRated, id, counter).number = 3 + i % 3;
                }
            }
            ++id;
        }
        log.counter(day, 17, 0, K::counterClosed, 1);
        log.counter(day, 17, 0, K::counterClosed, 3);
    }
    log.commit();
}

std::vector<DayDigest> digests(ReportLog& log, const OfficeConfig& cfg) {
    std::vector<DayDigest> out;
    for (std::string day : kDays) {
        auto d = replayDayDigest(log.store->database(), cfg, day, std::nullopt);
        REQUIRE(d.ok());
        out.push_back(std::move(*d));
    }
    return out;
}

Report own(ReportLog& log, const OfficeConfig& cfg) {
    ReportOptions o;
    o.range = {kDays[0], kDays[2]};
    o.targets = targetsFromConfig(cfg);
    o.useDigestCache = false;
    auto r = queryReport(log.store->database(), cfg, o);
    REQUIRE(r.ok());
    return *r;
}

void sameFigures(const Breakdown& a, const Breakdown& b) {
    CHECK(a.outcomes.issued == b.outcomes.issued);
    CHECK(a.outcomes.served == b.outcomes.served);
    CHECK(a.outcomes.noShow == b.outcomes.noShow);
    CHECK(a.outcomes.cancelled == b.outcomes.cancelled);
    CHECK(a.outcomes.expired == b.outcomes.expired);
    CHECK(a.outcomes.transferred == b.outcomes.transferred);
    CHECK(a.outcomes.stillOpen == b.outcomes.stillOpen);
    CHECK(a.withinTarget == b.withinTarget);
    CHECK(a.missedTarget == b.missedTarget);
    CHECK(a.shareWithinTarget == b.shareWithinTarget);
    for (auto [x, y] : {std::pair{a.wait, b.wait}, {a.service, b.service}}) {
        CHECK(x.count == y.count);
        CHECK(x.mean == y.mean);
        CHECK(x.median == y.median);
        CHECK(x.p90 == y.p90);
    }
    CHECK(a.ratings.count == b.ratings.count);
    CHECK(a.ratings.levels == b.ratings.levels);
    CHECK(a.ratings.channels == b.ratings.channels);
    CHECK(a.ratings.questions == b.ratings.questions);
    CHECK(a.ratings.shareSatisfied == b.ratings.shareSatisfied);
    CHECK(a.ratings.responseRate == b.ratings.responseRate);
    CHECK(a.estimate.count == b.estimate.count);
    CHECK(a.estimate.meanAbsError == b.estimate.meanAbsError);
    CHECK(a.estimate.bias == b.estimate.bias);
}

} // namespace

TEST_CASE("the city's merge: offices' rows are their own reports, the total their sum") {
    ReportLog logA, logB;
    office(logA, 0);
    office(logB, 7);
    OfficeConfig cfgA = test::makeTestOffice();
    OfficeConfig cfgB = test::makeTestOffice();
    for (auto& f : cfgB.fields) {
        if (f.id == "ho_tich") {
            f.targetWaitMinutes = 5; // stricter at B
        }
    }
    city::CityMerge merge({kDays[0], kDays[2]});
    merge.beginOffice("a", "Phường A", cfgA);
    for (const auto& d : digests(logA, cfgA)) {
        merge.add(d);
    }
    merge.beginOffice("b", "Phường B", cfgB);
    for (const auto& d : digests(logB, cfgB)) {
        merge.add(d);
    }
    merge.beginOffice("c", "Phường C (chưa gửi gì)", OfficeConfig{});
    city::CityReport r = merge.finish();

    Report a = own(logA, cfgA);
    Report b = own(logB, cfgB);
    REQUIRE(r.byOffice.size() == 3);
    CHECK(r.byOffice[0].key == "a");
    SECTION("each office's row is its own report's total") {
        sameFigures(r.byOffice[0], a.total);
        sameFigures(r.byOffice[1], b.total);
        CHECK(r.byOffice[2].outcomes.issued == 0);
    }
    SECTION("the city's total is the sum") {
        CHECK(r.total.outcomes.issued == a.total.outcomes.issued + b.total.outcomes.issued);
        CHECK(r.total.outcomes.served == a.total.outcomes.served + b.total.outcomes.served);
        CHECK(r.total.outcomes.cancelled == a.total.outcomes.cancelled + b.total.outcomes.cancelled);
        CHECK(r.total.wait.count == a.total.wait.count + b.total.wait.count);
        CHECK(r.total.withinTarget == a.total.withinTarget + b.total.withinTarget);
        CHECK(r.total.missedTarget == a.total.missedTarget + b.total.missedTarget);
        CHECK(r.total.ratings.count == a.total.ratings.count + b.total.ratings.count);
        double sum = a.total.wait.mean * a.total.wait.count + b.total.wait.mean * b.total.wait.count;
        CHECK(r.total.wait.mean * r.total.wait.count == Approx(sum).epsilon(1e-12));
        CHECK(r.daysWithActivity == 3);
        REQUIRE(r.byDay.size() == 3);
        int issued = 0;
        for (const auto& d : r.byDay) {
            issued += d.outcomes.issued;
        }
        CHECK(issued == r.total.outcomes.issued);
    }
    SECTION("each wait is judged against its own office's target") {
        auto field = [](const std::vector<Breakdown>& rows, const std::string& id) {
            auto it = std::find_if(rows.begin(), rows.end(), [&id](const Breakdown& x) { return x.key == id; });
            REQUIRE(it != rows.end());
            return *it;
        };
        Breakdown cityHo = field(r.byField, "ho_tich");
        Breakdown aHo = field(a.byField, "ho_tich");
        Breakdown bHo = field(b.byField, "ho_tich");
        CHECK(bHo.missedTarget > 0); // B's 5 minutes bite
        CHECK(cityHo.withinTarget == aHo.withinTarget + bHo.withinTarget);
        CHECK(cityHo.missedTarget == aHo.missedTarget + bHo.missedTarget);
        CHECK(cityHo.name == "Hộ tịch");
    }
}
