#include "engine/ticket_table.hpp"

#include <sys/mman.h>

#include <memory>
#include <new>
#include <utility>

namespace qmsd {

namespace {

constexpr std::size_t kBlockBytes = TicketTable::kBlock * sizeof(Ticket);
static_assert(kBlockBytes % 4096 == 0, "a block of tickets fills whole pages");

} // namespace

std::unique_ptr<Ticket, TicketTable::BlockRelease> TicketTable::newBlock() {
    void* pages = ::mmap(nullptr, kBlockBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) {
        throw std::bad_alloc(); // as new[] would
    }
    auto* block = static_cast<Ticket*>(pages);
    std::uninitialized_default_construct_n(block, kBlock);
    return std::unique_ptr<Ticket, BlockRelease>(block);
}

void TicketTable::BlockRelease::operator()(Ticket* block) const {
    std::destroy_n(block, kBlock);
    ::munmap(block, kBlockBytes);
}

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
        blocks_.push_back(newBlock());
    }
    for (std::size_t i = size_; i > pos; --i) {
        (*this)[i] = std::move((*this)[i - 1]);
    }
    ++size_;
    (*this)[pos] = std::move(t);
    return &(*this)[pos];
}

} // namespace qmsd
