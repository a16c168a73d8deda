#include "reports/report_query.hpp"

#include "clock/office_clock.hpp"
#include "reports/day_reader.hpp"
#include "reports/day_rows.hpp"
#include "reports/digest_cache.hpp"
#include "reports/event_replay.hpp"
#include "reports/report_merge.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sys/resource.h>
#include <unistd.h>

#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace qmsd::reports {
namespace {

constexpr int kCacheBusyMs = 100;

// One day of a report: its digest from the cache, or to be replayed.
struct DayWork {
    std::string day;
    bool closed = false; // ended before now: its digest may be cached
    bool replayed = false;
    std::optional<DayDigest> digest;
};

// A first report over a week, months or years replays every day, each on
// its own (a day's replay reads only that day): with two or more, a second
// thread with its own connection works too. A day's work is two steps,
// reading its rows (SQLite) and replaying them, each about half of it, and
// the two steps of a day may run on different threads: by whole days, the
// fifth of a week's five full days left one thread idle for a fifth of the
// report. Each thread reads the next day while it may read ahead, else
// replays the oldest day read, else waits for the day the other is reading.
// The helper runs at a lower priority, so the daemon's loop keeps its core
// on a two-core office PC.
constexpr std::size_t kParallelFromDays = 2;
constexpr int kHelperNice = 5;
constexpr std::size_t kReadAhead = 4; // days read and not yet replayed, at most (~0.6 MB each)

class DayPipeline {
  public:
    DayPipeline(const std::vector<DayWork*>& days, std::size_t readAhead)
        : days_(days), rows_(days.size()), readAhead_(readAhead) {}

    // On each thread, until every day is replayed or a thread has failed.
    void work(DayReader& reader, DayReplay& replay) {
        std::unique_lock lock(m_);
        while (!failed_ && nextReplay_ < days_.size()) {
            if (nextRead_ < days_.size() && nextRead_ - nextReplay_ < readAhead_) {
                std::size_t i = nextRead_++;
                lock.unlock();
                DayRows rows = reader.read(days_[i]->day);
                lock.lock();
                rows_[i] = std::move(rows);
                cv_.notify_all();
            } else if (rows_[nextReplay_]) {
                std::size_t i = nextReplay_++;
                DayRows rows = std::move(*rows_[i]);
                rows_[i].reset();
                lock.unlock();
                days_[i]->digest = replayRows(rows, replay);
                days_[i]->replayed = true;
                rows = DayRows{}; // freed off the lock
                lock.lock();
            } else {
                cv_.wait(lock); // the other thread is reading the next day to replay
            }
        }
    }

    // A thread threw: the other takes no more steps.
    void fail() {
        std::lock_guard lock(m_);
        failed_ = true;
        cv_.notify_all();
    }

  private:
    const std::vector<DayWork*>& days_;
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<std::optional<DayRows>> rows_; // read, not yet replayed
    std::size_t readAhead_;
    std::size_t nextRead_ = 0;
    std::size_t nextReplay_ = 0;
    bool failed_ = false;
};

void replayDays(const std::vector<DayWork*>& days, DayReader& reader, DayReplay& replay, const std::string& path,
                const OfficeConfig& cfg, const OfficeClock& clock, std::optional<TimePoint> now) {
    bool twoThreads = days.size() >= kParallelFromDays && !path.empty() && path != ":memory:";
    DayPipeline pipeline(days, twoThreads ? kReadAhead : 1);
    std::exception_ptr helperFailed;
    std::thread helper;
    if (twoThreads) {
        try {
            helper = std::thread([&] {
                try {
                    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kHelperNice);
                    SQLite::Database other(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, kCacheBusyMs);
                    DayReader otherReader(other);
                    DayReplay otherReplay(cfg, clock, now);
                    pipeline.work(otherReader, otherReplay);
                } catch (...) {
                    helperFailed = std::current_exception();
                    pipeline.fail();
                }
            });
        } catch (const std::system_error&) {
            // No thread to be had: this one does every step.
        }
    }
    try {
        pipeline.work(reader, replay);
    } catch (...) {
        pipeline.fail();
        if (helper.joinable()) {
            helper.join();
        }
        throw;
    }
    if (helper.joinable()) {
        helper.join();
    }
    if (helperFailed) {
        std::rethrow_exception(helperFailed);
    }
}

// Every day of the range, in order: closed days from the cache when it still
// matches, otherwise replayed (and, when closed, cached). Days to replay are
// gathered in chunks (with the cached days between them, held until merged in
// order), so a long range's replays can run on two threads.
Report buildReport(SQLite::Database& db, const OfficeConfig& cfg, const ReportOptions& options,
                   const OfficeClock& clock) {
    constexpr std::size_t kChunkDays = 64;
    TimePoint cutoff = systemNow();
    if (options.now && *options.now < cutoff) {
        cutoff = *options.now;
    }
    DigestCache cache(db, configHash(cfg));
    bool useCache = options.useDigestCache && cache.available();
    std::map<std::string, std::string> cached;
    if (useCache) {
        cached = cache.load(options.range);
    }
    DayReader reader(db);
    DayReplay replay(cfg, clock, options.now);
    ReportMerge merge(cfg, options);
    std::string day = options.range.from;
    bool last = false;
    while (!last) {
        std::vector<DayWork> chunk;
        std::vector<DayWork*> toReplay;
        chunk.reserve(kChunkDays);
        while (chunk.size() < kChunkDays && !last) {
            bool closed = clock.instantOf(nextDay(day), 0) <= cutoff;
            std::optional<DayDigest> d;
            if (closed && useCache) {
                if (auto it = cached.find(day); it != cached.end()) {
                    d = decodeDigest(it->second);
                    if (d && (d->day != day || d->lastSeq != cache.lastSeqOf(day))) {
                        d.reset();
                    }
                }
            }
            if (d && chunk.empty()) {
                merge.add(*d); // no day before it waits: merged now, not held
            } else {
                DayWork& w = chunk.emplace_back(DayWork{day, closed, false, std::move(d)});
                if (!w.digest) {
                    toReplay.push_back(&w);
                }
            }
            last = day == options.range.to;
            if (!last) {
                day = nextDay(day);
            }
        }
        replayDays(toReplay, reader, replay, db.getFilename(), cfg, clock, options.now);
        for (DayWork& w : chunk) {
            if (w.replayed && w.closed && useCache) {
                cache.save(*w.digest);
            }
            merge.add(*w.digest);
        }
    }
    return merge.finish();
}

} // namespace

ServiceTargets targetsFromConfig(const OfficeConfig& cfg) {
    ServiceTargets out;
    for (const auto& f : cfg.fields) {
        out[f.id] = ServiceTarget{f.targetWaitMinutes, f.serviceLevelTarget};
    }
    return out;
}

Status validateRange(const DayRange& range) {
    if (!isValidDay(range.from) || !isValidDay(range.to)) {
        return makeError(ErrorCode::invalidArgument, "'from' and 'to' must be dates YYYY-MM-DD");
    }
    if (range.to < range.from) {
        return makeError(ErrorCode::invalidArgument, "'to' is before 'from'");
    }
    return Ok{};
}

int daysIn(const DayRange& range) {
    if (!validateRange(range)) {
        return 0;
    }
    int n = 1;
    for (std::string d = range.from; d != range.to; d = nextDay(d)) {
        ++n;
    }
    return n;
}

Result<Report> queryReport(SQLite::Database& db, const OfficeConfig& cfg, const ReportOptions& options) {
    if (auto st = validateRange(options.range); !st) {
        return st.error();
    }
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    if (!clock) {
        return clock.error();
    }
    try {
        return buildReport(db, cfg, options, *clock);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), std::string("report: ") + e.what());
    }
}

Result<DayDigest> replayDayDigest(SQLite::Database& db, const OfficeConfig& cfg, const std::string& day,
                                  std::optional<TimePoint> now) {
    if (!isValidDay(day)) {
        return makeError(ErrorCode::invalidArgument, "'" + day + "' is not a date YYYY-MM-DD");
    }
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    if (!clock) {
        return clock.error();
    }
    try {
        DayReader reader(db);
        DayReplay replay(cfg, *clock, now);
        return replayRows(reader.read(day), replay);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), std::string("replaying ") + day + ": " + e.what());
    }
}

Result<Report> queryReport(const std::string& dbPath, const OfficeConfig& cfg, const ReportOptions& options) {
    try {
        // Read-write only to cache digests; a short busy timeout so the
        // daemon's commits never wait behind us for long (we skip instead).
        // No mutex: the connection is this call's alone, and SQLite's locking
        // of every column read cost a tenth of a long report.
        std::unique_ptr<SQLite::Database> db;
        try {
            db = std::make_unique<SQLite::Database>(dbPath, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX,
                                                    kCacheBusyMs);
            Store::configureSideWriter(*db); // a lost digest is recomputed
        } catch (const SQLite::Exception&) {
            db = std::make_unique<SQLite::Database>(dbPath, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, kCacheBusyMs);
        }
        return queryReport(*db, cfg, options);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), dbPath + ": " + e.what());
    }
}

} // namespace qmsd::reports
