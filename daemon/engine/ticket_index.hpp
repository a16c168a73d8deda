#pragma once
// Today's tickets found by a text they carry, without a second copy of the
// text: an office keeps every ticket of the day in memory, and a copy of each
// public id, code and request id in its lookup maps cost ~250 bytes a ticket.
#include "engine/ticket.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace qmsd {

// By public id or by code: the index keeps the text's hash and the ticket's
// id, and a hit is confirmed against the ticket's own text.
class TicketTextIndex {
  public:
    void add(std::string_view text, TicketId id) { ids_.emplace(hashOf(text), id); }

    // The newest ticket whose text (`textOf(id)`, nullopt if none) is `text`, or 0.
    template <typename TextOf>
    TicketId find(std::string_view text, TextOf textOf) const {
        TicketId found = 0;
        auto [it, end] = ids_.equal_range(hashOf(text));
        for (; it != end; ++it) {
            std::optional<std::string_view> s = textOf(it->second);
            if (s && *s == text && it->second > found) {
                found = it->second;
            }
        }
        return found;
    }

  private:
    static std::size_t hashOf(std::string_view text) { return std::hash<std::string_view>{}(text); }
    std::unordered_multimap<std::size_t, TicketId> ids_;
};

// By the request that issued it (actor, request id): tickets do not keep
// their request, so the index keeps a keyed 64-bit hash of it (SipHash, with
// a key drawn at start). Two requests of a day share a hash with odds of
// about n²/2⁶⁵ (10⁻¹⁰ at 53,000 tickets), and nobody outside can aim for it.
class RequestIndex {
  public:
    void add(std::string_view actor, std::string_view requestId, TicketId id) { ids_[keyOf(actor, requestId)] = id; }
    TicketId find(std::string_view actor, std::string_view requestId) const {
        auto it = ids_.find(keyOf(actor, requestId));
        return it == ids_.end() ? 0 : it->second;
    }

  private:
    static std::uint64_t keyOf(std::string_view actor, std::string_view requestId);
    std::unordered_map<std::uint64_t, TicketId> ids_;
};

} // namespace qmsd
