#pragma once
// Erlang B/C queueing formulas for M/M/N (ANALYTICS.md): the probability of
// waiting, service level, mean wait and the counters a field needs. Units are
// the caller's, as long as they agree: arrivals per minute with service in
// minutes, or per second with seconds. Erlang B by the stable recursion, never
// factorials, so 100+ counters are exact in double precision.
#include <optional>

namespace qmsd::erlang {

// Offered load A = λ·AHT in Erlangs.
double load(double arrivalsPerUnit, double meanService);

// Blocking probability B(N, A) by B(0)=1, B(n) = A·B(n−1) / (n + A·B(n−1)).
double erlangB(int counters, double load);

// Probability a new arrival waits, C(N, A). 1 when load ≥ counters (unstable).
double erlangC(int counters, double load);

// P(wait ≤ target) = 1 − C·exp(−(N−A)·target/AHT). 0 when unstable.
double serviceLevel(int counters, double load, double meanService, double target);

// E[W] = C·AHT/(N−A); empty when unstable (the queue grows without bound).
std::optional<double> meanWait(int counters, double load, double meanService);

// The wait a share p of arrivals do not exceed: AHT/(N−A)·ln(C/(1−p)) when
// C > 1−p, else 0; empty when unstable.
std::optional<double> waitQuantile(int counters, double load, double meanService, double p);

// Smallest N > A whose service level reaches `share` within `target` (and, when
// maxOccupancy < 1, with A/N ≤ maxOccupancy). 0 when load is 0.
int countersNeeded(double load, double meanService, double target, double share,
                   double maxOccupancy = 1.0);

} // namespace qmsd::erlang
