#pragma once
// Samples of durations and their summary (mean, median, nearest-rank p90),
// shared by every breakdown of a report.
#include "reports/report_query.hpp"

#include <cstdint>
#include <vector>

namespace qmsd::reports {

// Reorders `millis` (nth_element); the result is in seconds.
DurationStats summarize(std::vector<std::int32_t>& millis);

// Nearest-rank percentile of sorted-or-not samples (reorders them): the
// smallest sample with at least p·n samples ≤ it. p in (0, 1].
std::int32_t nearestRank(std::vector<std::int32_t>& millis, double p);

// count, responseRate and shareSatisfied from the levels and `served`.
void finishRatings(Ratings& ratings, int served);
// Adds r's counts (levels, channels, questions, count) into `into`.
void addRatings(Ratings& into, const Ratings& r);

// What one breakdown row collects while the event log is read.
struct Accumulator {
    Outcomes outcomes;
    std::vector<std::int32_t> waitMs;
    std::vector<std::int32_t> serviceMs;
    int withinTarget = 0;
    int missedTarget = 0;
    Ratings ratings; // counts only: the shares are made in finish()
    int estimateCount = 0;
    std::int64_t estimateAbsErrorMs = 0;
    std::int64_t estimateErrorMs = 0; // wait − estimate, summed
    int estimateWithinFiveMinutes = 0;

    void addEstimate(std::int32_t estimateMs, std::int32_t actualWaitMs);
    // Turns the samples into a row; the sample vectors are reordered.
    Breakdown finish(std::string key, std::string name);
};

// Whether a row has anything to show: a count, a sample, a rating or a miss.
// Rows that must be listed (configured fields, staff) are listed regardless.
bool hasActivity(const Accumulator& a);

} // namespace qmsd::reports
