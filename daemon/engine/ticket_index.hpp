#pragma once
// Today's tickets found by a text they carry, without a second copy of the
// text: an office keeps every ticket of the day in memory, and a copy of each
// public id, code and request id in its lookup maps cost ~250 bytes a ticket.
// Both indexes are open-addressed tables (linear probing, at most half full):
// one array instead of a 32-byte node per ticket and a bucket array beside,
// holding 32-bit ids (TicketIdBase): 4 MB at 53,000 tickets, then 2.5.
#include "engine/ticket.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd {

// Ticket ids in 32 bits: a day's ids are one run of consecutive numbers,
// so a table keeps each as its distance above a base (the first id it was
// given, less one; 0 is an empty slot). An id below the base moves the base
// down and every kept distance up; an id 2^32 or more above it (no day holds
// that many) is not indexed.
class TicketIdBase {
  public:
    // Makes `id` expressible, shifting the distances kept in `slots`; false
    // if it cannot be.
    bool admit(TicketId id, std::vector<std::uint32_t>& slots);
    std::uint32_t distanceOf(TicketId id) const { return static_cast<std::uint32_t>(id - base_); }
    TicketId idOf(std::uint32_t distance) const { return distance == 0 ? 0 : base_ + distance; }

  private:
    TicketId base_ = 0;
    bool set_ = false;
    std::uint32_t highest_ = 0; // the largest distance kept
};

// By public id or by code: the table keeps only the ticket's id, and a hit is
// confirmed against the ticket's own text, `textOf(id)`: a pointer to the
// text as the ticket keeps it (null if none), compared with == as it is, so
// a lookup spells nothing out; spelled out only to place it again when the
// table grows.
class TicketTextIndex {
  public:
    template <typename TextOf>
    void add(std::string_view text, TicketId id, TextOf textOf) {
        if (!base_.admit(id, ids_)) {
            return;
        }
        if ((count_ + 1) * 2 > ids_.size()) {
            std::vector<std::uint32_t> old(ids_.size() < 32 ? 64 : ids_.size() * 2, 0);
            old.swap(ids_);
            count_ = 0;
            for (std::uint32_t kept : old) {
                if (const auto* s = kept == 0 ? nullptr : textOf(base_.idOf(kept))) {
                    place(std::string(*s), kept); // spelled out to hash it
                }
            }
        }
        place(text, base_.distanceOf(id));
    }

    // The newest ticket whose text is `text`, or 0.
    template <typename TextOf>
    TicketId find(std::string_view text, TextOf textOf) const {
        TicketId found = 0;
        if (ids_.empty()) {
            return found;
        }
        const std::size_t mask = ids_.size() - 1;
        for (std::size_t i = hashOf(text) & mask; ids_[i] != 0; i = (i + 1) & mask) {
            if (TicketId id = base_.idOf(ids_[i]); id > found) {
                const auto* s = textOf(id);
                if (s != nullptr && *s == text) { // compared as kept: a packed id is not spelled out
                    found = id;
                }
            }
        }
        return found;
    }

  private:
    static std::size_t hashOf(std::string_view text) { return std::hash<std::string_view>{}(text); }
    void place(std::string_view text, std::uint32_t distance) {
        const std::size_t mask = ids_.size() - 1;
        std::size_t i = hashOf(text) & mask;
        while (ids_[i] != 0) {
            i = (i + 1) & mask;
        }
        ids_[i] = distance;
        ++count_;
    }

    std::vector<std::uint32_t> ids_; // distances above base_, a power of two long; 0 is an empty slot
    TicketIdBase base_;
    std::size_t count_ = 0;
};

// By the request that issued it (actor, request id): tickets do not keep
// their request, so the index keeps a keyed 64-bit hash of it (SipHash, with
// a key drawn at start). Two requests of a day share a hash with odds of
// about n²/2⁶⁵ (10⁻¹⁰ at 53,000 tickets), and nobody outside can aim for it.
class RequestIndex {
  public:
    // A request seen again now names `id`.
    void add(std::string_view actor, std::string_view requestId, TicketId id);
    TicketId find(std::string_view actor, std::string_view requestId) const;

  private:
    static std::uint64_t keyOf(std::string_view actor, std::string_view requestId);
    std::size_t slotFor(std::uint64_t key) const; // its slot, or the empty one where it goes

    // Slot i: keys_[i], and the ticket's distance above base_ in ids_[i]
    // (0: empty). Two arrays, 12 bytes a slot, where a struct took 16.
    std::vector<std::uint64_t> keys_; // a power of two long
    std::vector<std::uint32_t> ids_;
    TicketIdBase base_;
    std::size_t count_ = 0;
};

} // namespace qmsd
