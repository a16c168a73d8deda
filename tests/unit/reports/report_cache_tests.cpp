// The per-day digest cache must never change a figure: the same reports with
// the cache off, empty, full, stale (older version, corrupt blob, a day that
// got a late event, another config) are compared number by number.
#include "report_log.hpp"
#include "reports/report_query.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace qmsd;
using namespace qmsd::reports;
using qmsd::test::ReportLog;
using K = EventKind;

namespace {

// Past days, so they are closed whatever the machine's clock says (after 2025).
const char* const kDays[] = {"2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07"};
const DayRange kRange{"2025-03-02", "2025-03-09"}; // a quiet day at each end

ReportOptions options(ServiceTargets targets = {{"ho_tich", {15, 0.8}}, {"chung_thuc", {10, 0.8}},
                                                {"dat_dai", {30, 0.8}}}) {
    ReportOptions o;
    o.range = kRange;
    o.targets = std::move(targets);
    return o;
}

// A deterministic, varied week: waits on both sides of the targets, services,
// ratings, no-shows (one reinstated), cancellations, transfers, an unknown
// field and staff id, pauses with and without an end, counters left open.
void busyWeek(ReportLog& log) {
    unsigned seed = 12345;
    auto next = [&seed](int n) {
        seed = seed * 1103515245u + 12345u;
        return static_cast<int>((seed >> 16) % static_cast<unsigned>(n));
    };
    TicketId id = 1;
    for (const char* dayText : kDays) {
        std::string day = dayText;
        log.counter(day, 7, 30, K::counterOpened, 1, "nv01");
        log.counter(day, 7, 31, K::counterOpened, 2, "nv02");
        log.counter(day, 7, 32, K::counterOpened, 3, "nv03");
        log.counter(day, 9, 0, K::counterPaused, 2).reason = "break";
        log.counter(day, 9, 10 + next(20), K::counterResumed, 2);
        log.counter(day, 11, 30, K::counterClosed, 3);
        log.counter(day, 16, 30, K::counterPaused, 1).reason = "meeting"; // never resumed
        const char* fields[] = {"ho_tich", "chung_thuc", "dat_dai", "cu_tru"};
        for (int i = 0; i < 30; ++i) {
            int m = 7 * 60 + 40 + i * 15 + next(10);
            std::string field = fields[next(10) == 0 ? 3 : next(3)];
            int counter = field == "dat_dai" ? 3 : (field == "chung_thuc" ? 2 : 1 + next(2));
            if (field == "dat_dai" && m > 10 * 60) {
                counter = 1;
            }
            std::string staff = counter == 3 ? "nv03" : (counter == 2 ? "nv02" : (next(8) == 0 ? "tam01" : "nv01"));
            Event& issued = log.issue(day, m / 60, m % 60, id, field);
            if (next(4) != 0) {
                issued.estimateSeconds = next(40 * 60); // what the kiosk said
            }
            int wait = next(40);
            int call = m + wait;
            int fate = next(12);
            if (fate == 0) {
                log.ticket(day, call / 60, call % 60, K::ticketCancelled, id);
            } else if (fate == 1) {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, counter).staff = staff;
                log.ticket(day, (call + 3) / 60, (call + 3) % 60, K::ticketNoShow, id, counter);
                if (next(2) == 0) {
                    int back = call + 10;
                    log.ticket(day, back / 60, back % 60, K::ticketReinstated, id, counter);
                    log.ticket(day, (back + 5) / 60, (back + 5) % 60, K::ticketCalled, id, counter).staff = staff;
                    log.ticket(day, (back + 9) / 60, (back + 9) % 60, K::ticketFinished, id, counter);
                }
            } else if (fate == 2) {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, counter).staff = staff;
                Event& t = log.ticket(day, (call + 2) / 60, (call + 2) % 60, K::ticketTransferred, id, counter);
                t.toField = "chung_thuc";
                int again = call + 2 + next(30);
                log.ticket(day, again / 60, again % 60, K::ticketCalled, id, 2).staff = "nv02";
                log.ticket(day, (again + 4) / 60, (again + 4) % 60, K::ticketFinished, id, 2);
            } else if (fate == 3) {
                // still waiting at the day's end: expired by the rollover sweep
                log.at(day, 23, 59, K::ticketExpired, 59).ticketId = id;
            } else {
                log.ticket(day, call / 60, call % 60, K::ticketCalled, id, counter).staff = staff;
                int start = call + next(2);
                log.ticket(day, start / 60, start % 60, K::ticketStarted, id, counter);
                int end = start + 2 + next(15);
                log.ticket(day, end / 60, end % 60, K::ticketFinished, id, counter);
                if (next(3) != 0) {
                    Event& rated = log.ticket(day, end / 60, end % 60, K::ticketRated, id, counter);
                    if (next(3) == 0) {
                        rated.number = 1 + next(5); // written before the four levels: a box key
                    } else {
                        rated.number = 1 + next(4);
                        rated.reason = next(2) == 0 ? "phone" : "screen";
                        rated.staff = staff;
                        rated.code = "A" + std::to_string(id);
                        if (next(2) == 0) {
                            rated.answers = "access=" + std::to_string(1 + next(4)) + ";officer=" +
                                            std::to_string(1 + next(4));
                        }
                        if (next(4) == 0) {
                            rated.comment = "Chờ lâu quá, nên mở thêm quầy số " + std::to_string(id);
                        }
                    }
                }
            }
            ++id;
        }
    }
    log.commit();
}

void add(std::vector<std::string>& out, const std::string& name, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out.push_back(name + "=" + buf);
}

void add(std::vector<std::string>& out, const std::string& at, const Breakdown& b) {
    std::string p = at + "[" + b.key + "|" + b.name + "].";
    const Outcomes& o = b.outcomes;
    for (auto [n, v] : {std::pair{"issued", o.issued}, {"served", o.served}, {"noShow", o.noShow},
                        {"cancelled", o.cancelled}, {"expired", o.expired}, {"transferred", o.transferred},
                        {"stillOpen", o.stillOpen}, {"within", b.withinTarget}, {"missed", b.missedTarget},
                        {"ratings", b.ratings.count}}) {
        add(out, p + n, v);
    }
    for (auto [n, s] : {std::pair{"wait", b.wait}, {"service", b.service}}) {
        add(out, p + n + ".count", s.count);
        add(out, p + n + ".mean", s.mean);
        add(out, p + n + ".median", s.median);
        add(out, p + n + ".p90", s.p90);
    }
    add(out, p + "share", b.shareWithinTarget.value_or(-1));
    add(out, p + "rating.rate", b.ratings.responseRate.value_or(-1));
    add(out, p + "rating.satisfied", b.ratings.shareSatisfied.value_or(-1));
    for (std::size_t i = 0; i < 3; ++i) {
        add(out, p + "channel" + std::to_string(i), b.ratings.channels[i]);
    }
    for (const auto& [q, levels] : b.ratings.questions) {
        for (std::size_t i = 0; i < 4; ++i) {
            add(out, p + "question." + q + std::to_string(i + 1), levels[i]);
        }
    }
    add(out, p + "estimate.count", b.estimate.count);
    add(out, p + "estimate.absError", b.estimate.meanAbsError);
    add(out, p + "estimate.bias", b.estimate.bias);
    add(out, p + "estimate.within5", b.estimate.withinFiveMinutes);
    for (std::size_t i = 0; i < 4; ++i) {
        add(out, p + "level" + std::to_string(i + 1), b.ratings.levels[i]);
    }
}

// Every number of a report, named, at full precision.
std::vector<std::string> flatten(const Report& r) {
    std::vector<std::string> out;
    add(out, "days", r.daysInRange);
    add(out, "active", r.daysWithActivity);
    add(out, "total", r.total);
    for (const auto* rows : {&r.byField, &r.byCounter, &r.byStaff, &r.byDay}) {
        for (const auto& b : *rows) {
            add(out, "row", b);
        }
    }
    for (const auto& h : r.byHour) {
        add(out, "hour" + std::to_string(h.weekday) + "-" + std::to_string(h.hour), h.stats);
    }
    for (const auto& c : r.comments) {
        add(out, "comment." + c.day + c.code + c.field + c.staff + "|" + c.text + ".at", static_cast<double>(c.atMs));
        add(out, "comment." + c.code + ".counter", c.counter);
        add(out, "comment." + c.code + ".level", c.level);
    }
    for (const auto& p : r.pauses) {
        std::string k = "pause" + std::to_string(p.counter) + p.reason + p.reasonName;
        add(out, k + ".count", p.count);
        add(out, k + ".seconds", p.seconds);
    }
    for (const auto& c : r.counterTime) {
        std::string k = "counter" + std::to_string(c.counter) + c.name;
        add(out, k + ".open", c.openSeconds);
        add(out, k + ".busy", c.busySeconds);
        add(out, k + ".paused", c.pausedSeconds);
        add(out, k + ".idle", c.idleWhileWaitingSeconds);
    }
    for (int d = 0; d < 7; ++d) {
        add(out, "openDays" + std::to_string(d), r.load.openDays[static_cast<std::size_t>(d)]);
    }
    for (const auto& [field, a] : r.load.arrivals) {
        for (int c = 0; c < kHoursOfWeek; ++c) {
            auto i = static_cast<std::size_t>(c);
            std::string k = "load." + field + "." + std::to_string(c);
            add(out, k + ".arrivals", a[i]);
            add(out, k + ".serviceSeconds", r.load.serviceSeconds.at(field)[i]);
            add(out, k + ".serviceCount", r.load.serviceCount.at(field)[i]);
            add(out, k + ".counterSeconds", r.load.counterSeconds.at(field)[i]);
        }
    }
    return out;
}

void requireSame(const Report& a, const Report& b) {
    auto fa = flatten(a);
    auto fb = flatten(b);
    REQUIRE(fa.size() == fb.size());
    for (std::size_t i = 0; i < fa.size(); ++i) {
        INFO("figure " << i);
        REQUIRE(fa[i] == fb[i]);
    }
}

Report run(const std::string& path, const OfficeConfig& cfg, ReportOptions o, bool cache) {
    o.useDigestCache = cache;
    auto r = queryReport(path, cfg, o);
    REQUIRE(r.ok());
    return std::move(*r);
}

int cachedDays(const std::string& path, const std::string& where = "1") {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM report_days WHERE " + where).getInt();
}

} // namespace

TEST_CASE("reports are the same with the digest cache off, empty, full and stale") {
    ReportLog log;
    busyWeek(log);
    const OfficeConfig cfg = test::makeTestOffice();
    const std::string path = log.path();

    Report plain = run(path, cfg, options(), false);
    // The week really exercises what the cache stores.
    REQUIRE(plain.daysWithActivity == 5);
    REQUIRE(plain.total.outcomes.issued == 150);
    REQUIRE(plain.total.wait.count > 100);
    REQUIRE(plain.total.missedTarget > 0);
    REQUIRE(plain.total.outcomes.transferred > 0);
    REQUIRE(plain.total.ratings.count > 0);
    REQUIRE(plain.total.ratings.channels[0] > 0); // phone, screen and old box ratings
    REQUIRE(plain.total.ratings.channels[2] > 0);
    REQUIRE(plain.total.ratings.questions.count("access") == 1);
    REQUIRE(plain.comments.size() > 2);
    REQUIRE(plain.pauses.size() == 2);
    REQUIRE(plain.byField.size() == 4); // three configured and the unknown cu_tru
    CHECK(cachedDays(path) == 0);

    SECTION("empty cache, then full cache") {
        requireSame(plain, run(path, cfg, options(), true));
        CHECK(cachedDays(path) == 8); // every closed day of the range, quiet ones too
        requireSame(plain, run(path, cfg, options(), true));
        // A sub-range from the same digests.
        ReportOptions mid = options();
        mid.range = {"2025-03-04", "2025-03-05"};
        requireSame(run(path, cfg, mid, false), run(path, cfg, mid, true));
    }
    SECTION("other targets over the same cached digests") {
        run(path, cfg, options(), true);
        ServiceTargets strict{{"ho_tich", {5, 0.9}}, {"chung_thuc", {3, 0.9}}, {"dat_dai", {8, 0.9}}};
        Report fresh = run(path, cfg, options(strict), false);
        CHECK(fresh.total.withinTarget != plain.total.withinTarget);
        requireSame(fresh, run(path, cfg, options(strict), true));
    }
    SECTION("digests of an older version are recomputed") {
        run(path, cfg, options(), true);
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE);
            db.exec("UPDATE report_days SET version = version - 1");
        }
        requireSame(plain, run(path, cfg, options(), true));
        CHECK(cachedDays(path, "version = (SELECT max(version) FROM report_days)") == 8);
        CHECK(cachedDays(path, "version < (SELECT max(version) FROM report_days)") == 0);
    }
    SECTION("corrupt digests are recomputed") {
        run(path, cfg, options(), true);
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE);
            db.exec("UPDATE report_days SET digest = substr(digest, 1, length(digest) / 2)");
        }
        requireSame(plain, run(path, cfg, options(), true));
        requireSame(plain, run(path, cfg, options(), true));
    }
    SECTION("a kind from a newer qmsd changes no figure, and its day's digest stays valid") {
        std::int64_t seq = 0;
        {
            SQLite::Database db(path, SQLite::OPEN_READWRITE);
            seq = db.execAndGet("SELECT max(seq) FROM events").getInt64() + 1;
            db.exec("INSERT INTO events(seq, at_ms, day, kind, ticket_id, field, counter, staff) VALUES (" +
                    std::to_string(seq) +
                    ", (SELECT max(at_ms) FROM events WHERE day = '2025-03-05'), '2025-03-05', 'ticket_teleported', "
                    "1, 'xay_dung', 9, 'nv99')");
        }
        requireSame(plain, run(path, cfg, options(), false));
        requireSame(plain, run(path, cfg, options(), true));
        // The digest covers the row (its last seq is the day's), so the next report reads it, not a replay.
        CHECK(cachedDays(path, "day = '2025-03-05' AND last_seq = " + std::to_string(seq)) == 1);
        requireSame(plain, run(path, cfg, options(), true));
    }
    SECTION("a late event for a closed day (rollover after downtime) is counted") {
        run(path, cfg, options(), true);
        log.at("2025-03-05", 23, 59, K::ticketExpired, 59).ticketId = 1000; // unknown ticket: no figure
        log.issue("2025-03-05", 23, 59, 1001, "ho_tich");
        log.commit();
        Report after = run(path, cfg, options(), false);
        CHECK(after.total.outcomes.issued == plain.total.outcomes.issued + 1);
        requireSame(after, run(path, cfg, options(), true));
    }
    SECTION("another counter set-up is not served from the old digests") {
        run(path, cfg, options(), true);
        OfficeConfig other = cfg;
        other.counters[0].fields = {"ho_tich"}; // counter 1 no longer calls chung_thuc
        Report fresh = run(path, other, options(), false);
        requireSame(fresh, run(path, other, options(), true));
        requireSame(plain, run(path, cfg, options(), true));
    }
    SECTION("a read-only connection reports without caching") {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        auto r = queryReport(db, cfg, options());
        REQUIRE(r.ok());
        requireSame(plain, *r);
        CHECK(cachedDays(path) == 0);
    }
}

TEST_CASE("today and a cut-off 'now' are replayed live, never cached") {
    ReportLog log;
    busyWeek(log);
    const OfficeConfig cfg = test::makeTestOffice();
    ReportOptions o = options();
    o.now = test::localTime("2025-03-05", 12, 0); // as if it were noon on Wednesday
    Report live = run(log.path(), cfg, o, false);
    requireSame(live, run(log.path(), cfg, o, true));
    // Only days that ended before that noon were stored.
    CHECK(cachedDays(log.path()) == 3);
    CHECK(cachedDays(log.path(), "day >= '2025-03-05'") == 0);
    requireSame(live, run(log.path(), cfg, o, true));
}

TEST_CASE("a store damaged inside the range ends the report with the store's error, not a hang") {
    // The range's days are read and replayed by two threads; whichever reads
    // the damaged day fails, and the other must stop and hand the error back
    // (a hang would hold the daemon's report lane for good).
    ReportLog log;
    // Days long enough that both threads take some (about 2,400 rows each).
    TicketId id = 1;
    for (std::string day = kRange.from;; day = nextDay(day)) {
        log.counter(day, 7, 30, K::counterOpened, 1, "nv01");
        for (int i = 0; i < 800; ++i, ++id) {
            int m = 8 * 60 + i / 2;
            log.issue(day, m / 60, m % 60, id, "ho_tich");
            log.ticket(day, (m + 5) / 60, (m + 5) % 60, K::ticketCalled, id, 1).staff = "nv01";
            log.ticket(day, (m + 6) / 60, (m + 6) % 60, K::ticketFinished, id, 1);
        }
        if (day == kRange.to) {
            break;
        }
    }
    log.commit();
    const std::string path = log.path();
    log.store.reset(); // checkpointed and closed: the rows are in the file
    int pageSize = 0;
    int damaged = 0;
    {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        pageSize = db.execAndGet("PRAGMA page_size").getInt();
        std::int64_t middle =
            db.execAndGet("SELECT (min(seq) + max(seq)) / 2 FROM events WHERE day = '2025-03-07'").getInt64();
        std::int64_t before = db.execAndGet("SELECT count(*) FROM events WHERE seq < " + std::to_string(middle)).getInt64();
        // The events table's leaves in key order, each with its row count: the
        // one that holds the day's middle row, and only that day's rows.
        SQLite::Statement leaves(db, "SELECT pageno, ncell FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' "
                                     "ORDER BY path");
        std::int64_t rows = 0;
        while (leaves.executeStep()) {
            rows += leaves.getColumn(1).getInt64();
            if (rows > before) {
                damaged = leaves.getColumn(0).getInt();
                break;
            }
        }
    }
    REQUIRE(damaged > 1);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(damaged - 1) * pageSize);
        std::string junk(static_cast<std::size_t>(pageSize), '\xA5');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const OfficeConfig cfg = test::makeTestOffice();
    for (int round = 0; round < 5; ++round) { // the threads take the days in varying turns
        ReportOptions o = options();
        o.useDigestCache = false;
        auto r = queryReport(path, cfg, o);
        REQUIRE_FALSE(r.ok());
        INFO(r.error().message);
        CHECK(r.error().message.find("report: ") == 0);
        CHECK(r.error().message.find("malformed") != std::string::npos);
    }
}
