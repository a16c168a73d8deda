#pragma once
// A generated arrivals CSV, the model of tools/replay/make_arrivals.py in C++
// so unit tests need no Python: Poisson arrivals per field from each session's
// opening to its cut-off, lognormal service, counters serving FIFO (a free
// counter calls the longest-waiting ticket of its fields at once, lowest
// number first), no-shows marked after 60 s, a few leavers. Same seed, same
// file, on any platform (own PRNG and distributions).
#include "config/office_config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qmsd::test {

struct SyntheticField {
    std::string id;
    double perHour = 6;
    double medianMinutes = 8;
};

struct SyntheticOffice {
    std::vector<std::string> days; // "YYYY-MM-DD"
    std::vector<SyntheticField> fields;
    std::vector<CounterConfig> counters; // the counters that serve, with their fields
    std::vector<Session> sessions;       // every day
    int cutoffMinutes = 15;
    double sigma = 0.5;
    double noShow = 0.03;
    double cancel = 0.02;        // share who leave if not called within their patience
    double patienceMinutes = 20; // mean
    std::uint64_t seed = 1;
};

// Header: issued_at,field,called_at,service_start,service_end,counter,outcome
std::string syntheticArrivalsCsv(const SyntheticOffice& office);

} // namespace qmsd::test
