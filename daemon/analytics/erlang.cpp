#include "analytics/erlang.hpp"

#include <cmath>

namespace qmsd::erlang {

namespace {

// One step of the Erlang B recursion: B(n) from B(n−1).
double nextB(double previous, int n, double a) { return a * previous / (n + a * previous); }

double cFromB(int counters, double a, double b) {
    return counters * b / (counters - a * (1.0 - b));
}

// Far beyond any office: the scan for N* stops here rather than spin on a share of 1.
constexpr int kScanLimit = 100000;

} // namespace

double load(double arrivalsPerUnit, double meanService) {
    if (arrivalsPerUnit <= 0 || meanService <= 0) {
        return 0;
    }
    return arrivalsPerUnit * meanService;
}

double erlangB(int counters, double a) {
    if (counters <= 0) {
        return 1.0;
    }
    if (a <= 0) {
        return 0.0;
    }
    double b = 1.0;
    for (int n = 1; n <= counters; ++n) {
        b = nextB(b, n, a);
    }
    return b;
}

double erlangC(int counters, double a) {
    if (a >= counters) {
        return 1.0;
    }
    if (a <= 0) {
        return 0.0;
    }
    return cFromB(counters, a, erlangB(counters, a));
}

double serviceLevel(int counters, double a, double meanService, double target) {
    if (a >= counters) {
        return 0.0;
    }
    double c = erlangC(counters, a);
    if (meanService <= 0) {
        return 1.0;
    }
    return 1.0 - c * std::exp(-(counters - a) * target / meanService);
}

std::optional<double> meanWait(int counters, double a, double meanService) {
    if (a >= counters) {
        return std::nullopt;
    }
    return erlangC(counters, a) * meanService / (counters - a);
}

std::optional<double> waitQuantile(int counters, double a, double meanService, double p) {
    if (a >= counters) {
        return std::nullopt;
    }
    double c = erlangC(counters, a);
    if (c <= 1.0 - p) {
        return 0.0;
    }
    return meanService / (counters - a) * std::log(c / (1.0 - p));
}

int countersNeeded(double a, double meanService, double target, double share, double maxOccupancy) {
    if (a <= 0) {
        return 0;
    }
    // Walk B up incrementally so the whole scan costs O(N*), not O(N*²).
    int n = static_cast<int>(std::floor(a)) + 1;
    double b = erlangB(n, a);
    for (; n < kScanLimit; ++n, b = nextB(b, n, a)) {
        double c = cFromB(n, a, b);
        double sl = meanService <= 0 ? 1.0 : 1.0 - c * std::exp(-(n - a) * target / meanService);
        if (sl >= share && (maxOccupancy >= 1.0 || a / n <= maxOccupancy)) {
            return n;
        }
    }
    return kScanLimit;
}

} // namespace qmsd::erlang
