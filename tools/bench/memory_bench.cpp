// How much memory the real qmsd keeps (RSS, from /proc) in the cases an
// office meets: idle; a busy day of ~26,000 and ~53,000 tickets, issued by 16
// kiosks and served by 64 counters over HTTP; 10,000 citizens waiting in one
// field while counters, the dashboard and the TV keep asking; and after a
// leader's two-year report (1M tickets of history), cold and then again
// warm. Prints figures; never fails on size (STYLE.md rule 13).
//
// Usage: memory_bench [--qmsd PATH] [--dir DIR] [--skip-report] [--hold S]
//   PATH: the qmsd binary (default $QMSD_BINARY, else ../../daemon/qmsd)
//   DIR:  where the daemons' data goes (default: the current directory)
//   S:    keep the daemon up S seconds after each figure, to look inside it
//         (/proc/PID/smaps, heaptrack, gdb); its pid is printed
#include "http/bench_daemon.hpp"
#include "http/bench_load.hpp"
#include "reports/bench_office.hpp"

#include "bench_common.hpp"
#include "clock/office_clock.hpp"

#include <sodium.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace qmsd;
using namespace qmsd::bench;
namespace fs = std::filesystem;
namespace bh = boost::beast::http;

namespace {

// VmRSS, VmHWM (the peak) and the RSS's two parts of `pid`, in MiB: RssAnon
// is qmsd's own memory (heap, stacks), RssFile the pages of the program and
// its libraries it has touched, shared with every other process using them.
struct Rss {
    double rss = -1, hwm = -1, anon = -1, file = -1;
};

Rss rssOf(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    Rss r;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string key;
        double kb = 0;
        f >> key >> kb;
        if (key == "VmRSS:") {
            r.rss = kb / 1024;
        } else if (key == "VmHWM:") {
            r.hwm = kb / 1024;
        } else if (key == "RssAnon:") {
            r.anon = kb / 1024;
        } else if (key == "RssFile:") {
            r.file = kb / 1024;
        }
    }
    return r;
}

int holdSeconds = 0;

void report(const std::string& what, const std::string& key, const DaemonProcess& d, const std::string& note = "") {
    std::this_thread::sleep_for(std::chrono::milliseconds{500}); // replies and timers settle
    if (holdSeconds > 0) {
        std::cout << "  (holding qmsd pid " << d.pid() << " for " << holdSeconds << " s)" << std::endl;
        std::this_thread::sleep_for(std::chrono::seconds{holdSeconds});
    }
    Rss r = rssOf(d.pid());
    char line[256];
    std::snprintf(line, sizeof line, "  %-52s %8.1f %8.1f %8.1f %8.1f   %s", what.c_str(), r.rss, r.hwm, r.anon, r.file,
                  note.c_str());
    std::cout << line << std::endl;
    printValue("memory_" + key + "_rss_mib", r.rss);
    printValue("memory_" + key + "_peak_mib", r.hwm);
    printValue("memory_" + key + "_anon_mib", r.anon);
}

// Issues `n` tickets from 16 kiosks (fields in turn, or all in `field`).
// Each call's request ids are its own: a repeated id is an idempotent replay (200).
void issue(const DaemonProcess& d, long n, const std::string& field = "") {
    static int round = 0;
    std::string tag = "r" + std::to_string(++round);
    auto left = std::make_shared<long>(n);
    Tally t = runLoad(d.endpoint(), 16, 3600, [left, field, tag](int c) {
        Script s = issueScript(c, left);
        auto next = s.next;
        s.next = [next, field, tag](Request& req) {
            if (!next(req)) {
                return false;
            }
            std::string body = req.body();
            auto id = body.find("\"request_id\":\"");
            body.insert(id + 14, tag);
            if (!field.empty()) {
                auto at = body.find("\"field\":\"");
                auto end = body.find('"', at + 9);
                body = body.substr(0, at + 9) + field + body.substr(end);
            }
            req.body() = body;
            return true;
        };
        return s;
    });
    if (t.refused != 0) {
        die("issuing refused: " + t.firstRefusal);
    }
}

// Counters 1..64 call and finish until nobody waits.
void serveAll(const DaemonProcess& d, const std::vector<std::string>& tokens) {
    runLoad(d.endpoint(), static_cast<int>(tokens.size()), 3600,
            [&tokens](int c) { return callScript(tokens[static_cast<std::size_t>(c)], c + 1); });
}

// One GET as `token`; returns the reply's size.
std::size_t get(const DaemonProcess& d, const std::string& target, const std::string& token) {
    std::size_t bytes = 0;
    int status = 0;
    runLoad(d.endpoint(), 1, 3600, [&](int) {
        auto sent = std::make_shared<bool>(false);
        return Script{[sent, target, token](Request& req) {
                          if (*sent) {
                              return false;
                          }
                          *sent = true;
                          req.method(bh::verb::get);
                          req.target(target);
                          if (!token.empty()) {
                              req.set(bh::field::authorization, "Bearer " + token);
                          }
                          return true;
                      },
                      [&bytes, &status](const Response& res) {
                          bytes = res.body().size();
                          status = res.result_int();
                          return true;
                      }};
    });
    if (status != 200) {
        die("GET " + target + " answered " + std::to_string(status));
    }
    return bytes;
}

// One TV page polling GET /api/v1/display back to back for `seconds`: the
// latencies (ms) of its replies.
std::vector<double> pollDisplay(const DaemonProcess& d, double seconds) {
    Tally t = runLoad(d.endpoint(), 1, seconds, [](int) {
        return Script{[](Request& req) {
                          req.method(bh::verb::get);
                          req.target("/api/v1/display");
                          return true;
                      },
                      [](const Response& res) { return res.result_int() == 200; }};
    });
    if (t.refused != 0) {
        die("GET /api/v1/display refused: " + t.firstRefusal);
    }
    return t.ms;
}

std::string latencyLine(const std::vector<double>& ms, double seconds) {
    if (ms.empty()) {
        return "no replies";
    }
    char line[160];
    std::snprintf(line, sizeof line, "%6.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms", ms.size() / seconds,
                  percentile(ms, 0.5), percentile(ms, 0.99), percentile(ms, 1.0));
    return line;
}

std::string daysBefore(const std::string& day, int n) {
    const auto& clock = benchClock();
    return clock.localDay(clock.instantOf(day, 12 * 60) - std::chrono::hours{24} * n);
}

} // namespace

int main(int argc, char** argv) {
    std::string qmsd = defaultQmsd();
    fs::path dir = fs::current_path();
    bool skipReport = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--qmsd" && i + 1 < argc) {
            qmsd = argv[++i];
        } else if (a == "--dir" && i + 1 < argc) {
            dir = argv[++i];
        } else if (a == "--skip-report") {
            skipReport = true;
        } else if (a == "--hold" && i + 1 < argc) {
            holdSeconds = std::atoi(argv[++i]);
        } else {
            std::cerr << "usage: memory_bench [--qmsd PATH] [--dir DIR] [--skip-report] [--hold SECONDS]" << std::endl;
            return 2;
        }
    }
    if (sodium_init() < 0) {
        die("libsodium failed to initialise");
    }
    std::signal(SIGPIPE, SIG_IGN);
    fs::path work = fs::absolute(dir) / ("qmsd-memory-bench-" + std::to_string(::getpid()));
    fs::create_directories(work);
    workDir() = work;
    std::cout << "qmsd memory benchmark: " << qmsd << "\n  RSS, its peak (VmHWM) and its two parts in MiB, from /proc:"
              << " anon is qmsd's own memory, file the\n  pages of its program and libraries, shared with other processes\n\n"
              << "  case                                                      RSS     peak     anon     file\n";
    std::error_code ec;
    {
        DaemonProcess d(qmsd, "info", work / "day");
        report("idle, just started", "idle", d);
        auto tokens = logIn(d.endpoint(), kCounters);
        issue(d, 26000);
        serveAll(d, tokens);
        report("a day of 26,000 tickets, all served", "day26k", d);
        issue(d, 27000);
        serveAll(d, tokens);
        report("a day of 53,000 tickets, all served", "day53k", d);
    }
    fs::remove_all(work / "day", ec);
    {
        DaemonProcess d(qmsd, "info", work / "waiting");
        auto tokens = logIn(d.endpoint(), 4);
        issue(d, 10000, "ho_tich");
        report("10,000 waiting in one field", "waiting10k", d);
        std::size_t counter = get(d, "/api/v1/counters/1", tokens[0]);
        std::size_t stats = get(d, "/api/v1/stats/fields", leaderToken());
        std::size_t display = get(d, "/api/v1/display", "");
        report("  and after a counter's, the dashboard's, the TV's reads", "waiting10k_read", d,
               "replies " + std::to_string(counter) + ", " + std::to_string(stats) + ", " + std::to_string(display) +
                   " bytes");
    }
    fs::remove_all(work / "waiting", ec);
    if (!skipReport) {
        fs::path data = work / "report" / "data";
        fs::create_directories(data);
        std::string today = benchClock().localDay(systemNow());
        std::string to = daysBefore(today, 1), from = daysBefore(today, 730);
        auto t0 = std::chrono::steady_clock::now();
        auto g = generateHistory((data / "qmsd.db").string(), busyOffice(), from, to, 42);
        std::printf("  (history %s..%s: %lld tickets, %lld events, made in %.0f s)\n", from.c_str(), to.c_str(),
                    static_cast<long long>(g.tickets), static_cast<long long>(g.events),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        // Start-up: from spawning qmsd to its first reply (the port opens
        // before the store's start-up work is done).
        t0 = std::chrono::steady_clock::now();
        DaemonProcess d(qmsd, "info", work / "report");
        get(d, "/api/v1/display", "");
        double startMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        printValue("startup_history_ms", startMs);
        report("two years of history, idle", "history_idle", d,
               "first reply " + std::to_string(static_cast<int>(startMs)) + " ms after start");
        std::string target = "/api/v1/reports/summary?from=" + from + "&to=" + to;
        // The floor while the report's two threads run: a TV page polling
        // the display, before, during and after (the disk's cache is cold).
        auto before = pollDisplay(d, 2.0);
        std::atomic<bool> done{false};
        std::size_t bytes = 0;
        t0 = std::chrono::steady_clock::now();
        std::thread leader([&] {
            bytes = get(d, target, leaderToken());
            done = true;
        });
        std::vector<double> during;
        while (!done) {
            auto part = pollDisplay(d, 0.2);
            during.insert(during.end(), part.begin(), part.end());
        }
        leader.join();
        double cold = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        auto after = pollDisplay(d, 2.0);
        report("after a two-year report, cold", "after_report_cold", d,
               std::to_string(bytes) + " bytes in " + std::to_string(cold).substr(0, 4) + " s");
        std::cout << "  a TV page polling /api/v1/display, one request at a time:\n"
                  << "    before the report           " << latencyLine(before, 2.0) << "\n"
                  << "    during the cold report      " << latencyLine(during, cold) << "\n"
                  << "    after it                    " << latencyLine(after, 2.0) << std::endl;
        t0 = std::chrono::steady_clock::now();
        get(d, target, leaderToken());
        double warm = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        report("after the same report again, warm", "after_report_warm", d,
               "in " + std::to_string(warm).substr(0, 4) + " s");
    }
    fs::remove_all(work, ec);
    return 0;
}
