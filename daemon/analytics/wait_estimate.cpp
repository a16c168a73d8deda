#include "analytics/wait_estimate.hpp"

#include "analytics/field_figures.hpp"

#include <cmath>

namespace qmsd {

int countersServing(const QueueEngine& engine, const std::string& field, int* idle) {
    CounterCapacity cap = counterCapacity(engine, field); // one rule for "can call this field"
    if (idle != nullptr) {
        *idle = cap.idle;
    }
    return cap.counters;
}

double meanServiceMinutes(const QueueEngine& engine, const std::string& field) {
    auto totals = engine.serviceTotals(field);
    return totals.finished == 0 ? kDefaultServiceMinutes : totals.minutes / totals.finished;
}

WaitEstimate waitBasis(const QueueEngine& engine, const std::string& field) {
    WaitEstimate w;
    w.counters = countersServing(engine, field, &w.idle);
    w.meanServiceMinutes = meanServiceMinutes(engine, field);
    return w;
}

WaitEstimate estimateFrom(WaitEstimate basis, std::size_t ahead) {
    if (basis.counters == 0) {
        return basis;
    }
    auto q = static_cast<double>(ahead);
    basis.minutes = q < basis.idle ? 0.0 : (q - basis.idle + 1) * basis.meanServiceMinutes / basis.counters;
    return basis;
}

WaitEstimate estimateWait(const QueueEngine& engine, const std::string& field, std::size_t ahead) {
    return estimateFrom(waitBasis(engine, field), ahead);
}

int estimateSecondsForNew(const QueueEngine& engine, const std::string& field, const std::string& priority) {
    auto w = estimateWait(engine, field, engine.peopleAheadOfNew(field, !priority.empty()));
    return w.minutes ? static_cast<int>(std::lround(*w.minutes * 60)) : -1;
}

} // namespace qmsd
