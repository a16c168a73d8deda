#pragma once
// Which waiting ticket a counter calls next, as one pure rule over the heads
// of the lines. The engine calls it on its queues (selectNext); the wait
// predictor (analytics/wait_predictor) calls it on a simulated copy, so the
// order a forecast follows cannot drift from the order tickets are called in.
//
// 1. Only the counter's fields that its logged-in staff member serves, in the
//    counter's preference order.
// 2. Priority tickets first under PriorityRule::strict; under everyN, one
//    priority ticket after every N normal calls at this counter (or whenever
//    no normal ticket is waiting).
// 3. Among the candidates: longestWait compares the heads of every field —
//    tickets pushed to the front (transfers, reinstatements) first, then the
//    earliest original issue time; fieldOrder takes the first field in the
//    counter's preference order that has anyone waiting.
#include "config/office_config.hpp"
#include "engine/ticket.hpp"

#include <string>
#include <tuple>
#include <vector>

namespace qmsd {

// Rule 1: the counter's fields, in its preference order, that `staff` serves.
// The engine asks it for the counter's logged-in staff member; the reports'
// replay (reports/event_replay.cpp) asks it for the staff member who opened
// the counter that day, so the fields a report spreads counter time over are
// the fields the engine would have called from.
std::vector<std::string> callableFields(const CounterConfig& counter, const StaffConfig& staff);

// The head of one line (a field's priority or normal tickets); id 0 = empty.
struct LineHead {
    TicketId id = 0;
    QueueTier tier = QueueTier::normal;
    TimePoint issuedAt{};
};

// The rule over `count` fields in preference order: `headAt(i, priority)`
// gives the head of field i's line. Returns 0 when every line is empty.
template <class HeadAt>
TicketId chooseNextAt(const OfficeSettings& office, std::size_t count, int normalSincePriority, HeadAt&& headAt) {
    auto bestOf = [&](bool priority) -> TicketId {
        LineHead best;
        for (std::size_t i = 0; i < count; ++i) {
            LineHead h = headAt(i, priority);
            if (h.id == 0) {
                continue;
            }
            if (office.callPolicy == CallPolicy::fieldOrder) {
                return h.id;
            }
            if (best.id == 0 || std::tie(h.tier, h.issuedAt, h.id) < std::tie(best.tier, best.issuedAt, best.id)) {
                best = h;
            }
        }
        return best.id;
    };
    TicketId priority = bestOf(true);
    TicketId normal = bestOf(false);
    if (priority == 0 || normal == 0) {
        return priority != 0 ? priority : normal;
    }
    if (office.priorityRule == PriorityRule::strict) {
        return priority;
    }
    return normalSincePriority >= office.priorityEvery ? priority : normal;
}

// The same by field id: `heads(field, priority)` gives that line's head.
template <class Heads>
TicketId chooseNext(const OfficeSettings& office, const std::vector<std::string>& fields,
                    int normalSincePriority, Heads&& heads) {
    return chooseNextAt(office, fields.size(), normalSincePriority,
                        [&](std::size_t i, bool priority) { return heads(fields[i], priority); });
}

} // namespace qmsd
