#pragma once
// The only way state changes: plan on the engine, commit the events to the
// store, then apply them and tell listeners. A caller is acknowledged only
// after its events are durable; a failed commit leaves memory as the store is.
//
// Two modes share that rule:
//  - execute(): one command, one transaction (tools, tests, the crash child);
//  - submit() + flush(): group commit. Commands that arrive together are
//    planned and applied in order, committed in one transaction at flush(),
//    and only then completed. If that commit fails the engine is rebuilt from
//    the store and every command in the batch fails.
#include "core/result.hpp"
#include "engine/queue_engine.hpp"
#include "store/store.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace qmsd {

using Events = std::vector<Event>;
using CommandDone = std::function<void(const Result<Events>&)>;
using EventListener = std::function<void(const Events&)>;

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

    // If `now` is on a later local day than the engine, end the engine's day
    // (expire open tickets, close counters) and start the new one.
    Status rollOver(TimePoint now);

    Status reconfigure(std::shared_ptr<const OfficeConfig> next);
    void addListener(EventListener listener) { listeners_.push_back(std::move(listener)); }

    const QueueEngine& engine() const { return *engine_; }
    Store& store() { return store_; }

  private:
    Journal(Store& store, std::shared_ptr<const OfficeConfig> config, OfficeClock clock)
        : store_(store), config_(std::move(config)), clock_(std::move(clock)) {}
    Status rebuild(TimePoint now);
    Result<ContentBook> loadContent();
    Status closeDay(const std::string& day);
    void publish(const Events& events);

    struct PendingCommand {
        Result<Events> result;
        CommandDone done;
    };

    Store& store_;
    std::shared_ptr<const OfficeConfig> config_;
    OfficeClock clock_;
    std::unique_ptr<QueueEngine> engine_;
    std::vector<PendingCommand> pending_;
    Events pendingEvents_;
    std::vector<EventListener> listeners_;
};

} // namespace qmsd
