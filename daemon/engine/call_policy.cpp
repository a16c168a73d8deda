// Which waiting ticket a counter calls next.
//
// 1. Only the counter's fields that its logged-in staff member serves.
// 2. Priority tickets first under PriorityRule::strict; under everyN, one
//    priority ticket after every N normal calls at this counter (or whenever
//    no normal ticket is waiting).
// 3. Among the candidates: longestWait compares the heads of every field —
//    tickets pushed to the front (transfers, reinstatements) first, then the
//    earliest original issue time; fieldOrder takes the first field in the
//    counter's preference order that has anyone waiting.
#include "engine/queue_engine.hpp"

#include <algorithm>
#include <tuple>

namespace qmsd {

std::vector<std::string> QueueEngine::callableFields(const Counter& c) const {
    std::vector<std::string> out;
    const CounterConfig* cfg = config_->counter(c.number);
    const StaffConfig* staff = config_->staffMember(c.staff);
    if (cfg == nullptr || staff == nullptr) {
        return out;
    }
    for (const auto& f : cfg->fields) {
        if (std::find(staff->fields.begin(), staff->fields.end(), f) != staff->fields.end()) {
            out.push_back(f);
        }
    }
    return out;
}

TicketId QueueEngine::selectNext(const Counter& c) const {
    auto fields = callableFields(c);
    auto bestOf = [this, &fields](bool priority) -> TicketId {
        TicketId best = 0;
        for (const auto& f : fields) {
            auto q = queues_.find(f);
            if (q == queues_.end()) {
                continue;
            }
            TicketId head = q->second.head(priority);
            if (head == 0) {
                continue;
            }
            if (config_->office.callPolicy == CallPolicy::fieldOrder) {
                return head;
            }
            const Ticket& h = tickets_.at(head);
            if (best == 0) {
                best = head;
                continue;
            }
            const Ticket& b = tickets_.at(best);
            if (std::tie(h.tier, h.issuedAt, h.id) < std::tie(b.tier, b.issuedAt, b.id)) {
                best = head;
            }
        }
        return best;
    };
    TicketId priority = bestOf(true);
    TicketId normal = bestOf(false);
    if (priority == 0 || normal == 0) {
        return priority != 0 ? priority : normal;
    }
    if (config_->office.priorityRule == PriorityRule::strict) {
        return priority;
    }
    return c.normalSincePriority >= config_->office.priorityEvery ? priority : normal;
}

} // namespace qmsd
