#pragma once
// A generated arrivals CSV: the model of tools/replay/make_arrivals.py in
// C++, so unit tests and benchmarks need no Python. Poisson arrivals per
// field from each session's opening to its cut-off, lognormal service,
// counters serving FIFO (a free counter calls the longest-waiting ticket of
// its fields at once, lowest number first), no-shows marked after 60 s, a
// few leavers. Same seed, same file, on any platform (own PRNG and
// distributions).
//
// SyntheticRealism adds what real offices do and the plain model leaves out
// (all off by default, and then the file is the plain model's, draw for
// draw): a ward's day (a rush at each session's opening, fewer near the
// cut-off), busier and quieter days, staff who take a moment between a
// finish and the next call, breaks taken while people wait, a counter left
// unstaffed for a session, and priority tickets called by the office's
// mixing rule.
#include "config/office_config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qmsd::replay {

struct SyntheticField {
    std::string id;
    double perHour = 6;
    double medianMinutes = 8;
};

struct SyntheticRealism {
    bool wardDay = false;          // ×1.6 in each session's first hour, ×0.6 in its last 45 minutes before the cut-off
    double dayToDay = 0;           // σ of a lognormal factor on each day's arrivals
    double turnaroundSeconds = 0;  // mean pause between a finish and the counter's next call
    double breakChance = 0;        // per counter and session: a break, taken whoever waits
    int breakMinutesMin = 10;
    int breakMinutesMax = 25;
    double absentChance = 0;       // per counter and session: nobody at it
    double priorityShare = 0;      // tickets of priority class `priorityClass`
    std::string priorityClass = "elderly";
    PriorityRule priorityRule = PriorityRule::strict;
    int priorityEvery = 3;
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
    SyntheticRealism real;
};

// Header: issued_at,field,called_at,service_start,service_end,counter,outcome
// (and ,priority when priorityShare > 0).
std::string syntheticArrivalsCsv(const SyntheticOffice& office);

} // namespace qmsd::replay
