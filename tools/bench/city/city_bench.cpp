// city_bench — what the city view costs, against PostgreSQL's own baselines
// on the same machine, in the same run (tools/bench/city/README.md):
//  1. shipped events/s (the daemon's Shipper: SQLite → qmsd_ingest) against
//     the same rows COPY'd straight into the events table, alternated rounds;
//  2. catch-up of a day of N offices (200: about 2 million events) after the
//     server was down for a while;
//  3. a city report over a year of M offices (30) against bare SQL over the
//     same tables, cold (digests computed) and warm.
// Run it through city_bench.py (a throwaway cluster); prints figures and
// bench.<name>=<value> lines, never fails on time.
#include "bench_city.hpp"

#include "app/logging.hpp"
#include "pg/centre_schema.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

int intArg(int argc, char** argv, const std::string& name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (name == argv[i]) {
            return std::atoi(argv[i + 1]);
        }
    }
    return fallback;
}

double doubleArg(int argc, char** argv, const std::string& name, double fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (name == argv[i]) {
            return std::atof(argv[i + 1]);
        }
    }
    return fallback;
}

std::string textArg(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (name == argv[i]) {
            return argv[i + 1];
        }
    }
    return fallback;
}

} // namespace

int main(int argc, char** argv) {
    using namespace qmsd;
    if (sodium_init() < 0) {
        return 1;
    }
    initLogging("error"); // 200 shippers failing through an outage would fill the screen
    bench::PgTarget t;
    t.params.conninfo = textArg(argc, argv, "--conninfo", "");
    t.params.password = std::getenv("QMSD_BENCH_PG_PASSWORD") != nullptr ? std::getenv("QMSD_BENCH_PG_PASSWORD") : "";
    t.params.applicationName = "city_bench";
    t.pgCtl = textArg(argc, argv, "--pg-ctl", "");
    std::string work = textArg(argc, argv, "--work", "");
    std::string only = textArg(argc, argv, "--only", "all");
    if (t.params.conninfo.empty() || work.empty()) {
        std::fprintf(stderr, "usage: city_bench --conninfo INFO --work DIR [--pg-ctl CMD] [--only ship|catchup|report]\n"
                             "  [--ship-days 5] [--rounds 5] [--batch 1000] [--offices 200] [--threads 8]\n"
                             "  [--outage 120] [--report-offices 30] [--report-days 365] [--report-scale 0.15]\n"
                             "(city_bench.py runs it against a throwaway server)\n");
        return 2;
    }
    std::filesystem::create_directories(work);
    {
        auto c = pg::Connection::open(t.params);
        if (!c) {
            std::fprintf(stderr, "city_bench: %s\n", c.error().message.c_str());
            return 1;
        }
        auto v = pg::migrateCentre(*c);
        if (!v) {
            std::fprintf(stderr, "city_bench: %s\n", v.error().message.c_str());
            return 1;
        }
        std::printf("server: %s, centre schema v%d\n", c->describe().c_str(), *v);
    }
    int batch = intArg(argc, argv, "--batch", 1000);
    if (only == "all" || only == "ship") {
        bench::benchShippingRatio(t, work, intArg(argc, argv, "--ship-days", 5), intArg(argc, argv, "--rounds", 5),
                                  batch);
    }
    if (only == "all" || only == "catchup") {
        bench::benchCatchUp(t, work, intArg(argc, argv, "--offices", 200), intArg(argc, argv, "--threads", 8),
                            intArg(argc, argv, "--outage", 120), batch);
    }
    if (only == "all" || only == "report") {
        bench::benchCityReport(t, work, intArg(argc, argv, "--report-offices", 30),
                               intArg(argc, argv, "--report-days", 365), doubleArg(argc, argv, "--report-scale", 0.15),
                               intArg(argc, argv, "--rounds", 3));
    }
    return 0;
}
