#pragma once
// The only way state changes: plan on the engine, commit the events to the
// store, then apply them and tell listeners. A caller is acknowledged only
// after its events are durable; a failed commit leaves memory as the store is.
//
// Three modes share that rule:
//  - execute(): one command, one transaction (tools, tests, the crash child);
//  - submit() + flush(): group commit. Commands that arrive together are
//    planned and applied in order, committed in one transaction at flush(),
//    and only then completed. If that commit fails the engine is rebuilt from
//    the store and every command in the batch fails.
//  - plan() + complete(): the same group commit with the commit made
//    elsewhere (the daemon's writer thread, off the loop). One command is
//    planned without being applied, so the engine keeps showing committed
//    state while it is on its way to disk; several are applied as planned (each
//    must see the ones before it) and the engine shows uncommitted state until
//    complete(). After a failed commit the journal plans one command at a
//    time until a commit succeeds again: a full disk refuses each request
//    without replaying the day each time.
#include "core/result.hpp"
#include "engine/queue_engine.hpp"
#include "store/store.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace qmsd {

using Events = std::vector<Event>;
using CommandDone = std::function<void(const Result<Events>&)>;
using EventListener = std::function<void(const Events&)>;

// When a listener is told of committed events, relative to the answers of
// the commands that made them. A reply reads the engine and what listeners
// told before it keep (the estimator's forecast); the office's screens, the
// stream, voice, the log and the city's shipper need not hold a client's
// answer back, so they are told right after the answers are sent.
enum class ListenerTurn { beforeReplies, afterReplies };

// A command waiting to be planned.
struct Submission {
    Command cmd;
    CommandMeta meta;
    CommandDone done;
};

class Journal {
  public:
    // Rebuilds the engine from the store as of `now`: closes a previous day left
    // open (the daemon was down at midnight), then replays today.
    static Result<std::unique_ptr<Journal>> open(Store& store,
                                                 std::shared_ptr<const OfficeConfig> config,
                                                 TimePoint now);

    Result<Events> execute(const Command& cmd, const CommandMeta& meta);
    void submit(const Command& cmd, const CommandMeta& meta, CommandDone done);
    bool hasPending() const { return !pending_.empty(); }
    // Commits everything submitted since the last flush; returns the commit status.
    Status flush();

    // A planned batch on its way to disk.
    struct PendingCommand {
        Result<Events> result;
        CommandDone done;
    };
    struct Batch {
        std::vector<PendingCommand> commands;
        std::shared_ptr<const Events> events; // all or nothing; empty: nothing to commit
        bool applied = false;                 // the engine already shows them
    };
    // Plans commands from the front of `queue` as one batch (all of them, or
    // one after a failed commit, or up to a change of day) and removes them.
    // Call only when no other batch is between plan() and complete().
    Batch plan(std::deque<Submission>& queue);
    // The batch's commit result: apply (if not yet), tell listeners, complete
    // each command; or refuse every command of the batch and leave memory as
    // the store is. Returns `committed`, or the rebuild's own failure.
    Status complete(Batch batch, Status committed);
    // Whether the engine shows events not yet committed (reads must wait).
    bool showsUncommitted() const { return uncommitted_ || !pending_.empty(); }
    // True after a failed commit, until one succeeds.
    bool failing() const { return failing_; }
    // How many times memory was rebuilt from the store after a failed commit.
    std::uint64_t rebuilds() const { return rebuilds_; }

    // If `now` is on a later local day than the engine, end the engine's day
    // (expire open tickets, close counters) and start the new one.
    Status rollOver(TimePoint now);

    Status reconfigure(std::shared_ptr<const OfficeConfig> next);
    void addListener(EventListener listener, ListenerTurn turn = ListenerTurn::beforeReplies) {
        (turn == ListenerTurn::beforeReplies ? listeners_ : laterListeners_).push_back(std::move(listener));
    }

    const QueueEngine& engine() const { return *engine_; }
    Store& store() { return store_; }

  private:
    Journal(Store& store, std::shared_ptr<const OfficeConfig> config, OfficeClock clock)
        : store_(store), config_(std::move(config)), clock_(std::move(clock)) {}
    Status rebuild(TimePoint now);
    Result<ContentBook> loadContent();
    Result<BookingBook> loadBookings(const std::string& fromDay);
    Status rebuildAfterFailure();
    Status closeDay(const std::string& day);
    // Tells one turn's listeners, or (no turn) all of them in order.
    void publish(const Events& events);
    void publish(const Events& events, ListenerTurn turn);
    // `events` are in the store: tells the replies' turn, answers `commands`
    // with what each planned, then tells the turn after the replies.
    void answerCommitted(const Events& events, std::vector<PendingCommand>& commands);

    Store& store_;
    std::shared_ptr<const OfficeConfig> config_;
    OfficeClock clock_;
    std::unique_ptr<QueueEngine> engine_;
    std::vector<PendingCommand> pending_;
    Events pendingEvents_;
    std::vector<EventListener> listeners_;      // before the replies
    std::vector<EventListener> laterListeners_; // after them
    bool uncommitted_ = false; // a planned batch is applied but not committed
    bool failing_ = false;
    std::uint64_t rebuilds_ = 0;
};

} // namespace qmsd
