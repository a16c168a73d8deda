// What an office sends the centre: the config snapshot comes back as the
// same config for the reports (same fingerprint, targets and names), and a
// day's per-field sums are the office's own report for that day.
#include "report_log.hpp"
#include "reports/report_query.hpp"
#include "upstream/wire.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::reports;
using qmsd::test::ReportLog;
using K = EventKind;

namespace {

// Two past days (closed whatever the clock says): waits on both sides of the
// targets, a transfer, no-shows, a cancellation, ratings, a pause, an expiry.
void twoDays(ReportLog& log) {
    TicketId id = 1;
    for (std::string day : {"2025-04-07", "2025-04-08"}) {
        log.counter(day, 7, 30, K::counterOpened, 1, "nv01");
        log.counter(day, 7, 30, K::counterOpened, 3, "nv03");
        log.counter(day, 9, 0, K::counterPaused, 1).reason = "break";
        log.counter(day, 9, 12, K::counterResumed, 1);
        for (int i = 0; i < 12; ++i) {
            int m = 8 * 60 + i * 11;
            std::string field = i % 3 == 0 ? "dat_dai" : "ho_tich";
            int counter = field == "dat_dai" ? 3 : 1;
            log.issue(day, m / 60, m % 60, id, field).estimateSeconds = 600;
            int call = m + (i * 7) % 40;
            if (i == 4) {
                log.ticket(day, call / 60, call % 60, K::ticketCancelled, id);
            } else if (i == 5) {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, counter).staff = "nv01";
                log.ticket(day, (call + 2) / 60, (call + 2) % 60, K::ticketNoShow, id, counter);
            } else if (i == 6) {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, 1).staff = "nv01";
                log.ticket(day, (call + 1) / 60, (call + 1) % 60, K::ticketTransferred, id, 1).toField = "chung_thuc";
                log.ticket(day, (call + 20) / 60, (call + 20) % 60, K::ticketCalled, id, 1).staff = "nv01";
                log.ticket(day, (call + 25) / 60, (call + 25) % 60, K::ticketFinished, id, 1);
            } else if (i == 7) {
                log.at(day, 23, 59, K::ticketExpired, 59).ticketId = id;
            } else {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, counter).staff = counter == 3 ? "nv03" : "nv01";
                log.ticket(day, (call + 1) / 60, (call + 1) % 60, K::ticketStarted, id, counter);
                log.ticket(day, (call + 9) / 60, (call + 9) % 60, K::ticketFinished, id, counter);
                log.ticket(day, (call + 9) / 60, (call + 9) % 60, K::ticketRated, id, counter).number = 1 + i % 5;
            }
            ++id;
        }
        log.counter(day, 17, 0, K::counterClosed, 1);
        log.counter(day, 17, 0, K::counterClosed, 3);
    }
    log.commit();
}

} // namespace

TEST_CASE("a config snapshot comes back as the same config for the reports") {
    OfficeConfig cfg = test::makeTestOffice();
    cfg.fields[0].targetWaitMinutes = 7;
    upstream::Json snap = upstream::configSnapshot(cfg);
    auto back = upstream::configFromSnapshot(upstream::Json::parse(snap.dump()));
    REQUIRE(back.ok());
    CHECK(configHash(*back) == configHash(cfg));
    CHECK(back->office.timeZone == cfg.office.timeZone);
    REQUIRE(back->fields.size() == cfg.fields.size());
    for (std::size_t i = 0; i < cfg.fields.size(); ++i) {
        CHECK(back->fields[i].id == cfg.fields[i].id);
        CHECK(back->fields[i].name == cfg.fields[i].name);
        CHECK(back->fields[i].targetWaitMinutes == cfg.fields[i].targetWaitMinutes);
        CHECK(back->fields[i].serviceLevelTarget == cfg.fields[i].serviceLevelTarget);
    }
    REQUIRE(back->staff.size() == cfg.staff.size());
    CHECK(back->staff[0].name == cfg.staff[0].name);
    CHECK(back->staff[0].pinHash.empty());
    CHECK(snap.dump().find("argon2") == std::string::npos);

    // The hash is the snapshot's: stable, and moved by a renamed staff member.
    std::string h = upstream::snapshotHash(snap);
    CHECK(h.size() == 32);
    CHECK(upstream::snapshotHash(upstream::configSnapshot(cfg)) == h);
    cfg.staff[0].name = "Nguyễn Văn Đổi";
    CHECK(upstream::snapshotHash(upstream::configSnapshot(cfg)) != h);

    auto bad = upstream::configFromSnapshot(upstream::Json::parse(R"({"fields":[{"id":1}]})"));
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("id has the wrong type"));
}

TEST_CASE("a day's per-field sums are the office's own report for that day") {
    ReportLog log;
    twoDays(log);
    OfficeConfig cfg = test::makeTestOffice();
    for (std::string day : {"2025-04-07", "2025-04-08"}) {
        auto digest = replayDayDigest(log.store->database(), cfg, day, std::nullopt);
        REQUIRE(digest.ok());
        CHECK(digest->active);
        auto sums = upstream::fieldDaySums(*digest, cfg);
        ReportOptions o;
        o.range = {day, day};
        o.targets = targetsFromConfig(cfg);
        o.useDigestCache = false;
        auto report = queryReport(log.store->database(), cfg, o);
        REQUIRE(report.ok());
        int checked = 0;
        for (const auto& b : report->byField) {
            auto s = std::find_if(sums.begin(), sums.end(), [&b](const auto& x) { return x.field == b.key; });
            if (s == sums.end()) {
                CHECK(b.outcomes.issued + b.wait.count + b.missedTarget == 0);
                continue;
            }
            INFO(day << " " << b.key);
            CHECK(s->outcomes.issued == b.outcomes.issued);
            CHECK(s->outcomes.served == b.outcomes.served);
            CHECK(s->outcomes.noShow == b.outcomes.noShow);
            CHECK(s->outcomes.cancelled == b.outcomes.cancelled);
            CHECK(s->outcomes.expired == b.outcomes.expired);
            CHECK(s->outcomes.transferred == b.outcomes.transferred);
            CHECK(s->waits == b.wait.count);
            CHECK(s->withinTarget == b.withinTarget);
            CHECK(s->missedTarget == b.missedTarget);
            CHECK(s->services == b.service.count);
            CHECK(s->ratings == b.ratings.count);
            if (s->waits > 0) {
                CHECK(static_cast<double>(s->waitMsSum) / s->waits / 1000.0 == Approx(b.wait.mean).epsilon(1e-12));
            }
            ++checked;
        }
        CHECK(checked >= 3); // ho_tich, dat_dai, and chung_thuc after the transfer
        // With the digest blob for a closed day, and the config's fingerprint.
        auto payload = upstream::dayPayload(*digest, cfg, true);
        CHECK(payload["last_seq"] == digest->lastSeq);
        CHECK(payload["config_hash"] == configHash(cfg));
        CHECK(payload["digest"].get<std::string>().size() > 100);
        CHECK(upstream::dayPayload(*digest, cfg, false)["digest"].is_null());
    }
}
