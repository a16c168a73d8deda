// How fast the real qmsd answers durable requests over HTTP: issue-ticket and
// call-next+finish cycles from 1, 8 and 64 keep-alive clients on loopback,
// with the share of the daemon's time spent in fsync, side by side with raw
// per-row SQLite commits (same schema, WAL, synchronous=FULL) on the same
// disk. Prints figures; never fails on time (STYLE.md rule 13).
//
// Usage: http_bench [--qmsd PATH] [--seconds S] [--dir DIR] [--log-level LEVEL] [--no-strace]
//   PATH:  the qmsd binary (default $QMSD_BINARY, else ../../daemon/qmsd next
//          to this program, i.e. the same build directory)
//   S:     seconds measured per row (default 4)
//   DIR:   where the daemon's data and the raw database go (default: the
//          current directory); a fresh folder is made inside and removed after
//   LEVEL: the daemon's log level (default info, as shipped: one line per event)
//
// The raw baseline runs in slices (S/2 s, at least 1 s) before and after each
// issue-ticket row, and each row is compared with the mean of its two
// neighbours: a shared disk's sync rate drifts a lot within one run.
//
// Each row runs a fresh daemon on a fresh data directory, started under
// `strace -f --seccomp-bpf -e trace=fsync,fdatasync -T -ttt` when strace is
// installed: only those two calls stop the daemon, and the time it spent in
// them during the row is summed from strace's log. Without strace the share
// is an upper bound: one fsync per request at the disk's measured sync cost.
#include "http/bench_daemon.hpp"
#include "http/bench_load.hpp"

#include "clock/office_clock.hpp"
#include "config/office_config.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include "bench_common.hpp"
#include <sodium.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <map>
#include <unistd.h>

using namespace qmsd;
using namespace qmsd::bench;
namespace fs = std::filesystem;
namespace bh = boost::beast::http;

namespace {

const int kClientCounts[] = {1, 8, 64};

struct Options {
    std::string qmsd;
    double seconds = 4;
    fs::path dir = fs::current_path();
    std::string logLevel = "info";
    bool strace = true;
};

double since(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        bool hasValue = i + 1 < argc;
        if (a == "--qmsd" && hasValue) {
            o.qmsd = argv[++i];
        } else if (a == "--seconds" && hasValue) {
            o.seconds = std::atof(argv[++i]);
        } else if (a == "--dir" && hasValue) {
            o.dir = argv[++i];
        } else if (a == "--log-level" && hasValue) {
            o.logLevel = argv[++i];
        } else if (a == "--no-strace") {
            o.strace = false;
        } else {
            return false;
        }
    }
    return o.seconds > 0;
}

std::string defaultQmsd() {
    if (const char* env = std::getenv("QMSD_BINARY")) {
        return env;
    }
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return (self.parent_path() / ".." / ".." / "daemon" / "qmsd").lexically_normal().string();
}

std::string findStrace() {
    for (const char* p : {"/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"}) {
        if (::access(p, X_OK) == 0) {
            return p;
        }
    }
    return {};
}

// --- the raw baseline --------------------------------------------------------

// The rows Store::append writes for an issue (store_bench's raw row), one
// transaction per ticket, for `seconds`.
Tally rawSqlite(const fs::path& dir, double seconds) {
    fs::path path = dir / "raw.db";
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix, ec);
    }
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    if (auto v = migrateSchema(db, Store::kSchemaVersion); !v) {
        die(v.error().message);
    }
    bench::RawIssue raw(db);
    const std::string day = "2026-11-23";
    TimePoint base = benchClock().instantOf(day, 8 * 60);
    Tally t;
    t.start = Clock::now();
    t.end = t.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (int i = 0; Clock::now() < t.end; ++i) {
        auto t0 = Clock::now();
        std::int64_t id = i + 1;
        std::int64_t ms = toMillis(base + Millis{i});
        std::string code = formatTicketCode(Numbering{"A", 1, 99999999, 8}, i + 1);
        std::string pid = "raw-" + std::to_string(i);
        raw.issue(id, ms, day, code, pid);
        t.lastReply = Clock::now();
        t.ms.push_back(since(t0, t.lastReply) * 1000.0);
        ++t.completed;
    }
    return t;
}

// The disk's cost of one fdatasync after a 4 KiB overwrite, in seconds (for
// the estimate when strace is missing).
double syncCost(const fs::path& dir) {
    std::string path = (dir / "sync.bin").string();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    std::vector<char> block(4096, 'q');
    int n = 0;
    auto start = Clock::now();
    while (fd >= 0 && since(start, Clock::now()) < 0.5) {
        if (::pwrite(fd, block.data(), block.size(), 0) < 0 || ::fdatasync(fd) != 0) {
            break;
        }
        ++n;
    }
    double cost = n > 0 ? since(start, Clock::now()) / n : 0;
    if (fd >= 0) {
        ::close(fd);
    }
    return cost;
}

// --- rows and the report -----------------------------------------------------

struct Row {
    std::string what;
    std::string key;
    int clients = 0;
    double rps = 0;
    double p50 = -1;
    double p99 = -1;
    double span = 0;      // seconds measured (less than S if clients ran dry)
    long syncs = -1;      // fsync calls in the row (strace), or -1
    double syncShare = -1;
    bool shareIsEstimate = false;
    long refused = 0;
    std::string note;
};

// `daemon` (run under strace) gives the fsync figures; without it the share is
// estimated from the disk's sync cost, one sync per request.
void fillRow(Row& row, const Tally& t, double seconds, const DaemonProcess* daemon, double syncCostSeconds) {
    auto end = t.lastReply == Clock::time_point{} ? t.start : std::min(t.end, t.lastReply);
    double span = std::max(1e-6, std::min(seconds, since(t.start, end)));
    row.span = span;
    row.rps = static_cast<double>(t.completed) / span;
    row.p50 = percentile(t.ms, 0.5);
    row.p99 = percentile(t.ms, 0.99);
    row.refused = t.refused;
    if (daemon != nullptr) {
        auto [calls, total] = daemon->syncsBetween(t.wallStart, t.wallStart + span);
        row.syncs = calls;
        row.syncShare = total / span;
    } else {
        row.syncShare = std::min(1.0, row.rps * syncCostSeconds);
        row.shareIsEstimate = true;
    }
}

void printRow(const Row& r) {
    char share[32];
    if (r.syncShare < 0) {
        std::snprintf(share, sizeof share, "%s", "-");
    } else {
        std::snprintf(share, sizeof share, "%s%.0f%%", r.shareIsEstimate ? "<=" : "", r.syncShare * 100);
    }
    char syncs[32] = "-";
    char perSync[32] = "-";
    if (r.syncs > 0) {
        std::snprintf(syncs, sizeof syncs, "%.0f", static_cast<double>(r.syncs) / r.span);
        std::snprintf(perSync, sizeof perSync, "%.1f", r.rps * r.span / static_cast<double>(r.syncs));
    }
    char line[256];
    std::snprintf(line, sizeof line, "  %-26s %7d %9.0f %8.2f %8.2f %9s %8s %7s   %s", r.what.c_str(), r.clients,
                  r.rps, r.p50, r.p99, syncs, perSync, share, r.note.c_str());
    std::cout << line << "\n";
}

double rawRate(const Tally& t, double seconds) { return static_cast<double>(t.completed) / seconds; }

} // namespace

int main(int argc, char** argv) {
    Options o;
    o.qmsd = defaultQmsd();
    if (!parseArgs(argc, argv, o)) {
        std::cerr << "usage: http_bench [--qmsd PATH] [--seconds S] [--dir DIR] [--log-level LEVEL] [--no-strace]"
                  << std::endl;
        return 2;
    }
    if (sodium_init() < 0) {
        die("libsodium failed to initialise");
    }
    if (::access(o.qmsd.c_str(), X_OK) != 0) {
        die("no qmsd binary at " + o.qmsd + " (--qmsd PATH or $QMSD_BINARY)");
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::string strace = o.strace ? findStrace() : std::string{};
    fs::path work = fs::absolute(o.dir) / ("qmsd-http-bench-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(work, ec);
    if (ec) {
        die("cannot create " + work.string() + ": " + ec.message());
    }
    workDir() = work;
    double S = o.seconds;
    std::cout << "qmsd HTTP benchmark: " << S << " s per row, loopback, keep-alive, one fresh daemon per row\n"
              << "daemon: " << o.qmsd << " (log level " << o.logLevel << "), data in " << work.string()
              << " (WAL, synchronous=FULL)\n"
              << "fsync share: "
              << (strace.empty() ? "strace not found: estimated upper bound (one fsync per request x the disk's sync cost)"
                                 : "the daemon's time in fsync/fdatasync during the row, from " + strace +
                                       " -f --seccomp-bpf -T")
              << "\n\n"
              << std::flush;

    double cost = strace.empty() ? syncCost(work) : 0;
    // The disk's sync rate drifts (other work on the machine, the host's
    // cache), so the raw baseline is measured in slices right before and
    // after each issue row, and each row is compared with its neighbours.
    double slice = std::max(1.0, S / 2);
    std::vector<Tally> rawSlices{rawSqlite(work, slice)};
    std::vector<Row> rows;
    std::map<int, double> issueRps;
    std::map<int, double> rawNear;

    for (int n : kClientCounts) {
        Row r{"issue-ticket", "issue_c" + std::to_string(n), n};
        {
            DaemonProcess d(o.qmsd, o.logLevel, work / ("issue-" + std::to_string(n)), strace);
            Tally t = runLoad(d.endpoint(), n, S, [](int i) { return issueScript(i, nullptr); });
            fillRow(r, t, S, strace.empty() ? nullptr : &d, cost);
        }
        fs::remove_all(work / ("issue-" + std::to_string(n)), ec);
        rawSlices.push_back(rawSqlite(work, slice));
        rawNear[n] = (rawRate(rawSlices[rawSlices.size() - 2], slice) + rawRate(rawSlices.back(), slice)) / 2;
        issueRps[n] = r.rps;
        r.note = "raw nearby " + std::to_string(static_cast<long>(rawNear[n])) + "/s: " + ratioText(r.rps / rawNear[n]);
        rows.push_back(r);
    }
    for (int n : kClientCounts) {
        Row r{"call-next+finish", "callfinish_c" + std::to_string(n), n};
        {
            DaemonProcess d(o.qmsd, o.logLevel, work / ("call-" + std::to_string(n)), strace);
            auto tokens = logIn(d.endpoint(), n);
            // Enough waiting tickets for the row (a cycle is two requests, each
            // about as dear as an issue), but not many more: replies walk all of
            // the day's tickets (QueueEngine::parkedAt, meanServiceMinutes), so
            // a longer day is a slower one.
            auto budget = std::make_shared<long>(std::clamp(static_cast<long>(issueRps[n] * S), 1000L, 60000L));
            long queued = *budget;
            Tally pre = runLoad(d.endpoint(), 64, 600, [budget](int i) { return issueScript(i, budget); });
            if (pre.refused != 0) {
                die("pre-issue refused: " + pre.firstRefusal);
            }
            Tally t = runLoad(d.endpoint(), n, S, [&tokens](int i) { return callScript(tokens[i], i + 1); });
            fillRow(r, t, S, strace.empty() ? nullptr : &d, cost);
            r.note = std::to_string(static_cast<long>(r.rps / 2)) + " cycles/s; " + std::to_string(queued) +
                     " tickets queued first";
            if (t.refused != 0) {
                r.note += "; " + std::to_string(t.refused) + " clients stopped early on " + t.firstRefusal.substr(0, 60);
            }
        }
        fs::remove_all(work / ("call-" + std::to_string(n)), ec);
        rows.push_back(r);
    }
    fs::remove_all(work, ec);

    Tally rawAll;
    for (const auto& t : rawSlices) {
        rawAll.ms.insert(rawAll.ms.end(), t.ms.begin(), t.ms.end());
        rawAll.completed += t.completed;
    }
    Row raw{"raw SQLite commit", "raw", 1};
    raw.rps = static_cast<double>(rawAll.completed) / (slice * static_cast<double>(rawSlices.size()));
    raw.p50 = percentile(rawAll.ms, 0.5);
    raw.p99 = percentile(rawAll.ms, 0.99);
    raw.note = "1 transaction per ticket, same schema and pragmas; slices:";
    for (const auto& t : rawSlices) {
        raw.note += " " + std::to_string(static_cast<long>(rawRate(t, slice)));
    }

    std::cout << "  what                       clients     req/s   p50 ms   p99 ms  fsyncs/s  req/sync  fsync\n";
    for (const auto& r : rows) {
        printRow(r);
    }
    printRow(raw);
    std::cout << "\n  durable issue-ticket req/s vs raw per-row commits/s measured next to it:\n";
    for (int n : kClientCounts) {
        char line[128];
        std::snprintf(line, sizeof line, "    %2d client%s %6.0f vs %6.0f  %s\n", n, n == 1 ? ": " : "s:", issueRps[n],
                      rawNear[n], ratioText(issueRps[n] / rawNear[n]).c_str());
        std::cout << line;
    }
    for (const auto& r : rows) {
        if (r.refused != 0 && r.what == "issue-ticket") {
            std::cout << "  note: " << r.what << " x" << r.clients << " had " << r.refused << " refused requests\n";
        }
    }
    std::cout << "\n";
    for (const auto& r : rows) {
        printValue("http_" + r.key + "_rps", r.rps);
        printValue("http_" + r.key + "_p50_ms", r.p50);
        printValue("http_" + r.key + "_p99_ms", r.p99);
        printValue("http_" + r.key + "_fsync_share", r.syncShare);
        if (r.syncs >= 0) {
            printValue("http_" + r.key + "_fsyncs_per_s", static_cast<double>(r.syncs) / r.span);
        }
    }
    printValue("raw_sqlite_commits_per_s", raw.rps);
    printValue("raw_sqlite_p50_ms", raw.p50);
    printValue("raw_sqlite_p99_ms", raw.p99);
    for (int n : kClientCounts) {
        printValue("raw_sqlite_near_issue_c" + std::to_string(n) + "_commits_per_s", rawNear[n]);
        printValue("http_issue_c" + std::to_string(n) + "_vs_raw_ratio", issueRps[n] / rawNear[n]);
    }
    return 0;
}
