#include "analytics/wait_estimate.hpp"

#include <algorithm>

namespace qmsd {

int countersServing(const QueueEngine& engine, const std::string& field, int* idle) {
    int n = 0;
    int free = 0;
    const OfficeConfig& cfg = engine.config();
    for (const auto& [number, c] : engine.counters()) {
        if (!c.open || c.paused) {
            continue;
        }
        const CounterConfig* cc = cfg.counter(number);
        const StaffConfig* staff = cfg.staffMember(c.staff);
        if (cc == nullptr || staff == nullptr) {
            continue;
        }
        bool counterServes = std::find(cc->fields.begin(), cc->fields.end(), field) != cc->fields.end();
        bool staffServes = std::find(staff->fields.begin(), staff->fields.end(), field) != staff->fields.end();
        if (counterServes && staffServes) {
            ++n;
            free += c.activeTicket == 0 ? 1 : 0;
        }
    }
    if (idle != nullptr) {
        *idle = free;
    }
    return n;
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

} // namespace qmsd
