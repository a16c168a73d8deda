// Which waiting ticket a counter calls next: the rule is in call_policy.hpp,
// shared with the wait predictor; here the engine applies it to its queues.
#include "engine/call_policy.hpp"

#include "engine/queue_engine.hpp"

#include <algorithm>

namespace qmsd {

std::vector<std::string> callableFields(const CounterConfig& counter, const StaffConfig& staff) {
    std::vector<std::string> out;
    for (const auto& f : counter.fields) {
        if (std::find(staff.fields.begin(), staff.fields.end(), f) != staff.fields.end()) {
            out.push_back(f);
        }
    }
    return out;
}

// A counter without a known staff member calls nobody.
std::vector<std::string> QueueEngine::callableFields(const Counter& c) const {
    const CounterConfig* cfg = config_->counter(c.number);
    const StaffConfig* staff = config_->staffMember(c.staff);
    if (cfg == nullptr || staff == nullptr) {
        return {};
    }
    return qmsd::callableFields(*cfg, *staff);
}

TicketId QueueEngine::selectNext(const Counter& c) const {
    return chooseNext(config_->office, callableFields(c), c.normalSincePriority,
                      [this](const std::string& field, bool priority) {
                          auto q = queues_.find(field);
                          TicketId id = q == queues_.end() ? 0 : q->second.head(priority);
                          if (id == 0) {
                              return LineHead{};
                          }
                          const Ticket& t = *tickets_.find(id); // a queued ticket is kept
                          return LineHead{id, t.tier, t.issuedAt};
                      });
}

} // namespace qmsd
