#pragma once
// The daemon's own write path in simulated time: every command goes through
// Journal::execute (plan on the QueueEngine → append to the Store → apply), and
// a command on a later local day first rolls the day over exactly as the
// daemon does after midnight (open tickets expire, counters close).
//
// Beside it runs the daemon's estimator (analytics/estimator.hpp), fed every
// committed event and, at each new day, the earlier weeks of this store: a
// ticket issued here is told — and its ticket_issued event records — the
// wait the daemon would have told it at that moment.
#include "analytics/estimator.hpp"
#include "app/journal.hpp"
#include "store/store.hpp"

#include <memory>
#include <string>

namespace qmsd::replay {

// A database file under the system temp directory, removed (with its WAL) at
// scope exit — or the caller's file, kept.
class ReplayDb {
  public:
    // Empty `path`: a temp file. A given path must not exist yet.
    static Result<ReplayDb> make(const std::string& path);
    ReplayDb(ReplayDb&& other) noexcept;
    ReplayDb& operator=(ReplayDb&&) = delete;
    ~ReplayDb();
    const std::string& path() const { return path_; }

  private:
    ReplayDb(std::string path, bool temporary) : path_(std::move(path)), temporary_(temporary) {}
    std::string path_;
    bool temporary_ = false;
};

class EngineDriver {
  public:
    // `start`: the instant of the first command (the engine starts on its day).
    static Result<std::unique_ptr<EngineDriver>>
    open(const std::string& dbPath, std::shared_ptr<const OfficeConfig> config, TimePoint start);
    EngineDriver(const EngineDriver&) = delete;
    EngineDriver& operator=(const EngineDriver&) = delete;

    // An IssueTicket without an estimate gets the estimator's, as a kiosk's would.
    Result<Events> run(const Command& cmd, TimePoint at);
    // Ends the last simulated day as the daemon's rollover would.
    Status closeLastDay();

    const QueueEngine& engine() const { return journal_->engine(); }
    const Estimator& estimator() const { return estimator_; }
    Store& store() { return *store_; }
    const OfficeConfig& config() const { return *config_; }
    long commands() const { return commands_; }

  private:
    EngineDriver() = default;
    Status startDayIfNew();
    std::shared_ptr<const OfficeConfig> config_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Journal> journal_;
    long commands_ = 0;
    Estimator estimator_;
    std::string day_; // the day the estimator is on
};

} // namespace qmsd::replay
