// qmsd-replay: real or generated arrivals through the queue engine.
//   check    — the engine's report over a replayed CSV equals the CSV's own figures
//   what-if  — a period replayed with a different counter plan
// Exit: 0 equal / done, 1 check found a difference, 2 bad input or failure.
#include "check_compare.hpp"
#include "config/config_loader.hpp"
#include "engine_driver.hpp"
#include "replay_check.hpp"
#include "what_if.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace qmsd;
using namespace qmsd::replay;

constexpr const char* kUsage =
    "usage:\n"
    "  qmsd-replay check --config office.toml --csv arrivals.csv [--db out.db]\n"
    "  qmsd-replay what-if --config office.toml (--db qmsd.db | --csv arrivals.csv)\n"
    "              --from YYYY-MM-DD --to YYYY-MM-DD [--add FIELD:WEEKDAYS:HH-HH:+N]...\n"
    "              [--remove FIELD:WEEKDAYS:HH-HH:N]... [--json]\n"
    "see tools/replay/README.md\n";

struct Args {
    std::string command;
    std::map<std::string, std::string> one;
    std::vector<std::pair<std::string, std::string>> changes; // (--add|--remove, spec)
    bool json = false;
};

int fail(const std::string& message) {
    std::cerr << "qmsd-replay: " << message << '\n';
    return 2;
}

Result<Args> parseArgs(int argc, char** argv) {
    Args a;
    if (argc < 2) {
        return makeError(ErrorCode::invalidArgument, "no command");
    }
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string k = argv[i];
        if (k == "--json") {
            a.json = true;
            continue;
        }
        bool known = k == "--config" || k == "--csv" || k == "--db" || k == "--from" ||
                     k == "--to" || k == "--add" || k == "--remove";
        if (!known) {
            return makeError(ErrorCode::invalidArgument, "unknown option '" + k + "'");
        }
        if (i + 1 >= argc) {
            return makeError(ErrorCode::invalidArgument, k + " needs a value");
        }
        std::string v = argv[++i];
        if (k == "--add" || k == "--remove") {
            a.changes.emplace_back(k, v);
        } else if (!a.one.emplace(k, v).second) {
            return makeError(ErrorCode::invalidArgument, k + " given twice");
        }
    }
    return a;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int runCheck(const Args& a, const OfficeConfig& cfg) {
    if (!a.one.count("--csv")) {
        return fail("check needs --csv");
    }
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    if (!clock) {
        return fail(clock.error().message);
    }
    auto t0 = std::chrono::steady_clock::now();
    auto arrivals = loadArrivals(a.one.at("--csv"), cfg, *clock);
    if (!arrivals) {
        return fail(arrivals.error().message);
    }
    auto db = ReplayDb::make(a.one.count("--db") ? a.one.at("--db") : "");
    if (!db) {
        return fail(db.error().message);
    }
    auto replayed = replayArrivals(*arrivals, cfg, db->path());
    if (!replayed) {
        return fail(replayed.error().message);
    }
    CheckResult result = compareFigures(figuresOf(arrivals->rows, cfg), replayed->report, cfg);
    printCheck(std::cout, result);
    std::printf("%d tickets, %s … %s, %ld engine commands, %.2f s%s\n", replayed->tickets,
                replayed->range.from.c_str(), replayed->range.to.c_str(), replayed->commands,
                secondsSince(t0),
                a.one.count("--db") ? (", store kept in " + db->path()).c_str() : "");
    std::printf("%s\n", result.equal() ? "OK: the report equals the CSV"
                                       : "DIFF: the report and the CSV differ");
    return result.equal() ? 0 : 1;
}

int runWhatIf(const Args& a, const OfficeConfig& cfg) {
    bool fromDb = a.one.count("--db") != 0;
    if (fromDb == (a.one.count("--csv") != 0)) {
        return fail("what-if needs one of --db or --csv");
    }
    if (!a.one.count("--from") || !a.one.count("--to")) {
        return fail("what-if needs --from and --to");
    }
    WhatIfInput in{&cfg, reports::DayRange{a.one.at("--from"), a.one.at("--to")}, {}};
    if (auto st = reports::validateRange(in.range); !st) {
        return fail(st.error().message);
    }
    for (const auto& [flag, spec] : a.changes) {
        auto change = parsePlanChange(spec, flag == "--remove", cfg);
        if (!change) {
            return fail(change.error().message);
        }
        in.changes.push_back(*change);
    }
    auto t0 = std::chrono::steady_clock::now();
    Result<WhatIfResult> result = makeError(ErrorCode::internal, "not run");
    if (fromDb) {
        result = whatIfFromStore(a.one.at("--db"), in);
    } else {
        auto clock = OfficeClock::forZone(cfg.office.timeZone);
        if (!clock) {
            return fail(clock.error().message);
        }
        auto arrivals = loadArrivals(a.one.at("--csv"), cfg, *clock);
        if (!arrivals) {
            return fail(arrivals.error().message);
        }
        result = whatIfFromArrivals(*arrivals, in);
    }
    if (!result) {
        return fail(result.error().message);
    }
    if (a.json) {
        std::cout << whatIfJson(*result).dump(2) << '\n';
    } else {
        printWhatIf(std::cout, *result);
        std::printf("%ld simulated engine commands, %.2f s\n", result->simulatedCommands,
                    secondsSince(t0));
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::cout << kUsage;
        return 0;
    }
    auto args = parseArgs(argc, argv);
    if (!args) {
        std::cerr << "qmsd-replay: " << args.error().message << '\n' << kUsage;
        return 2;
    }
    if (args->command != "check" && args->command != "what-if") {
        std::cerr << "qmsd-replay: unknown command '" << args->command << "'\n" << kUsage;
        return 2;
    }
    if (!args->one.count("--config")) {
        return fail("--config is required");
    }
    auto cfg = loadConfigFile(args->one.at("--config"));
    if (!cfg) {
        return fail(cfg.error().message);
    }
    return args->command == "check" ? runCheck(*args, *cfg) : runWhatIf(*args, *cfg);
}
