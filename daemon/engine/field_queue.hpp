#pragma once
// The waiting line of one field: priority tickets and the rest kept apart so the
// mixing rule can pick between their heads; each ordered front tier first, then FIFO.
#include "engine/ticket.hpp"

#include <cstddef>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace qmsd {

struct QueueKey {
    QueueTier tier = QueueTier::normal;
    std::int64_t order = 0;
    TicketId id = 0;
    // Not part of the order: carried so a walk of the line (the wait
    // predictor's) has each head's calling key without a ticket lookup.
    TimePoint issuedAt{};
    bool operator<(const QueueKey& o) const {
        return std::tie(tier, order, id) < std::tie(o.tier, o.order, o.id);
    }
};

// Where a page of the listing ends: the key of the last ticket taken from
// each line, and the normal calls since a priority one. A key stays a valid
// place to resume after its ticket was called.
struct QueueCursor {
    std::optional<QueueKey> priority;
    std::optional<QueueKey> normal;
    int normalSince = 0;
};

// How a listing interleaves the two lines, as one counter's calls would
// (call_policy.hpp): strict takes the priority line first; otherwise one
// priority ticket after every `every` normal ones.
struct Interleave {
    bool strict = true;
    int every = 0;
};

// Up to `limit` tickets in that order, and where the next page starts when more remain.
struct QueuePage {
    std::vector<TicketId> ids;
    std::optional<QueueCursor> next;
};

class FieldQueue {
  public:
    void push(const Ticket& t);
    void remove(const Ticket& t);
    // Head of the priority or normal line, or nullptr-like 0 when empty.
    TicketId head(bool priority) const;
    std::size_t size() const { return priority_.size() + normal_.size(); }
    std::size_t size(bool priority) const { return priority ? priority_.size() : normal_.size(); }
    // How many are ahead of t in this field under strict priority.
    std::size_t ahead(const Ticket& t) const;
    // The same if t is within `maxSteps` of either end of its line (a new
    // ticket is at the back): nullopt, having spent no more, when it is not.
    std::optional<std::size_t> aheadWithin(const Ticket& t, std::size_t maxSteps) const;
    const std::set<QueueKey>& line(bool priority) const { return priority ? priority_ : normal_; }
    // The first ticket of each tier of each line (up to four): within a tier
    // the order follows the time the ticket entered the queue, so the
    // longest wait of the field is one of these, found in O(log n).
    std::vector<TicketId> tierHeads() const;
    // One page from `from` (a default cursor: the front): O(log n + limit),
    // so a listing never walks a long queue.
    QueuePage page(const QueueCursor& from, Interleave rule, std::size_t limit) const;

  private:
    static QueueKey keyOf(const Ticket& t) { return QueueKey{t.tier, t.queueOrder, t.id, t.issuedAt}; }
    std::set<QueueKey> priority_;
    std::set<QueueKey> normal_;
};

} // namespace qmsd
