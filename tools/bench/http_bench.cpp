// How fast the real qmsd answers durable requests over HTTP, against the
// floor this machine allows: issue-ticket and call-next+finish cycles from 1,
// 8 and 64 keep-alive clients on loopback. Prints figures; never fails on
// time (STYLE.md rule 13).
//
// The baseline is a raw durable server (http/raw_server.hpp): the same
// clients and requests, the same rows written with the same schema and
// pragmas, the same group commit (whatever arrived during the last commit is
// committed together), replies after the commit, and nothing else. For one
// client that is exactly the floor: one raw commit plus one loopback round
// trip. The disk's sync time swings tenfold within minutes here, so each row
// alternates qmsd and the baseline in several short rounds (the order flips
// every round), compares each qmsd round with the baseline round next to it,
// and prints the median ratio with its spread. A third participant in each
// round, bare SQLite commits in this process, gives the disk's own commit
// latency that qmsd's p99 is held against.
//
// The daemon runs as in an office: no tracer attached (strace stops a process
// at every traced call, which is what an earlier version of this benchmark
// measured as much as qmsd).
//
// Usage: http_bench [--qmsd PATH] [--compare PATH2] [--seconds S] [--rounds R] [--clients N,N..] [--dir DIR]
//                   [--log-level LEVEL] [--tail]
//   PATH:  the qmsd binary (default $QMSD_BINARY, else ../../daemon/qmsd next
//          to this program, i.e. the same build directory)
//   PATH2: another qmsd binary (an older build) measured in the same rounds,
//          so a change is judged against its baseline under the same disk
//   S:     seconds per side per round (default 1); R rounds (default 6)
//   N:     client counts (default 1,8,64)
//   DIR:   where the daemon's data and the raw databases go (default: the
//          current directory); a fresh folder is made inside and removed after
//   LEVEL: the daemon's log level (default info, as shipped: one line per event)
//   --tail: under each row, the latencies' p50 to p99.9 for qmsd, the raw
//          server and the bare commits (where a p99 comes from)
#include "http/bench_daemon.hpp"
#include "http/bench_load.hpp"
#include "http/raw_server.hpp"

#include "clock/office_clock.hpp"
#include "core/public_id.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include "bench_common.hpp"
#include <sodium.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <unistd.h>

using namespace qmsd;
using namespace qmsd::bench;
namespace fs = std::filesystem;

namespace {

struct Options {
    std::string qmsd;
    std::string compare; // a second qmsd binary measured in the same rounds (e.g. the last release)
    double seconds = 1;
    int rounds = 6;
    std::vector<int> clients{1, 8, 64};
    fs::path dir = fs::current_path();
    std::string logLevel = "info";
    bool tail = false; // print each row's latency percentiles from p50 to p99.9
};

double since(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

bool parseClients(const std::string& text, std::vector<int>& out) {
    out.clear();
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        int n = std::atoi(part.c_str());
        if (n < 1 || n > kCounters) {
            return false;
        }
        out.push_back(n);
    }
    return !out.empty();
}

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        bool hasValue = i + 1 < argc;
        if (a == "--qmsd" && hasValue) {
            o.qmsd = argv[++i];
        } else if (a == "--compare" && hasValue) {
            o.compare = argv[++i];
        } else if (a == "--seconds" && hasValue) {
            o.seconds = std::atof(argv[++i]);
        } else if (a == "--rounds" && hasValue) {
            o.rounds = std::atoi(argv[++i]);
        } else if (a == "--clients" && hasValue) {
            if (!parseClients(argv[++i], o.clients)) {
                return false;
            }
        } else if (a == "--dir" && hasValue) {
            o.dir = argv[++i];
        } else if (a == "--log-level" && hasValue) {
            o.logLevel = argv[++i];
        } else if (a == "--tail") {
            o.tail = true;
        } else {
            return false;
        }
    }
    return o.seconds > 0 && o.rounds > 0;
}

// Bare SQLite in this process: the rows of one issue, one transaction each,
// for `seconds`; each commit timed. The disk's own commit latency.
class DiskCommits {
  public:
    explicit DiskCommits(const fs::path& path) {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            fs::remove(path.string() + suffix);
        }
        db_ = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
        Store::configureWriter(*db_);
        if (auto v = migrateSchema(*db_, Store::kSchemaVersion); !v) {
            die(v.error().message);
        }
        raw_ = std::make_unique<RawIssue>(*db_);
    }

    Tally run(double seconds) {
        const std::string day = "2026-11-23";
        TimePoint base = benchClock().instantOf(day, 8 * 60);
        Tally t;
        t.start = Clock::now();
        t.end = t.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
        while (Clock::now() < t.end) {
            auto t0 = Clock::now();
            // One kiosk's rows as qmsd writes them: fields in turn, each its
            // own numbers, a public id made as qmsd makes one.
            std::int64_t id = ++last_;
            std::string field = kFields[static_cast<std::size_t>(id) % std::size(kFields)];
            std::int64_t number = ++numbers_[field];
            SQLite::Transaction tx(*db_);
            raw_->insert(id, id, toMillis(base + Millis{id}), day, field, number, "A" + std::to_string(number),
                         makePublicId());
            tx.commit();
            t.lastReply = Clock::now();
            t.ms.push_back(since(t0, t.lastReply) * 1000.0);
            ++t.completed;
        }
        return t;
    }

  private:
    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<RawIssue> raw_;
    std::int64_t last_ = 0;
    std::map<std::string, std::int64_t> numbers_;
};

// Requests per second over the part of the window the clients ran.
double rateOf(const Tally& t, double seconds) {
    auto end = t.lastReply == Clock::time_point{} ? t.start : std::min(t.end, t.lastReply);
    double span = std::max(1e-6, std::min(seconds, since(t.start, end)));
    return static_cast<double>(t.completed) / span;
}

double median(std::vector<double> v) {
    if (v.empty()) {
        return -1;
    }
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One qmsd binary's figures in a row, over its rounds.
struct Side {
    std::vector<double> rps, ratio; // per round; ratio against the raw server's round
    std::vector<double> ms;         // pooled latencies
    long refused = 0;
    std::string firstRefusal;
};

// What one row (a kind of request, a number of clients) found over its rounds.
struct Row {
    std::string what;
    std::string key;
    int clients = 0;
    std::vector<Side> sides; // [0] qmsd, [1] --compare
    std::vector<double> rawRps, rawMs, diskMs;
    double rawPerCommit = 0;
};

void add(std::vector<double>& to, const std::vector<double>& from) { to.insert(to.end(), from.begin(), from.end()); }

using ScriptFor = std::function<Script(int)>;

// Scripts made once per row and handed out again every round: their state
// (request ids, which action comes next) carries over from round to round.
ScriptFor keep(const ScriptFor& make) {
    auto made = std::make_shared<std::vector<Script>>();
    for (int i = 0; i < kCounters; ++i) {
        made->push_back(make(i));
    }
    return [made](int i) { return (*made)[static_cast<std::size_t>(i)]; };
}

// A daemon under test with its clients' scripts.
struct Subject {
    std::unique_ptr<DaemonProcess> daemon;
    ScriptFor script;
};

// R rounds, each: the raw server and every qmsd (the order rotating), then
// bare commits.
void runRounds(Row& row, const Options& o, std::vector<Subject>& subjects, const RawDurableServer& raw,
               const ScriptFor& rawScript, DiskCommits& disk) {
    long rawReq0 = raw.requests(), rawCommits0 = raw.commits();
    row.sides.resize(subjects.size());
    std::size_t parts = subjects.size() + 1; // index subjects.size() = the raw server
    for (int r = 0; r < o.rounds; ++r) {
        std::vector<Tally> t(parts);
        for (std::size_t k = 0; k < parts; ++k) {
            std::size_t who = (k + static_cast<std::size_t>(r)) % parts;
            if (who == subjects.size()) {
                t[who] = runLoad(raw.endpoint(), row.clients, o.seconds, rawScript);
            } else {
                t[who] = runLoad(subjects[who].daemon->endpoint(), row.clients, o.seconds, subjects[who].script);
            }
        }
        Tally d = disk.run(o.seconds / 2);
        double br = rateOf(t.back(), o.seconds);
        row.rawRps.push_back(br);
        add(row.rawMs, t.back().ms);
        add(row.diskMs, d.ms);
        for (std::size_t i = 0; i < subjects.size(); ++i) {
            Side& side = row.sides[i];
            double qr = rateOf(t[i], o.seconds);
            side.rps.push_back(qr);
            side.ratio.push_back(qr / br);
            add(side.ms, t[i].ms);
            if (t[i].refused != 0 && side.firstRefusal.empty()) {
                side.firstRefusal = t[i].firstRefusal;
            }
            side.refused += t[i].refused;
        }
    }
    long commits = raw.commits() - rawCommits0;
    row.rawPerCommit = commits > 0 ? static_cast<double>(raw.requests() - rawReq0) / static_cast<double>(commits) : 0;
}

void printRow(const Row& r, bool tail) {
    for (std::size_t i = 0; i < r.sides.size(); ++i) {
        const Side& s = r.sides[i];
        auto [lo, hi] = std::minmax_element(s.ratio.begin(), s.ratio.end());
        double qp99 = percentile(s.ms, 0.99), dp99 = percentile(r.diskMs, 0.99);
        char line[320];
        std::snprintf(line, sizeof line,
                      "  %-17s %3d %-7s %8.0f %8.0f  %5.2fx [%4.2f-%4.2f] %7.2f %7.2f %7.2f %7.2f %7.2f  %5.2fx %6.1f",
                      r.what.c_str(), r.clients, i == 0 ? "qmsd" : "compare", median(s.rps), median(r.rawRps),
                      median(s.ratio), *lo, *hi, percentile(s.ms, 0.5), qp99, percentile(r.rawMs, 0.5),
                      percentile(r.rawMs, 0.99), dp99, qp99 / dp99, r.rawPerCommit);
        std::cout << line << "\n";
        if (tail) {
            for (auto [name, v] : {std::pair{"qmsd", &s.ms}, {"raw", &r.rawMs}, {"disk", &r.diskMs}}) {
                std::snprintf(line, sizeof line, "      %-5s n=%-6zu", name, v->size());
                std::cout << line;
                for (double q : {0.5, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999}) {
                    std::snprintf(line, sizeof line, " p%g %.2f", q * 100, percentile(*v, q));
                    std::cout << line;
                }
                std::cout << "\n";
            }
        }
        if (s.refused != 0) {
            std::cout << "      (" << s.refused << " clients stopped early on " << s.firstRefusal.substr(0, 70)
                      << ")\n";
        }
    }
}

void printValues(const Row& r) {
    for (std::size_t i = 0; i < r.sides.size(); ++i) {
        const Side& s = r.sides[i];
        auto [lo, hi] = std::minmax_element(s.ratio.begin(), s.ratio.end());
        std::string k = std::string(i == 0 ? "http_" : "compare_") + r.key;
        printValue(k + "_rps", median(s.rps));
        printValue(k + "_vs_raw_ratio", median(s.ratio));
        printValue(k + "_vs_raw_ratio_min", *lo);
        printValue(k + "_vs_raw_ratio_max", *hi);
        printValue(k + "_p50_ms", percentile(s.ms, 0.5));
        printValue(k + "_p99_ms", percentile(s.ms, 0.99));
        printValue(k + "_p99_vs_disk_commit_p99", percentile(s.ms, 0.99) / percentile(r.diskMs, 0.99));
    }
    std::string k = "raw_" + r.key;
    printValue(k + "_rps", median(r.rawRps));
    printValue(k + "_p50_ms", percentile(r.rawMs, 0.5));
    printValue(k + "_p99_ms", percentile(r.rawMs, 0.99));
    printValue(k + "_disk_commit_p50_ms", percentile(r.diskMs, 0.5));
    printValue(k + "_disk_commit_p99_ms", percentile(r.diskMs, 0.99));
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    o.qmsd = defaultQmsd();
    if (!parseArgs(argc, argv, o)) {
        std::cerr << "usage: http_bench [--qmsd PATH] [--compare PATH2] [--seconds S] [--rounds R] [--clients N,N..] "
                     "[--dir DIR] [--log-level LEVEL] [--tail]"
                  << std::endl;
        return 2;
    }
    if (sodium_init() < 0) {
        die("libsodium failed to initialise");
    }
    std::vector<std::string> binaries{o.qmsd};
    if (!o.compare.empty()) {
        binaries.push_back(o.compare);
    }
    for (const auto& b : binaries) {
        if (::access(b.c_str(), X_OK) != 0) {
            die("no qmsd binary at " + b + " (--qmsd PATH or $QMSD_BINARY, --compare PATH2)");
        }
    }
    std::signal(SIGPIPE, SIG_IGN);
    fs::path work = fs::absolute(o.dir) / ("qmsd-http-bench-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(work, ec);
    if (ec) {
        die("cannot create " + work.string() + ": " + ec.message());
    }
    workDir() = work;
    std::cout << "qmsd HTTP benchmark: " << o.rounds << " rounds of " << o.seconds
              << " s per side, loopback, keep-alive, one fresh daemon per row\n"
              << "qmsd: " << o.qmsd << (o.compare.empty() ? "" : "\ncompare: " + o.compare) << "\n(log level "
              << o.logLevel << "), data in " << work.string() << " (WAL, synchronous=FULL)\n"
              << "raw: a minimal durable HTTP server, same requests, rows, pragmas and group commit\n"
              << "disk: bare SQLite commits of the same rows in this process, one per transaction\n\n"
              << std::flush;

    DiskCommits disk(work / "disk.db");
    std::vector<Row> rows;
    std::map<int, double> issueFloorRps;
    for (int n : o.clients) {
        Row row{"issue-ticket", "issue_c" + std::to_string(n), n};
        fs::path dir = work / ("issue-" + std::to_string(n));
        {
            std::vector<Subject> subjects;
            for (std::size_t i = 0; i < binaries.size(); ++i) {
                auto d = std::make_unique<DaemonProcess>(binaries[i], o.logLevel, dir / ("q" + std::to_string(i)));
                subjects.push_back(Subject{std::move(d), keep([](int c) { return issueScript(c, nullptr); })});
            }
            RawDurableServer raw(dir / "raw.db", 0);
            runRounds(row, o, subjects, raw, keep([](int c) { return issueScript(c, nullptr); }), disk);
        }
        fs::remove_all(dir, ec);
        issueFloorRps[n] = *std::max_element(row.rawRps.begin(), row.rawRps.end());
        rows.push_back(row);
    }
    for (int n : o.clients) {
        Row row{"call-next+finish", "callfinish_c" + std::to_string(n), n};
        fs::path dir = work / ("call-" + std::to_string(n));
        {
            // Enough waiting tickets for every round. A cycle is two requests,
            // each cheaper than an issue, and the disk's speed swings from
            // round to round: sized from the fastest round of the raw server's
            // issues (the floor), a cycle may run at twice that in requests
            // before any client meets an empty queue (a row where one did
            // says so below it).
            long budget = std::clamp(static_cast<long>(issueFloorRps[n] * o.seconds * o.rounds), 2000L, 600000L);
            std::vector<Subject> subjects;
            for (std::size_t i = 0; i < binaries.size(); ++i) {
                auto d = std::make_unique<DaemonProcess>(binaries[i], o.logLevel, dir / ("q" + std::to_string(i)));
                auto tokens = logIn(d->endpoint(), n);
                auto left = std::make_shared<long>(budget);
                Tally pre = runLoad(d->endpoint(), 64, 600, [left](int c) { return issueScript(c, left); });
                if (pre.refused != 0) {
                    die("pre-issue refused: " + pre.firstRefusal);
                }
                subjects.push_back(Subject{std::move(d), keep([tokens](int c) {
                                               auto k = static_cast<std::size_t>(c);
                                               return callScript(k < tokens.size() ? tokens[k] : "", c + 1);
                                           })});
            }
            RawDurableServer raw(dir / "raw.db", budget);
            runRounds(row, o, subjects, raw, keep([](int c) { return callScript("raw", c + 1); }), disk);
        }
        fs::remove_all(dir, ec);
        rows.push_back(row);
    }
    fs::remove_all(work, ec);

    std::cout << "  ratio: req/s over the raw server's in the same round; median [min-max] over rounds\n"
              << "  latencies pooled over the rounds; disk = one bare SQLite commit of the same rows\n\n"
              << "  what              n   binary    req/s    raw/s  ratio [spread]   p50     p99 raw p50 raw p99 "
                 "disk p99  p99/disk raw req/commit\n";
    for (const auto& r : rows) {
        printRow(r, o.tail);
    }
    std::cout << "\n";
    for (const auto& r : rows) {
        printValues(r);
    }
    return 0;
}
