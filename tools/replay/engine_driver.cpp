#include "engine_driver.hpp"

#include "reports/history_prior.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <filesystem>
#include <unistd.h>
#include <utility>

namespace qmsd::replay {

Result<ReplayDb> ReplayDb::make(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!path.empty()) {
        if (fs::exists(path, ec)) {
            return makeError(ErrorCode::invalidArgument,
                             path + ": exists; the replay writes a fresh database (remove it or "
                                    "pick another path)");
        }
        return ReplayDb(path, false);
    }
    static std::atomic<int> next{0};
    fs::path p = fs::temp_directory_path(ec) / ("qmsd-replay-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(next++) + ".db");
    if (ec) {
        return makeError(ErrorCode::storageFailed, "no temp directory: " + ec.message());
    }
    fs::remove(p, ec);
    return ReplayDb(p.string(), true);
}

ReplayDb::ReplayDb(ReplayDb&& other) noexcept
    : path_(std::move(other.path_)), temporary_(std::exchange(other.temporary_, false)) {}

ReplayDb::~ReplayDb() {
    if (!temporary_) {
        return;
    }
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path_ + suffix, ec);
    }
}

Result<std::unique_ptr<EngineDriver>> EngineDriver::open(const std::string& dbPath,
                                                         std::shared_ptr<const OfficeConfig> config,
                                                         TimePoint start) {
    auto store = Store::open(dbPath);
    if (!store) {
        return store.error();
    }
    try {
        // A simulation's database need not survive a power cut: without a
        // sync per command a week of an office replays in seconds.
        (*store)->database().exec("PRAGMA synchronous=OFF");
    } catch (const SQLite::Exception& e) {
        return makeError(ErrorCode::storageFailed, dbPath + ": " + e.what());
    }
    auto journal = Journal::open(**store, config, start);
    if (!journal) {
        return journal.error();
    }
    std::unique_ptr<EngineDriver> d(new EngineDriver());
    d->config_ = std::move(config);
    d->store_ = std::move(*store);
    d->journal_ = std::move(*journal);
    d->journal_->addListener([driver = d.get()](const Events& events) { driver->estimator_.onEvents(events); });
    if (auto st = d->startDayIfNew(); !st) {
        return st.error();
    }
    return d;
}

Status EngineDriver::startDayIfNew() {
    const std::string& day = journal_->engine().day();
    if (day == day_) {
        return Ok{};
    }
    day_ = day;
    estimator_.startDay(day);
    // As the daemon at each new day: the same weekday and hour of earlier
    // weeks, here the days this replay has already written.
    auto prior = reports::readHistoryPrior(store_->database(), *config_, day);
    if (!prior) {
        return prior.error();
    }
    estimator_.setPrior(std::move(*prior));
    return Ok{};
}

Result<Events> EngineDriver::run(const Command& cmd, TimePoint at) {
    ++commands_;
    if (auto st = journal_->rollOver(at); !st) {
        return st.error();
    }
    if (auto st = startDayIfNew(); !st) {
        return st.error();
    }
    if (const auto* issue = std::get_if<IssueTicket>(&cmd); issue != nullptr && issue->estimateSeconds < 0) {
        IssueTicket told = *issue;
        told.estimateSeconds = estimator_.secondsForNew(journal_->engine(), told.field, told.priority, at);
        return journal_->execute(told, CommandMeta{at, "replay"});
    }
    return journal_->execute(cmd, CommandMeta{at, "replay"});
}

Status EngineDriver::closeLastDay() {
    const std::string& day = journal_->engine().day();
    return journal_->rollOver(journal_->engine().clock().instantOf(nextDay(day), 0));
}

} // namespace qmsd::replay
