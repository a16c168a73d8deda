#include "forecast_cost.hpp"

#include "analytics/estimator.hpp"
#include "bench_common.hpp"

#include <chrono>
#include <cstdio>
#include <ostream>
#include <random>

namespace qmsd::bench {
namespace {

constexpr int kFields = 30;
constexpr int kCounters = 60;
const std::string kDay = "2026-11-23";

std::shared_ptr<const OfficeConfig> centre() {
    auto c = std::make_shared<OfficeConfig>();
    c->office.name = "Trung tâm phục vụ hành chính công";
    c->office.priorityRule = PriorityRule::everyN;
    for (auto& day : c->office.hours) {
        day = {Session{0, 24 * 60 - 1}};
    }
    c->office.cutoffMinutes = 0;
    for (int f = 0; f < kFields; ++f) {
        std::string id = "f" + std::to_string(f);
        FieldConfig fc;
        fc.id = id;
        fc.name = "Lĩnh vực " + std::to_string(f);
        fc.numbering = Numbering{std::string(1, static_cast<char>('A' + f % 26)) + std::to_string(f / 26), 1, 9999, 4};
        c->fields.push_back(fc);
    }
    for (int n = 1; n <= kCounters; ++n) {
        std::vector<std::string> fields;
        for (int k = 0; k < 3; ++k) {
            fields.push_back("f" + std::to_string((n + k * 7) % kFields));
        }
        c->counters.push_back(CounterConfig{n, "Quầy " + std::to_string(n), fields});
        c->staff.push_back(StaffConfig{"s" + std::to_string(n), "Cán bộ " + std::to_string(n), "x", fields});
    }
    c->priorities = {PriorityClass{"elderly", "Người cao tuổi"}};
    return c;
}

double microseconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

} // namespace

void printForecastCost(std::ostream& out) {
    out << "\n== forecast cost (30 fields, 60 counters calling 3 fields each; once per committed change)\n";
    for (int waiting : {50, 200, 800}) {
        auto cfg = centre();
        QueueEngine engine(cfg, benchClock(), EngineStart{kDay, 0, 0});
        TimePoint now = benchClock().instantOf(kDay, 9 * 60);
        auto run = [&engine, &now](const Command& c) {
            auto ev = engine.plan(c, CommandMeta{now, "bench"});
            if (ev) {
                engine.apply(*ev);
            }
        };
        for (int n = 1; n <= kCounters; ++n) {
            run(OpenCounter{n, "s" + std::to_string(n)});
        }
        std::mt19937 rng(7);
        for (int i = 0; i < waiting + kCounters / 2; ++i) {
            now += std::chrono::seconds{2};
            run(IssueTicket{"f" + std::to_string(rng() % kFields), rng() % 100 < 8 ? "elderly" : ""});
        }
        for (int n = 1; n <= kCounters; n += 2) {
            run(CallNext{n}); // half the counters busy
        }
        ServiceModel model = ServiceModel::uniform(10, 0.6);
        std::vector<double> times;
        for (int r = 0; r < 30; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            WaitForecast f = forecastWaits(engine, model, now);
            times.push_back(microseconds(std::chrono::steady_clock::now() - t0));
            if (f.newTicket("f0", false) == nullptr) {
                out << "  (no forecast for f0?)\n";
            }
        }
        Estimator estimator;
        estimator.forecast(engine, now);
        TicketId some = engine.tickets().back().id;
        auto t0 = std::chrono::steady_clock::now();
        constexpr int kLookups = 100000;
        double sink = 0;
        for (int i = 0; i < kLookups; ++i) {
            auto f = estimator.ticket(engine, some, now);
            sink += f ? f->minutes : 0;
        }
        double lookupNs = microseconds(std::chrono::steady_clock::now() - t0) * 1000 / kLookups;
        char buf[200];
        std::snprintf(buf, sizeof buf, "  %4d waiting: forecast median %7.0f µs, p90 %7.0f µs; a reply's lookup %5.0f ns%s\n",
                      waiting, percentile(times, 0.5), percentile(times, 0.9), lookupNs, sink < 0 ? "!" : "");
        out << buf;
    }
}

} // namespace qmsd::bench
