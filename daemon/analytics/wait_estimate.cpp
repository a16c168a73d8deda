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
    double total = 0;
    int count = 0;
    for (const auto& [id, t] : engine.tickets()) {
        if (t.state != TicketState::finished || t.field != field) {
            continue;
        }
        TimePoint start = t.startedAt != TimePoint{} ? t.startedAt : t.calledAt;
        total += std::chrono::duration<double, std::ratio<60>>(t.endedAt - start).count();
        ++count;
    }
    return count == 0 ? kDefaultServiceMinutes : total / count;
}

WaitEstimate estimateWait(const QueueEngine& engine, const std::string& field, std::size_t ahead) {
    WaitEstimate w;
    w.counters = countersServing(engine, field, &w.idle);
    w.meanServiceMinutes = meanServiceMinutes(engine, field);
    if (w.counters == 0) {
        return w;
    }
    auto q = static_cast<double>(ahead);
    w.minutes = q < w.idle ? 0.0 : (q - w.idle + 1) * w.meanServiceMinutes / w.counters;
    return w;
}

} // namespace qmsd
