#pragma once
// Today's tickets found by a text they carry, without a second copy of the
// text: an office keeps every ticket of the day in memory, and a copy of each
// public id, code and request id in its lookup maps cost ~250 bytes a ticket.
// Both indexes are open-addressed tables (linear probing, at most half full):
// one array instead of a 32-byte node per ticket and a bucket array beside.
#include "engine/ticket.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace qmsd {

// By public id or by code: the table keeps only the ticket's id, and a hit is
// confirmed against the ticket's own text, `textOf(id)` (nullopt if none),
// which also gives the texts back to place them when the table grows.
class TicketTextIndex {
  public:
    template <typename TextOf>
    void add(std::string_view text, TicketId id, TextOf textOf) {
        if ((count_ + 1) * 2 > ids_.size()) {
            std::vector<TicketId> old(ids_.size() < 32 ? 64 : ids_.size() * 2, 0);
            old.swap(ids_);
            count_ = 0;
            for (TicketId kept : old) {
                if (std::optional<std::string_view> s = kept == 0 ? std::nullopt : textOf(kept)) {
                    place(*s, kept);
                }
            }
        }
        place(text, id);
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
            if (ids_[i] > found) {
                std::optional<std::string_view> s = textOf(ids_[i]);
                if (s && *s == text) {
                    found = ids_[i];
                }
            }
        }
        return found;
    }

  private:
    static std::size_t hashOf(std::string_view text) { return std::hash<std::string_view>{}(text); }
    void place(std::string_view text, TicketId id) {
        const std::size_t mask = ids_.size() - 1;
        std::size_t i = hashOf(text) & mask;
        while (ids_[i] != 0) {
            i = (i + 1) & mask;
        }
        ids_[i] = id;
        ++count_;
    }

    std::vector<TicketId> ids_; // a power of two long; 0 is an empty slot
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
    struct Slot {
        std::uint64_t key = 0;
        TicketId id = 0; // 0: empty
    };
    static std::uint64_t keyOf(std::string_view actor, std::string_view requestId);
    Slot* slotFor(std::uint64_t key); // its slot, or the empty one where it goes

    std::vector<Slot> slots_; // a power of two long
    std::size_t count_ = 0;
};

} // namespace qmsd
