#include "reports/duration_stats.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd::reports {

void finishRatings(Ratings& r, int served) {
    r.count = 0;
    for (int n : r.levels) {
        r.count += n;
    }
    r.responseRate.reset();
    r.shareSatisfied.reset();
    if (served > 0) {
        r.responseRate = static_cast<double>(r.count) / served;
    }
    if (r.count > 0) {
        r.shareSatisfied = static_cast<double>(r.levels[2] + r.levels[3]) / r.count;
    }
}

void addRatings(Ratings& into, const Ratings& r) {
    for (std::size_t i = 0; i < into.levels.size(); ++i) {
        into.levels[i] += r.levels[i];
    }
    for (std::size_t i = 0; i < into.channels.size(); ++i) {
        into.channels[i] += r.channels[i];
    }
    for (const auto& [id, levels] : r.questions) {
        auto& q = into.questions[id];
        for (std::size_t i = 0; i < q.size(); ++i) {
            q[i] += levels[i];
        }
    }
    into.count += r.count;
}

static std::size_t nearestRankIndex(std::size_t size, double p) {
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(size) - 1e-9));
    return rank == 0 ? 0 : std::min(rank - 1, size - 1);
}

std::int32_t nearestRank(std::vector<std::int32_t>& millis, double p) {
    if (millis.empty()) {
        return 0;
    }
    std::size_t idx = nearestRankIndex(millis.size(), p);
    std::nth_element(millis.begin(), millis.begin() + static_cast<std::ptrdiff_t>(idx), millis.end());
    return millis[idx];
}

DurationStats summarize(std::vector<std::int32_t>& millis) {
    DurationStats s;
    if (millis.empty()) {
        return s;
    }
    s.count = static_cast<int>(millis.size());
    double sum = 0;
    for (auto v : millis) {
        sum += v;
    }
    s.mean = sum / s.count / 1000.0;
    s.p90 = nearestRank(millis, 0.9) / 1000.0;
    // The usual median: the middle sample, or the mean of the two middle ones.
    // Below the 90th percentile's place every sample is no larger than it, so
    // the median is looked for there only (a long range holds millions).
    std::size_t mid = millis.size() / 2;
    std::size_t idx90 = nearestRankIndex(millis.size(), 0.9);
    auto upTo = mid < idx90 ? millis.begin() + static_cast<std::ptrdiff_t>(idx90) : millis.end();
    std::nth_element(millis.begin(), millis.begin() + static_cast<std::ptrdiff_t>(mid), upTo);
    double upper = millis[mid];
    if (millis.size() % 2 == 0) {
        double lower = *std::max_element(millis.begin(), millis.begin() + static_cast<std::ptrdiff_t>(mid));
        s.median = (lower + upper) / 2.0 / 1000.0;
    } else {
        s.median = upper / 1000.0;
    }
    return s;
}

bool hasActivity(const Accumulator& a) {
    return a.outcomes.total() > 0 ||
           !a.waitMs.empty() || !a.serviceMs.empty() || a.ratings.count > 0 || a.missedTarget > 0;
}

void Accumulator::addEstimate(std::int32_t estimateMs, std::int32_t actualWaitMs) {
    std::int64_t error = std::int64_t{actualWaitMs} - estimateMs;
    std::int64_t absError = error < 0 ? -error : error;
    ++estimateCount;
    estimateErrorMs += error;
    estimateAbsErrorMs += absError;
    estimateWithinFiveMinutes += absError <= 5 * 60'000 ? 1 : 0;
}

Breakdown Accumulator::finish(std::string key, std::string name) {
    Breakdown b;
    b.key = std::move(key);
    b.name = std::move(name);
    b.outcomes = outcomes;
    b.wait = summarize(waitMs);
    b.service = summarize(serviceMs);
    b.withinTarget = withinTarget;
    b.missedTarget = missedTarget;
    if (withinTarget + missedTarget > 0) {
        b.shareWithinTarget = static_cast<double>(withinTarget) / (withinTarget + missedTarget);
    }
    b.ratings = ratings;
    finishRatings(b.ratings, outcomes.served);
    b.estimate.count = estimateCount;
    b.estimate.withinFiveMinutes = estimateWithinFiveMinutes;
    if (estimateCount > 0) {
        b.estimate.meanAbsError = static_cast<double>(estimateAbsErrorMs) / 1000.0 / estimateCount;
        b.estimate.bias = static_cast<double>(estimateErrorMs) / 1000.0 / estimateCount;
        b.estimate.shareWithinFiveMinutes = static_cast<double>(estimateWithinFiveMinutes) / estimateCount;
    }
    return b;
}

} // namespace qmsd::reports
