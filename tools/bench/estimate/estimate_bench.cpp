// estimate_bench: how good are the waits qmsd tells, and its staffing flags?
//
// Months of a ward's office are generated (tools/replay/synthetic_arrivals,
// with what real offices do: a rush at each opening, busier and quieter
// days, pauses between citizens, breaks taken while people wait, a counter
// sometimes unstaffed, priority tickets under the office's rule, leavers)
// and replayed through the engine and store as `qmsd-replay check` does,
// with the daemon's own estimator telling each ticket its wait. On the same
// tickets the simple predictors are asked too: the usual product formula
// (mean service × people ahead ÷ open counters, and its "+1" variant) and
// "always 0". Printed: mean absolute error and bias by field and hour, the
// ratios, and the share of waits inside the range a citizen was shown.
// The flags, assessed every 30 s as the daemon does, are held against the
// hours whose share called within target really fell short: catch rate and
// false-alarm rate. `--csv FILE` evaluates a real period instead.
//
// No public ticket-queue data set with per-ticket issue, call and end times
// was found to convert (the Technion call-centre records are not in reach
// offline); a real office's export goes through --csv.
//
//   build/tools/bench/estimate/estimate_bench [--config office.toml] [--days 22] [--seeds 2] [--csv FILE]
#include "bench_common.hpp"
#include "config/config_loader.hpp"
#include "engine_driver.hpp"
#include "estimate_accuracy.hpp"
#include "flag_accuracy.hpp"
#include "forecast_cost.hpp"
#include "replay_check.hpp"
#include "synthetic_arrivals.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

using namespace qmsd;

namespace {

struct Options {
    std::string config = QMSD_SOURCE_DIR "/config/demo-office.toml";
    int days = 22;
    int seeds = 2;
    std::string csv;
};

// A ward's traffic for the demo office's fields (per hour, median minutes).
const std::map<std::string, replay::SyntheticField> kWard{
    {"ho_tich", {"ho_tich", 5, 8}},       {"chung_thuc", {"chung_thuc", 9, 4}},
    {"dat_dai", {"dat_dai", 1.6, 20}},    {"xay_dung", {"xay_dung", 1.2, 20}},
    {"kinh_doanh", {"kinh_doanh", 2.5, 12}}, {"ldtbxh", {"ldtbxh", 2.5, 10}},
    {"phan_anh", {"phan_anh", 1.0, 10}},
};

std::vector<std::string> workingDays(const OfficeConfig& cfg, const OfficeClock& clock, int count) {
    std::vector<std::string> out;
    for (std::string day = "2026-11-02"; static_cast<int>(out.size()) < count; day = nextDay(day)) {
        int weekday = clock.local(clock.instantOf(day, 12 * 60)).weekday;
        bool closed = std::find(cfg.office.closedDates.begin(), cfg.office.closedDates.end(), day) !=
                      cfg.office.closedDates.end();
        if (weekday < 5 && !closed) {
            out.push_back(day);
        }
    }
    return out;
}

replay::SyntheticOffice month(const OfficeConfig& cfg, const OfficeClock& clock, int days, double load,
                              double breaks, std::uint64_t seed) {
    replay::SyntheticOffice o;
    o.days = workingDays(cfg, clock, days);
    for (const auto& f : cfg.fields) {
        auto it = kWard.find(f.id);
        replay::SyntheticField sf = it != kWard.end() ? it->second : replay::SyntheticField{f.id, 2, 10};
        sf.perHour *= load;
        o.fields.push_back(sf);
        o.cutoffMinutes = std::max(o.cutoffMinutes, f.cutoffMinutes.value_or(cfg.office.cutoffMinutes));
    }
    o.counters = cfg.counters;
    o.sessions = cfg.office.hours[0];
    o.seed = seed;
    o.cancel = 0.04;
    o.patienceMinutes = 30;
    o.real.wardDay = true;
    o.real.dayToDay = 0.25;
    o.real.turnaroundSeconds = 60;
    o.real.breakChance = breaks;
    o.real.absentChance = 0.06;
    o.real.priorityShare = cfg.priorities.empty() ? 0 : 0.08;
    o.real.priorityClass = cfg.priorities.empty() ? "" : cfg.priorities.front().id;
    o.real.priorityRule = cfg.office.priorityRule;
    o.real.priorityEvery = cfg.office.priorityEvery;
    return o;
}

struct Outcome {
    std::vector<double> mae; // by predictor, then the in-range share
    bench::FlagScore flags;
};

Result<Outcome> evaluate(const std::string& title, const replay::Arrivals& a, const OfficeConfig& cfg) {
    auto db = replay::ReplayDb::make("");
    if (!db) {
        return db.error();
    }
    bench::AccuracyRecorder accuracy;
    bench::FlagRecorder flags;
    auto started = std::chrono::steady_clock::now();
    auto replayed = replay::replayArrivals(a, cfg, db->path(), [&](const replay::EngineDriver& d, const replay::ReplayStep& s) {
        flags.advanceTo(d, s.at);
        if (s.issue) {
            accuracy.onIssue(d, a.rows[s.row], s.row, s.at);
        }
    });
    if (!replayed) {
        return replayed.error();
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "\n== " << title << ": " << replayed->tickets << " tickets, " << replayed->range.from << " … "
              << replayed->range.to << ", mean wait "
              << static_cast<int>(replayed->report.total.wait.mean / 60 + 0.5) << " min, replayed in "
              << static_cast<int>(seconds + 0.5) << " s\n";
    Outcome out;
    out.mae = accuracy.report(std::cout, a, cfg);
    std::cout << "  staffing flags (NEED_STAFF for ≥ 10 min of an hour; hours with ≥ 4 judged tickets):\n";
    for (double minutes : {10.0, 5.0, 0.5}) {
        bench::FlagScore s = bench::scoreFlags(a, cfg, flags, minutes, 4);
        char buf[300];
        std::snprintf(buf, sizeof buf,
                      "    flag held ≥ %4.1f min: %3d short hours, %3d caught (%5.1f%%); %3d flagged hours, "
                      "%3d false alarms (%5.1f%%); %d ok hours; %d flagged hours too quiet to judge\n",
                      minutes, s.shortHours, s.caught, 100 * s.catchRate(), s.caught + s.falseAlarms, s.falseAlarms,
                      100 * s.falseAlarmRate(), s.okHours, s.flaggedUnjudged);
        std::cout << buf;
        std::string by;
        for (const auto& [finding, n] : s.falseAlarmsBy) {
            by += (by.empty() ? "" : ", ") + finding + " " + std::to_string(n);
        }
        if (!by.empty()) {
            std::cout << "      false alarms raised by: " << by << "\n";
        }
        if (minutes == 10.0) {
            out.flags = s;
        }
    }
    return out;
}

int usage() {
    std::cerr << "usage: estimate_bench [--config office.toml] [--days N] [--seeds K] [--csv FILE]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) {
            return usage();
        }
        if (arg == "--config") {
            o.config = argv[++i];
        } else if (arg == "--days") {
            o.days = std::atoi(argv[++i]);
        } else if (arg == "--seeds") {
            o.seeds = std::atoi(argv[++i]);
        } else if (arg == "--csv") {
            o.csv = argv[++i];
        } else {
            return usage();
        }
    }
    auto cfg = loadConfigFile(o.config);
    if (!cfg) {
        std::cerr << "estimate_bench: " << cfg.error().message << "\n";
        return 2;
    }
    auto clock = OfficeClock::forZone(cfg->office.timeZone);
    std::vector<std::pair<std::string, replay::Arrivals>> runs;
    if (!o.csv.empty()) {
        auto a = replay::loadArrivals(o.csv, *cfg, *clock);
        if (!a) {
            std::cerr << "estimate_bench: " << a.error().message << "\n";
            return 2;
        }
        runs.emplace_back(o.csv, std::move(*a));
    }
    for (int seed = 1; o.csv.empty() && seed <= o.seeds; ++seed) {
        struct Kind { const char* name; double load; double breaks; };
        for (Kind k : {Kind{"ward month", 0.75, 0.35}, Kind{"busy month", 1.0, 0.5}}) {
            auto text = replay::syntheticArrivalsCsv(month(*cfg, *clock, o.days, k.load, k.breaks, 1000 + seed));
            auto a = replay::parseArrivals(text, "generated.csv", *cfg, *clock);
            if (!a) {
                std::cerr << "estimate_bench: generated month refused: " << a.error().message << "\n";
                return 1;
            }
            runs.emplace_back(std::string(k.name) + ", seed " + std::to_string(seed), std::move(*a));
        }
    }
    std::cout << "estimate_bench: " << o.config << "\n";
    std::vector<double> sum(bench::kPredictors + 1, 0);
    bench::FlagScore flags;
    for (const auto& [title, arrivals] : runs) {
        auto r = evaluate(title, arrivals, *cfg);
        if (!r) {
            std::cerr << "estimate_bench: " << title << ": " << r.error().message << "\n";
            return 1;
        }
        for (std::size_t p = 0; p < sum.size(); ++p) {
            sum[p] += r->mae[p] / runs.size();
        }
        flags.shortHours += r->flags.shortHours;
        flags.okHours += r->flags.okHours;
        flags.caught += r->flags.caught;
        flags.falseAlarms += r->flags.falseAlarms;
    }
    std::cout << "\n== over " << runs.size() << " periods (mean of their MAEs, minutes)\n";
    for (int p = 0; p < bench::kPredictors; ++p) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "  %-18s MAE %6.2f  qmsd ÷ it %.2fx\n", bench::kPredictorNames[p], sum[p],
                      sum[bench::kQmsd] / std::max(1e-9, sum[p]));
        std::cout << buf;
    }
    bench::printForecastCost(std::cout);
    bench::printValue("estimate.mae_qmsd_min", sum[bench::kQmsd]);
    bench::printValue("estimate.mae_simple_min", std::min(sum[bench::kSimple], sum[bench::kSimpleNext]));
    bench::printValue("estimate.mae_zero_min", sum[bench::kZero]);
    bench::printValue("estimate.qmsd_over_simple", sum[bench::kQmsd] / std::min(sum[bench::kSimple], sum[bench::kSimpleNext]));
    bench::printValue("estimate.qmsd_over_zero", sum[bench::kQmsd] / sum[bench::kZero]);
    bench::printValue("estimate.in_range_share", sum[bench::kPredictors]);
    bench::printValue("flags.catch_rate", flags.catchRate());
    bench::printValue("flags.false_alarm_rate", flags.falseAlarmRate());
    return 0;
}
