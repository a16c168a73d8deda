#include "engine/field_queue.hpp"

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

std::size_t FieldQueue::ahead(const Ticket& t) const {
    const auto& own = t.priority.empty() ? normal_ : priority_;
    auto pos = static_cast<std::size_t>(std::distance(own.begin(), own.lower_bound(keyOf(t))));
    return t.priority.empty() ? pos + priority_.size() : pos;
}

} // namespace qmsd
