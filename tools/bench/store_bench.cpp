// How fast qmsd makes ticket operations durable, against what the disk allows:
// the journal (one commit per command, and group commit), raw SQLite inserts
// of the same rows with the same durability settings, and the fsync rate of
// the same directory. Prints figures; never fails on time (STYLE.md rule 13).
//
// Usage: store_bench [--dir DIR] [--ops N] [--rounds R]
//   DIR: where to measure (default: the current directory, i.e. the disk the
//        repository is on); a fresh folder is made inside it and removed after.
//   N:   operations per measurement (default 2000; per side per round for the
//        journal-vs-raw comparison).
//   R:   rounds of that comparison (default 6).
//
// This disk's fsync time swings tenfold within minutes, so one journal run
// next to one raw run says little: the journal and raw SQLite alternate in R
// rounds (the order flips every round, each on a fresh file), each round's
// ratio is printed, and the median with its spread (min-max) is the figure.
#include "app/journal.hpp"
#include "clock/office_clock.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include "bench_common.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace qmsd;
using namespace qmsd::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    fs::path dir = fs::current_path();
    int ops = 2000;
    int rounds = 6;
};

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc) {
            o.dir = argv[++i];
        } else if (a == "--ops" && i + 1 < argc) {
            o.ops = std::atoi(argv[++i]);
        } else if (a == "--rounds" && i + 1 < argc) {
            o.rounds = std::atoi(argv[++i]);
        } else {
            return false;
        }
    }
    return o.ops > 0 && o.rounds > 0;
}

// What one measurement found: operations per second and, when each operation
// was timed on its own, its latency.
struct Figure {
    double opsPerSec = 0;
    double p50Ms = -1;
    double p99Ms = -1;
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Runs op(i) n times, timing each call.
Figure timeEach(int n, const std::function<void(int)>& op) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(n));
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        op(i);
        ms.push_back(seconds(Clock::now() - t0) * 1000.0);
    }
    double total = seconds(Clock::now() - start);
    return Figure{n / total, percentile(ms, 0.5), percentile(ms, 0.99)};
}

// The folder being measured in, removed on every way out.
fs::path& workDir() {
    static fs::path dir;
    return dir;
}

[[noreturn]] void die(const std::string& what) {
    std::cerr << "store_bench: " << what << std::endl;
    std::error_code ec;
    if (!workDir().empty()) {
        fs::remove_all(workDir(), ec);
    }
    std::exit(1);
}

// One field with room for any --ops, one counter, one staff member; open all
// day so the synthetic clock never meets a closed office.
std::shared_ptr<const OfficeConfig> benchOffice() {
    OfficeConfig c;
    c.sourcePath = "store-bench";
    for (auto& day : c.office.hours) {
        day = {Session{0, 24 * 60}};
    }
    c.office.cutoffMinutes = 0;
    c.fields = {FieldConfig{"ho_tich", "Hộ tịch", "HO TICH", Numbering{"A", 1, 99999999, 4}}};
    c.counters = {CounterConfig{1, "Quầy 1", {"ho_tich"}}};
    c.staff = {StaffConfig{"nv01", "Nguyễn Thị Lan", "$argon2id$x", {"ho_tich"}}};
    return std::make_shared<const OfficeConfig>(std::move(c));
}

// Synthetic time: one day, one millisecond per operation, so no run crosses midnight.
TimePoint at(int i) { return benchClock().instantOf("2026-11-23", 8 * 60) + Millis{i}; }

std::string publicId(const std::string& run, int i) { return run + "-" + std::to_string(i); }

IssueTicket issue(const std::string& run, int i) {
    return IssueTicket{"ho_tich", "", "", publicId(run, i)};
}

// A journal on a fresh database file in `dir`.
struct BenchJournal {
    std::unique_ptr<Store> store;
    std::unique_ptr<Journal> journal;

    BenchJournal(const fs::path& dir, const std::string& name) {
        auto s = Store::open((dir / (name + ".db")).string());
        if (!s) {
            die(s.error().message);
        }
        store = std::move(*s);
        auto j = Journal::open(*store, benchOffice(), at(0));
        if (!j) {
            die(j.error().message);
        }
        journal = std::move(*j);
    }

    void must(const Command& cmd, int i) {
        auto r = journal->execute(cmd, CommandMeta{at(i), "bench"});
        if (!r) {
            die(std::string(commandName(cmd)) + " refused: " + r.error().message);
        }
    }
};

// (1) One command, one transaction, acknowledged after the sync.
Figure benchExecute(const fs::path& dir, int n, const std::string& name = "execute") {
    BenchJournal b(dir, name);
    return timeEach(n, [&b](int i) { b.must(issue("x", i), i); });
}

// (4) The same issues, committed `batch` at a time.
Figure benchGroupCommit(const fs::path& dir, int n, int batch) {
    BenchJournal b(dir, "group" + std::to_string(batch));
    std::string run = "g" + std::to_string(batch);
    int failed = 0;
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
        b.journal->submit(issue(run, i), CommandMeta{at(i), "bench"},
                          [&failed](const Result<Events>& r) { failed += r.ok() ? 0 : 1; });
        if ((i + 1) % batch == 0 || i + 1 == n) {
            if (auto st = b.journal->flush(); !st) {
                die("flush failed: " + st.error().message);
            }
        }
    }
    double total = seconds(Clock::now() - start);
    if (failed != 0) {
        die(std::to_string(failed) + " group-committed issues were refused");
    }
    return Figure{n / total};
}

// A counter's working rhythm: issue, call, finish; every command its own commit.
Figure benchMixed(const fs::path& dir, int n) {
    BenchJournal b(dir, "mixed");
    b.must(OpenCounter{1, "nv01"}, 0);
    return timeEach(n, [&b](int i) {
        switch (i % 3) {
        case 0:
            b.must(issue("m", i), i + 1);
            break;
        case 1:
            b.must(CallNext{1}, i + 1);
            break;
        default:
            b.must(FinishService{1}, i + 1);
            break;
        }
    });
}

// (2) The rows Store::append writes for an issue (an events row and a tickets
// row, same columns, NULLs where Store binds NULL), on the same schema, with
// the same pragmas, one transaction per ticket, through prepared statements.
Figure benchRawSqlite(const fs::path& dir, int n, const std::string& name = "raw") {
    SQLite::Database db((dir / (name + ".db")).string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                        5000);
    Store::configureWriter(db);
    if (auto v = migrateSchema(db, Store::kSchemaVersion); !v) {
        die(v.error().message);
    }
    bench::RawIssue raw(db);
    const std::string day = "2026-11-23";
    return timeEach(n, [&](int i) {
        std::int64_t id = i + 1;
        std::int64_t ms = toMillis(at(i));
        std::string code = formatTicketCode(Numbering{"A", 1, 99999999, 4}, i + 1);
        std::string pid = publicId("raw", i);
        raw.issue(id, ms, day, code, pid);
    });
}

// (5) The disk's own limit: write 4 KiB and wait for it to be durable. Appending
// grows the file (the file system journals the new size too); overwriting in
// place is what a WAL does once it has been checkpointed and reused.
Figure benchSync(const fs::path& dir, int n, bool append) {
    std::string path = (dir / (append ? "sync-append.bin" : "sync-overwrite.bin")).string();
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        die("cannot create " + path + ": " + std::strerror(errno));
    }
    std::vector<char> block(4096, 'q');
    auto writeBlock = [fd, &block, &path](off_t where) {
        if (::pwrite(fd, block.data(), block.size(), where) != static_cast<ssize_t>(block.size())) {
            die("cannot write " + path + ": " + std::strerror(errno));
        }
    };
    if (!append) {
        writeBlock(0);
        ::fsync(fd);
    }
    Figure f = timeEach(n, [&](int i) {
        writeBlock(append ? static_cast<off_t>(i) * 4096 : 0);
        if (::fdatasync(fd) != 0) {
            die("fdatasync " + path + ": " + std::strerror(errno));
        }
    });
    ::close(fd);
    return f;
}

void printRow(const std::string& what, const Figure& f, const std::string& note) {
    char line[200];
    if (f.p50Ms >= 0) {
        std::snprintf(line, sizeof line, "  %-44s %10.0f %9.3f %9.3f   %s", what.c_str(),
                      f.opsPerSec, f.p50Ms, f.p99Ms, note.c_str());
    } else {
        std::snprintf(line, sizeof line, "  %-44s %10.0f %9s %9s   %s", what.c_str(), f.opsPerSec,
                      "-", "-", note.c_str());
    }
    std::cout << line << "\n";
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseArgs(argc, argv, o)) {
        std::cerr << "usage: store_bench [--dir DIR] [--ops N]" << std::endl;
        return 2;
    }
    fs::path work = fs::absolute(o.dir) / ("qmsd-store-bench-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(work, ec);
    if (ec) {
        die("cannot create " + work.string() + ": " + ec.message());
    }
    workDir() = work;
    std::cout << "qmsd store benchmark: " << o.ops << " ops per row, in " << work.string()
              << "\n(WAL, synchronous=FULL; one fresh database file per row)\n\n";

    // Journal vs raw SQLite, alternated; the rows below use the medians.
    std::vector<double> ratios, execOps, rawOps, execP50, execP99, rawP50, rawP99;
    std::cout << "  round  first    journal ops/s  p50 ms  p99 ms     raw ops/s  p50 ms  p99 ms   journal/raw\n";
    for (int r = 0; r < o.rounds; ++r) {
        std::string tag = std::to_string(r);
        Figure e, w;
        if (r % 2 == 0) {
            e = benchExecute(work, o.ops, "execute" + tag);
            w = benchRawSqlite(work, o.ops, "raw" + tag);
        } else {
            w = benchRawSqlite(work, o.ops, "raw" + tag);
            e = benchExecute(work, o.ops, "execute" + tag);
        }
        ratios.push_back(e.opsPerSec / w.opsPerSec);
        execOps.push_back(e.opsPerSec);
        rawOps.push_back(w.opsPerSec);
        execP50.push_back(e.p50Ms);
        execP99.push_back(e.p99Ms);
        rawP50.push_back(w.p50Ms);
        rawP99.push_back(w.p99Ms);
        std::printf("  %5d  %-7s %13.0f %7.3f %7.3f %13.0f %7.3f %7.3f   %6.2fx\n", r + 1, r % 2 == 0 ? "journal" : "raw",
                    e.opsPerSec, e.p50Ms, e.p99Ms, w.opsPerSec, w.p50Ms, w.p99Ms, ratios.back());
    }
    double ratioMin = *std::min_element(ratios.begin(), ratios.end());
    double ratioMax = *std::max_element(ratios.begin(), ratios.end());
    std::printf("  journal/raw over %d rounds: median %.2fx, spread %.2fx-%.2fx\n\n", o.rounds,
                percentile(ratios, 0.5), ratioMin, ratioMax);
    Figure execute{percentile(execOps, 0.5), percentile(execP50, 0.5), percentile(execP99, 0.5)};
    Figure raw{percentile(rawOps, 0.5), percentile(rawP50, 0.5), percentile(rawP99, 0.5)};
    Figure group8 = benchGroupCommit(work, o.ops, 8);
    Figure group64 = benchGroupCommit(work, o.ops, 64);
    Figure mixed = benchMixed(work, o.ops);
    Figure syncAppend = benchSync(work, o.ops, true);
    Figure syncOverwrite = benchSync(work, o.ops, false);
    fs::remove_all(work, ec);

    double ratio = percentile(ratios, 0.5);
    double share = execute.opsPerSec / syncAppend.opsPerSec;
    double shareOverwrite = execute.opsPerSec / syncOverwrite.opsPerSec;
    std::cout << "  what                                              ops/s    p50 ms    p99 ms\n";
    printRow("ticket issue, Journal::execute (median round)", execute, ratioText(ratio, "raw, median of rounds"));
    printRow("raw SQLite, same rows (median round)", raw, "baseline");
    printRow("ticket issue, submit+flush, batches of 8", group8,
             ratioText(group8.opsPerSec / raw.opsPerSec, "raw"));
    printRow("ticket issue, submit+flush, batches of 64", group64,
             ratioText(group64.opsPerSec / raw.opsPerSec, "raw"));
    printRow("office mix issue/call/finish, execute", mixed,
             ratioText(mixed.opsPerSec / raw.opsPerSec, "raw"));
    printRow("fdatasync after a 4 KiB append", syncAppend, "the disk's sync limit");
    printRow("fdatasync after a 4 KiB overwrite", syncOverwrite, "for comparison");
    std::cout << "\n  durable issue / raw SQLite:   " << ratioText(ratio, "") << " (median of " << o.rounds
              << " alternated rounds; spread " << ratioText(ratioMin, "") << "-" << ratioText(ratioMax, "") << ")\n"
              << "  share of the fsync limit:     " << ratioText(share, "")
              << " (of the overwrite sync rate: " << ratioText(shareOverwrite, "") << ")\n\n";

    printValue("issue_execute_ops_per_s", execute.opsPerSec);
    printValue("issue_execute_p50_ms", execute.p50Ms);
    printValue("issue_execute_p99_ms", execute.p99Ms);
    printValue("raw_sqlite_ops_per_s", raw.opsPerSec);
    printValue("raw_sqlite_p50_ms", raw.p50Ms);
    printValue("raw_sqlite_p99_ms", raw.p99Ms);
    printValue("issue_vs_raw_ratio", ratio);
    printValue("issue_vs_raw_ratio_min", ratioMin);
    printValue("issue_vs_raw_ratio_max", ratioMax);
    printValue("group8_ops_per_s", group8.opsPerSec);
    printValue("group8_vs_raw_ratio", group8.opsPerSec / raw.opsPerSec);
    printValue("group64_ops_per_s", group64.opsPerSec);
    printValue("group64_vs_raw_ratio", group64.opsPerSec / raw.opsPerSec);
    printValue("mixed_execute_ops_per_s", mixed.opsPerSec);
    printValue("fsync_append_per_s", syncAppend.opsPerSec);
    printValue("fsync_overwrite_per_s", syncOverwrite.opsPerSec);
    printValue("share_of_fsync_limit", share);
    printValue("share_of_overwrite_sync_limit", shareOverwrite);
    return 0;
}
