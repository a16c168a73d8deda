#include "engine/field_queue.hpp"

#include <climits>
#include <cstdint>
#include <iterator>

namespace qmsd {

void FieldQueue::push(const Ticket& t) {
    (t.priority.empty() ? normal_ : priority_).insert(keyOf(t));
}

void FieldQueue::remove(const Ticket& t) {
    (t.priority.empty() ? normal_ : priority_).erase(keyOf(t));
}

TicketId FieldQueue::head(bool priority) const {
    const auto& line = priority ? priority_ : normal_;
    return line.empty() ? 0 : line.begin()->id;
}

std::vector<TicketId> FieldQueue::tierHeads() const {
    std::vector<TicketId> out;
    for (const auto* line : {&priority_, &normal_}) {
        if (!line->empty()) {
            out.push_back(line->begin()->id);
            auto normalTier = line->lower_bound(QueueKey{QueueTier::normal, INT64_MIN, 0});
            if (normalTier != line->begin() && normalTier != line->end()) {
                out.push_back(normalTier->id);
            }
        }
    }
    return out;
}

QueuePage FieldQueue::page(const QueueCursor& from, Interleave rule, std::size_t limit) const {
    QueuePage out;
    QueueCursor at = from;
    auto p = from.priority ? priority_.upper_bound(*from.priority) : priority_.begin();
    auto n = from.normal ? normal_.upper_bound(*from.normal) : normal_.begin();
    while (out.ids.size() < limit && (p != priority_.end() || n != normal_.end())) {
        bool takePriority = n == normal_.end() ||
                            (p != priority_.end() && (rule.strict || at.normalSince >= rule.every));
        if (takePriority) {
            out.ids.push_back(p->id);
            at.priority = *p++;
            at.normalSince = 0;
        } else {
            out.ids.push_back(n->id);
            at.normal = *n++;
            ++at.normalSince;
        }
    }
    if (p != priority_.end() || n != normal_.end()) {
        out.next = at;
    }
    return out;
}

std::size_t FieldQueue::ahead(const Ticket& t) const { return *aheadWithin(t, SIZE_MAX); }

std::optional<std::size_t> FieldQueue::aheadWithin(const Ticket& t, std::size_t maxSteps) const {
    const auto& own = t.priority.empty() ? normal_ : priority_;
    auto at = own.lower_bound(keyOf(t));
    // Counted from whichever end is nearer, walking both at once: a new
    // ticket is at the back and the next to be called at the front, so the
    // replies that ask most cost O(1), not a walk of the whole line.
    auto fromFront = own.begin();
    auto fromBack = own.end();
    std::size_t steps = 0;
    while (fromFront != at && fromBack != at) {
        if (steps == maxSteps) {
            return std::nullopt;
        }
        ++fromFront;
        --fromBack;
        ++steps;
    }
    std::size_t pos = fromFront == at ? steps : own.size() - steps;
    return t.priority.empty() ? pos + priority_.size() : pos;
}

} // namespace qmsd
