// Reports over two years of a busy office: generates the history into a fresh
// database, then times each report (two years, one month, one week) and each
// output format. Prints figures; never fails on time (STYLE.md rule 13).
//
// Usage: report_bench [--dir DIR] [--keep] [--db FILE] [--span NAME] [--rounds N]
//   DIR:  where the fresh database is made (default: current directory); removed
//         after, unless --keep (then its path is printed, for --db next time).
//   FILE: reuse an existing generated database instead (kept; its digest cache is emptied).
//   --warm-only: with --db, keep the digest cache and time only the warm reports.
//   NAME: time only this range: "years", "year", "quarter", "month" or "week".
//   N:    cold rounds (and warm runs) per range (default 3).
//
// What each figure includes: "warm" = the digest cache full and the file in
// the page cache. "cold" = the digest cache emptied AND the database file's
// pages dropped from the kernel's page cache just before (fdatasync, then
// posix_fadvise(DONTNEED) on the file and its WAL), so it reads the disk as a
// first report after a reboot would; the resident share before and after the
// drop is printed (mincore), since the kernel may keep pages it cannot drop.
// "raw event scan" is timed both ways: cold (once, after the same drop) and
// warm (best/median of 3). "bare SQL" is the baseline, one GROUP BY
// over the tickets table; the cold report and the cold bare SQL are timed in
// alternate rounds and their ratio printed with its spread.
#include "bench_office.hpp"
#include "reports/period_summary.hpp"
#include "reports/report_csv.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "reports/report_query.hpp"
#include "reports/report_xlsx.hpp"
#include "reports/staffing_history.hpp"
#include "store/sqlite_memory.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <unistd.h>
#include <string>
#include <vector>

using namespace qmsd;
using namespace qmsd::reports;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Best and median of `runs` timings of f.
void timeIt(const char* what, int runs, const std::function<std::size_t()>& f) {
    std::vector<double> ms;
    std::size_t size = 0;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        size = f();
        ms.push_back(msSince(t0));
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-44s best %8.1f ms  median %8.1f ms", what, ms.front(), ms[ms.size() / 2]);
    if (size > 0) {
        std::printf("  (%zu bytes)", size);
    }
    std::printf("\n");
}

// MiB of `path` in the page cache now (mincore over a read-only mapping).
double residentMiB(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    struct stat st {};
    double mib = 0;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        void* map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
        if (map != MAP_FAILED) {
            long page = ::sysconf(_SC_PAGESIZE);
            std::size_t pages = (static_cast<std::size_t>(st.st_size) + static_cast<std::size_t>(page) - 1) /
                                static_cast<std::size_t>(page);
            std::vector<unsigned char> in(pages);
            if (::mincore(map, static_cast<std::size_t>(st.st_size), in.data()) == 0) {
                mib = static_cast<double>(std::count_if(in.begin(), in.end(), [](unsigned char c) { return c & 1; })) *
                      static_cast<double>(page) / (1024.0 * 1024.0);
            }
            ::munmap(map, static_cast<std::size_t>(st.st_size));
        }
    }
    ::close(fd);
    return mib;
}

// Drops the database file and its WAL from the page cache (what "cold" means
// here) and prints how much of the file was resident before and after.
void dropPageCache(const std::string& path) {
    double before = residentMiB(path);
    for (const std::string& f : {path, path + "-wal"}) {
        int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ::fdatasync(fd); // dirty pages cannot be dropped
            ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
            ::close(fd);
        }
    }
    std::printf("  (page cache dropped: %.1f MiB of the file resident before, %.1f MiB after)\n", before,
                residentMiB(path));
}

// Steps through every row of `sql` (its two parameters: the range's days);
// returns 0, as timeIt prints no size for it.
std::size_t readAll(SQLite::Database& db, const DayRange& range, const char* sql) {
    SQLite::Statement q(db, sql);
    q.bind(1, range.from);
    q.bind(2, range.to);
    while (q.executeStep()) {
    }
    return 0;
}

// Each export of one report, `runs` times.
void timeExports(const Report& report, const OfficeConfig& cfg, int runs) {
    timeIt("csv (all tables)", runs, [&] { return reportCsv(report).size(); });
    timeIt("xlsx", runs, [&] {
        auto x = reportXlsx(report);
        return x ? x->size() : 0;
    });
    timeIt("html", runs, [&] { return reportHtml(report, cfg).size(); });
    timeIt("json", runs, [&] { return reportJson(report).dump().size(); });
}

} // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows when piped to a file
    fs::path dir = fs::current_path();
    std::string reuse;
    bool keep = false;
    bool warmOnly = false;
    std::string only;
    int runs = 3;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc) {
            dir = argv[++i];
        } else if (a == "--warm-only") {
            warmOnly = true;
        } else if (a == "--keep") {
            keep = true;
        } else if (a == "--db" && i + 1 < argc) {
            reuse = argv[++i];
        } else if (a == "--span" && i + 1 < argc) {
            only = argv[++i];
        } else if (a == "--rounds" && i + 1 < argc && std::atoi(argv[i + 1]) > 0) {
            runs = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: report_bench [--dir DIR] [--keep] [--db FILE] "
                                 "[--span years|year|quarter|month|week] [--rounds N]\n");
            return 2;
        }
    }
    // SQLite set up as the daemon sets it (its page slots, no memory statistics).
    if (auto st = configureSqliteMemory(kSqlitePageSlots); !st) {
        std::fprintf(stderr, "report_bench: %s\n", st.error().message.c_str());
        return 1;
    }
    OfficeConfig cfg = bench::busyOffice();
    const std::string from = "2024-11-25", to = "2026-11-22";
    struct Span {
        const char* key;
        const char* name;
        DayRange range;
    };
    // The spans the measure named: two years, one year, three months, a month, a week.
    const Span spans[] = {{"years", "two years", {from, to}},
                          {"year", "one year", {"2025-11-24", to}},
                          {"quarter", "three months (2026-08..10)", {"2026-08-01", "2026-10-31"}},
                          {"month", "one month (2026-10)", {"2026-10-01", "2026-10-31"}},
                          {"week", "one week", {"2026-11-16", "2026-11-22"}}};
    if (!only.empty() &&
        std::none_of(std::begin(spans), std::end(spans), [&only](const Span& s) { return only == s.key; })) {
        std::fprintf(stderr, "report_bench: --span is years, year, quarter, month or week, not '%s'\n", only.c_str());
        return 2;
    }
    fs::path work = dir / ("qmsd-report-bench-" + std::to_string(::getpid()));
    std::string path = reuse;
    if (reuse.empty()) {
        fs::create_directories(work);
        path = (work / "qmsd.db").string();
        auto t0 = Clock::now();
        auto g = bench::generateHistory(path, cfg, from, to, 42);
        std::printf("generated %s..%s: %lld tickets, %lld events, %zu counters in %.1f s\n", from.c_str(),
                    to.c_str(), static_cast<long long>(g.tickets), static_cast<long long>(g.events),
                    cfg.counters.size(), msSince(t0) / 1000.0);
    }
    std::printf("database %s: %.1f MB\n", path.c_str(),
                static_cast<double>(fs::file_size(path)) / (1024.0 * 1024.0));

    // Read-write: the first report of a range builds the per-day digest cache.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    auto clearCache = [&db] { db.exec("DELETE FROM report_days"); };
    if (!warmOnly) {
        clearCache();
    }
    for (const auto& span : spans) {
        if (!only.empty() && only != span.key) {
            continue;
        }
        std::printf("%s %s..%s\n", span.name, span.range.from.c_str(), span.range.to.c_str());
        ReportOptions opt;
        opt.range = span.range;
        opt.targets = targetsFromConfig(cfg);
        if (warmOnly) {
            timeIt("report, warm (from the day digests)", runs, [&] {
                auto r = queryReport(path, cfg, opt);
                return r ? static_cast<std::size_t>(r->total.outcomes.issued) * 0 : 0;
            });
            if (auto report = queryReport(path, cfg, opt)) {
                timeExports(*report, cfg, 5); // the exports alone, on a store already digested
            }
            continue;
        }
        // The floor: reading the same columns with no bookkeeping, cold then warm.
        auto scan = [&] {
            return readAll(db, span.range,
                           "SELECT at_ms, day, kind, ticket_id, field, to_field, counter, staff, "
                           "number, reason FROM events WHERE day BETWEEN ? AND ?");
        };
        dropPageCache(path);
        timeIt("raw event scan, cold (SQLite only)", 1, scan);
        timeIt("raw event scan, warm (SQLite only)", runs, scan);
        // The baseline: one hand-written query over the tickets table
        // for the report's main figures (issued, outcomes, waits, service,
        // ratings by field, counter, officer and hour; UTC+7 hours).
        auto bareOn = [&](SQLite::Database& on) {
            return readAll(on, span.range,
                           "SELECT field, counter, staff, (issued_at_ms / 3600000 + 7) % 24 AS hour, count(*), "
                           "sum(state = 'finished'), sum(state = 'no_show'), sum(state = 'cancelled'), "
                           "sum(state = 'expired'), sum(called_at_ms - issued_at_ms), count(called_at_ms), "
                           "sum(ended_at_ms - started_at_ms), count(rating), sum(rating) "
                           "FROM tickets WHERE day BETWEEN ? AND ? GROUP BY field, counter, staff, hour");
        };
        timeIt("bare SQL over tickets, warm", runs, [&] { return bareOn(db); });
        // Each report as the daemon runs it: its own connection to the file.
        ReportOptions noCache = opt;
        noCache.useDigestCache = false;
        timeIt("report, digest cache off (replay every day)", 1, [&] {
            auto r = queryReport(path, cfg, noCache);
            return r ? static_cast<std::size_t>(r->total.outcomes.issued) * 0 : 0;
        });
        // Cold against cold, alternated: the disk's speed drifts between runs.
        // Each cold run opens its own connection, as the report does: `db`'s
        // page cache (2 MB) would otherwise hold a week's tickets and make
        // the bare query's "cold" partly warm.
        std::vector<double> ratios;
        for (int round = 0; round < runs; ++round) {
            dropPageCache(path);
            auto t0 = Clock::now();
            {
                SQLite::Database cold(path, SQLite::OPEN_READONLY);
                bareOn(cold);
            }
            double bareMs = msSince(t0);
            clearCache();
            dropPageCache(path);
            t0 = Clock::now();
            auto r = queryReport(path, cfg, opt);
            double reportMs = msSince(t0);
            ratios.push_back(reportMs / bareMs);
            std::printf("  round %d: bare SQL cold %8.1f ms, report cold (building the day digests) %8.1f ms: %.2fx\n",
                        round + 1, bareMs, reportMs, ratios.back());
        }
        std::sort(ratios.begin(), ratios.end());
        std::printf("  report cold / bare SQL cold: median %.2fx [%.2f-%.2f] over %d rounds\n",
                    ratios[ratios.size() / 2], ratios.front(), ratios.back(), runs);
        timeIt("report, warm (from the day digests)", runs, [&] {
            auto r = queryReport(path, cfg, opt);
            return r ? static_cast<std::size_t>(r->total.outcomes.issued) * 0 : 0;
        });
        auto report = queryReport(path, cfg, opt);
        if (!report) {
            std::printf("  report failed: %s\n", report.error().message.c_str());
            continue;
        }
        std::printf("  issued %d, served %d, mean wait %.0f s, p90 %.0f s, within target %.1f%%\n",
                    report->total.outcomes.issued, report->total.outcomes.served, report->total.wait.mean,
                    report->total.wait.p90, 100.0 * report->total.shareWithinTarget.value_or(0));
        timeIt("staffing history (from the report)", runs, [&] {
            auto s = staffingFromReport(*report, opt.targets, opt.defaultTarget);
            return s.fields.size() * 0;
        });
        timeExports(*report, cfg, runs);
    }
    {
        SQLite::Statement q(db, "SELECT count(*), coalesce(sum(length(digest)), 0) FROM report_days");
        q.executeStep();
        std::printf("digest cache: %d days, %.1f MB of digests\n", q.getColumn(0).getInt(),
                    static_cast<double>(q.getColumn(1).getInt64()) / (1024.0 * 1024.0));
    }
    for (auto kind : {PeriodKind::week, PeriodKind::month}) {
        ReportOptions opt;
        opt.targets = targetsFromConfig(cfg);
        timeIt(kind == PeriodKind::week ? "weekly summary (with previous week)" : "monthly summary (with previous)",
               3, [&] {
                   auto s = summarizePeriod(db, cfg, kind, "2026-10-15", opt);
                   return s ? s->worstFields.size() * 0 : 0;
               });
    }
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::printf("database after the reports: %.1f MB\n",
                static_cast<double>(fs::file_size(path)) / (1024.0 * 1024.0));
    if (reuse.empty() && !keep) {
        std::error_code ec;
        fs::remove_all(work, ec);
    }
    return 0;
}
