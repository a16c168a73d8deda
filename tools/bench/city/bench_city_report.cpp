// Figure 3: a city report over a year of many offices (the reports' replay
// and merge, digests stored per office and day) against bare SQL over the
// same events table giving the headline figures per office.
#include "bench_city.hpp"
#include "bench_common.hpp"
#include "bench_office.hpp"

#include "city/city_reports.hpp"
#include "upstream/wire.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace qmsd::bench {

using Clock = std::chrono::steady_clock;

namespace {

// Per office: outcomes by kind, and the wait from issue to the first call
// (mean, median, p90) — the figures a person would write by hand in SQL.
constexpr const char* kBareSql = R"sql(
WITH c AS (
    SELECT office_id, day, ticket_id, min(at_ms) AS called
    FROM events WHERE kind = 'ticket_called' AND day BETWEEN $1 AND $2 GROUP BY 1, 2, 3),
w AS (
    SELECT i.office_id, (c.called - i.at_ms) / 1000.0 AS wait
    FROM events i JOIN c USING (office_id, day, ticket_id)
    WHERE i.kind = 'ticket_issued' AND i.day BETWEEN $1 AND $2),
o AS (
    SELECT office_id,
           count(*) FILTER (WHERE kind = 'ticket_issued') AS issued,
           count(*) FILTER (WHERE kind = 'ticket_finished') AS served,
           count(*) FILTER (WHERE kind = 'ticket_no_show') AS no_show,
           count(*) FILTER (WHERE kind = 'ticket_cancelled') AS cancelled
    FROM events WHERE day BETWEEN $1 AND $2 GROUP BY office_id)
SELECT o.*, s.waits, s.mean, s.median, s.p90
FROM o JOIN (SELECT office_id, count(*) AS waits, avg(wait) AS mean,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS median,
                    percentile_disc(0.9) WITHIN GROUP (ORDER BY wait) AS p90
             FROM w GROUP BY office_id) s USING (office_id)
ORDER BY office_id
)sql";

} // namespace

void benchCityReport(const PgTarget& t, const std::string& work, int offices, int days, double scale, int rounds) {
    std::printf("\n== 3. a city report over %d days of %d offices (%.2f× the busy office) against bare SQL\n", days,
                offices, scale);
    auto c = pg::Connection::open(t.params);
    if (!c) {
        std::printf("cannot connect: %s\n", c.error().message.c_str());
        return;
    }
    OfficeConfig cfg = busyOffice(scale);
    upstream::Json snap = upstream::configSnapshot(cfg);
    std::string from = "2025-01-01";
    std::string to = from;
    for (int i = 1; i < days; ++i) {
        to = nextDay(to);
    }
    for (std::string d = from;; d = nextDay(d)) {
        if (d.substr(8) == "01") {
            (void)c->run("SELECT qmsd_ensure_month($1::date)", {d});
        }
        if (d == to) {
            break;
        }
    }
    std::int64_t events = 0;
    auto load = Clock::now();
    std::vector<std::string> ids;
    for (int i = 0; i < offices; ++i) {
        std::string id = "year-" + std::to_string(i);
        ids.push_back(id);
        std::string db = work + "/year-" + std::to_string(i) + ".db";
        std::filesystem::remove(db);
        events += generateHistory(db, cfg, from, to, 500 + static_cast<unsigned>(i), scale).events;
        std::string rows = copyRows(db, id);
        auto st = c->copyIn("COPY events (office_id, day, seq, at_ms, kind, actor, ticket_id, field, to_field, counter, "
                            "staff, number, code, priority, reason, estimate_s, payload, until_ms, answers, comment) "
                            "FROM STDIN",
                            rows);
        std::filesystem::remove(db);
        if (!st) {
            std::printf("COPY failed: %s\n", st.error().message.c_str());
            return;
        }
        (void)c->run("INSERT INTO offices (office_id, install_id, name) VALUES ($1, $1, $2) ON CONFLICT DO NOTHING",
                     {id, "Phường " + std::to_string(i)});
        (void)c->run("INSERT INTO office_configs (office_id, id, taken_at_ms, after_seq, hash, config) "
                     "VALUES ($1, 1, 0, 0, $2, $3::jsonb) ON CONFLICT DO NOTHING",
                     {id, upstream::snapshotHash(snap), snap.dump()});
    }
    (void)c->run("INSERT INTO office_days (office_id, day, events, last_seq) SELECT office_id, day, count(*), max(seq) "
                 "FROM events WHERE office_id LIKE 'year-%' GROUP BY 1, 2 ON CONFLICT DO NOTHING");
    (void)c->run("ANALYZE events; ANALYZE office_days");
    std::printf("loaded %lld events (%.0f s)\n", static_cast<long long>(events), seconds(load));

    TimePoint now = systemNow();
    reports::DayRange range{from, to};
    auto cold = Clock::now();
    auto first = city::cityReport(*c, ids, range, now);
    double coldSeconds = seconds(cold);
    if (!first) {
        std::printf("city report failed: %s\n", first.error().message.c_str());
        return;
    }
    std::printf("cold city report (every office-day replayed from events, digests stored): %.2f s; %d tickets\n",
                coldSeconds, first->total.outcomes.issued);
    std::vector<double> warm, bare, ratios;
    for (int r = 0; r < rounds; ++r) {
        double w = 0, b = 0;
        for (int k = 0; k < 2; ++k) {
            if ((k == 0) == (r % 2 == 0)) {
                auto s = Clock::now();
                auto rep = city::cityReport(*c, ids, range, now);
                w = seconds(s);
                if (!rep || rep->total.outcomes.issued != first->total.outcomes.issued) {
                    std::printf("warm report differs or failed\n");
                    return;
                }
            } else {
                auto s = Clock::now();
                auto q = c->exec(kBareSql, {from, to});
                b = seconds(s);
                if (!q || q->rows() != offices) {
                    std::printf("bare SQL failed: %s\n", q ? "rows" : q.error().message.c_str());
                    return;
                }
            }
        }
        warm.push_back(w);
        bare.push_back(b);
        ratios.push_back(w / b);
        std::printf("round %d: city report (digests) %.2f s   bare SQL %.2f s   ratio %.2f\n", r + 1, w, b, w / b);
    }
    auto [lo, hi] = std::minmax_element(ratios.begin(), ratios.end());
    std::printf("median: city report %.2f s, bare SQL %.2f s; report/SQL %.2f (spread %.2f–%.2f over %d rounds); "
                "cold report / bare SQL %.2f\n",
                median(warm), median(bare), median(ratios), *lo, *hi, rounds, coldSeconds / median(bare));
    auto office = Clock::now();
    auto one = city::officeReport(*c, ids[0], range, now);
    std::printf("one office's year (full report: fields, counters, staff, days, hours): %.2f s\n", seconds(office));
    printValue("city.report_cold_s", coldSeconds);
    printValue("city.report_warm_s", median(warm));
    printValue("city.bare_sql_s", median(bare));
    printValue("city.report_over_sql", median(ratios));
    (void)one;
}

} // namespace qmsd::bench
