#include "engine/ticket_table.hpp"

#include <utility>

namespace qmsd {

std::size_t TicketTable::positionOf(TicketId id) const {
    if (size_ == 0) {
        return npos;
    }
    // The ids of a day are consecutive, so the first guess is almost always right.
    const TicketId first = (*this)[0].id;
    if (id >= first && static_cast<std::size_t>(id - first) < size_ && (*this)[id - first].id == id) {
        return static_cast<std::size_t>(id - first);
    }
    std::size_t pos = lowerBound(id);
    return pos < size_ && (*this)[pos].id == id ? pos : npos;
}

std::size_t TicketTable::lowerBound(TicketId id) const {
    std::size_t lo = 0;
    std::size_t hi = size_;
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if ((*this)[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

Ticket* TicketTable::insert(Ticket&& t) {
    std::size_t pos = size_;
    if (size_ > 0 && back().id >= t.id) {
        pos = lowerBound(t.id);
        if ((*this)[pos].id == t.id) {
            return nullptr;
        }
    }
    if (size_ == blocks_.size() * kBlock) {
        blocks_.push_back(std::make_unique<Ticket[]>(kBlock));
    }
    for (std::size_t i = size_; i > pos; --i) {
        (*this)[i] = std::move((*this)[i - 1]);
    }
    ++size_;
    (*this)[pos] = std::move(t);
    return &(*this)[pos];
}

} // namespace qmsd
