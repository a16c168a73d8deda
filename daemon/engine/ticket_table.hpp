#pragma once
// Today's tickets in the order of their ids, in blocks of 256. An office keeps
// every ticket of the day in memory: a std::map spent 48 bytes of node and
// malloc header on each, and its small nodes, allocated between the replies
// of a busy day, left the heap fragmented. Blocks keep a ticket where it was
// put while later ones are added, so a pointer to it stays good until the
// day ends, except after an insert out of id order (which replay never makes).
//
// A block is 256 tickets in whole pages (nine, at 144 bytes a ticket), and
// is mapped from the kernel on its own rather than taken from the heap: a
// busy day's 7.6 MB of tickets then never sits between the heap's short-lived
// blocks (a reply, a parsed request), whose freed pages the heap can give
// back, and a day's tickets go back to the kernel the moment it is dropped.
#include "engine/ticket.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace qmsd {

class TicketTable {
  public:
    static constexpr std::size_t kBlock = 256;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    class Iterator {
      public:
        Iterator(const TicketTable* table, std::size_t pos) : table_(table), pos_(pos) {}
        const Ticket& operator*() const { return (*table_)[pos_]; }
        const Ticket* operator->() const { return &(*table_)[pos_]; }
        Iterator& operator++() {
            ++pos_;
            return *this;
        }
        bool operator==(const Iterator& other) const { return pos_ == other.pos_; }

      private:
        const TicketTable* table_;
        std::size_t pos_;
    };

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Iterator begin() const { return {this, 0}; }
    Iterator end() const { return {this, size_}; }
    const Ticket& operator[](std::size_t pos) const { return blocks_[pos / kBlock].get()[pos % kBlock]; }
    Ticket& operator[](std::size_t pos) { return blocks_[pos / kBlock].get()[pos % kBlock]; }
    const Ticket& back() const { return (*this)[size_ - 1]; }

    // Where ticket `id` is (0 is the oldest), or npos.
    std::size_t positionOf(TicketId id) const;
    const Ticket* find(TicketId id) const {
        std::size_t pos = positionOf(id);
        return pos == npos ? nullptr : &(*this)[pos];
    }
    Ticket* find(TicketId id) {
        std::size_t pos = positionOf(id);
        return pos == npos ? nullptr : &(*this)[pos];
    }
    // Keeps `t` in id order and returns where it is now, or nullptr if a
    // ticket with its id is kept already (`t` is then left as it was).
    Ticket* insert(Ticket&& t);

  private:
    std::size_t lowerBound(TicketId id) const; // the first position whose id is not below `id`

    struct BlockRelease {
        void operator()(Ticket* block) const;
    };
    static std::unique_ptr<Ticket, BlockRelease> newBlock();

    std::vector<std::unique_ptr<Ticket, BlockRelease>> blocks_;
    std::size_t size_ = 0;
};

} // namespace qmsd
