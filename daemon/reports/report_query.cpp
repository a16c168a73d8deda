#include "reports/report_query.hpp"

#include "clock/office_clock.hpp"
#include "reports/digest_cache.hpp"
#include "reports/event_replay.hpp"
#include "reports/rating_details.hpp"
#include "reports/report_merge.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace qmsd::reports {
namespace {

constexpr int kCacheBusyMs = 100;

// A day's rows are read through SQLite's own interface: a SQLite::Column per
// value shares the statement's reference count, and a two-year report reads
// 4.7M rows of twelve values.
class RawStatement {
  public:
    RawStatement(SQLite::Database& db, const char* sql) : db_(db.getHandle()) {
        if (int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr); rc != SQLITE_OK) {
            throw SQLite::Exception(db_, rc);
        }
    }
    ~RawStatement() { sqlite3_finalize(stmt_); }
    RawStatement(const RawStatement&) = delete;
    RawStatement& operator=(const RawStatement&) = delete;

    void reset() { sqlite3_reset(stmt_); }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            throw SQLite::Exception(db_, rc);
        }
        return false;
    }
    std::int64_t int64(int i) const { return sqlite3_column_int64(stmt_, i); }
    int integer(int i) const { return sqlite3_column_int(stmt_, i); }
    bool isNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
    std::string_view text(int i) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        return p == nullptr ? std::string_view{}
                            : std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// A day's rows are one contiguous seq span (events are appended in day
// order) except for a day's late closing events; so: its first and last seq by
// two index probes, then a rowid range scan that skips other days' rows. A
// scan through the day index would cost a table lookup per row (4× slower).
class DayReader {
  public:
    explicit DayReader(SQLite::Database& db)
        : first_(db, "SELECT seq FROM events WHERE day = ? ORDER BY seq LIMIT 1"),
          last_(db, "SELECT seq FROM events WHERE day = ? ORDER BY seq DESC LIMIT 1"),
          rows_(db, "SELECT at_ms, kind, ticket_id, field, to_field, counter, staff, number, reason, day, seq, "
                    "estimate_s "
                    "FROM events WHERE seq BETWEEN ? AND ?"),
          details_(db) {}

    DayDigest replay(const std::string& day, DayReplay& replay) {
        replay.begin(day);
        std::int64_t lo = probe(first_, day);
        std::int64_t hi = probe(last_, day);
        if (lo == 0 || hi < lo) {
            return replay.finish();
        }
        RawStatement& q = rows_;
        q.reset();
        q.bind(1, lo);
        q.bind(2, hi);
        while (q.step()) {
            if (q.text(9) != day) {
                continue; // another day's late row inside this span
            }
            replay.onRow(q.int64(10));
            ReplayEvent e;
            if (!parseEventKind(q.text(1), e.kind)) {
                continue; // a kind from a newer qmsd: not ours to count
            }
            e.atMs = q.int64(0);
            e.ticket = q.int64(2);
            if (auto f = q.text(3); !f.empty()) {
                e.field = replay.fieldIndex(f);
            }
            if (DayReplay::readsToField(e.kind)) {
                if (auto f = q.text(4); !f.empty()) {
                    e.toField = replay.fieldIndex(f);
                }
            }
            e.counter = q.integer(5);
            if (auto st = q.text(6); !st.empty()) {
                e.staff = replay.staffIndex(st);
            }
            if (DayReplay::readsNumber(e.kind)) {
                e.number = q.integer(7);
            }
            if (DayReplay::readsReason(e.kind)) {
                e.reason = q.text(8);
            }
            if (DayReplay::readsEstimate(e.kind)) {
                e.estimateSeconds = q.isNull(11) ? -1 : q.integer(11);
            }
            replay.onEvent(e);
        }
        q.reset(); // no read transaction left open before a digest is saved
        details_.read(day, replay);
        return replay.finish();
    }

  private:
    static std::int64_t probe(SQLite::Statement& q, const std::string& day) {
        q.reset();
        q.bind(1, day);
        std::int64_t seq = q.executeStep() ? q.getColumn(0).getInt64() : 0;
        q.reset();
        return seq;
    }

    SQLite::Statement first_;
    SQLite::Statement last_;
    RawStatement rows_;
    RatingDetailReader details_; // ratings' answers and comments
};

// One day of a report: its digest from the cache, or to be replayed.
struct DayWork {
    std::string day;
    bool closed = false; // ended before now: its digest may be cached
    bool replayed = false;
    std::optional<DayDigest> digest;
};

// A first report over months or years replays hundreds of days, each on its
// own (a day's replay reads only that day): with two or more, a second thread
// with its own connection replays too. The two take the next day in turn
// rather than a half each: days differ (a Monday against a closed Sunday), and
// the helper starts later (its connection to open), so fixed halves left one
// thread idle for a third of a week's report. The helper runs at a lower
// priority, so the daemon's loop keeps its core on a two-core office PC.
constexpr std::size_t kParallelFromDays = 2;
constexpr int kHelperNice = 5;

void replayDays(const std::vector<DayWork*>& days, DayReader& reader, DayReplay& replay, const std::string& path,
                const OfficeConfig& cfg, const OfficeClock& clock, std::optional<TimePoint> now) {
    std::atomic<std::size_t> next{0};
    auto replayTaken = [&days, &next](DayReader& r, DayReplay& p) {
        for (std::size_t i = next++; i < days.size(); i = next++) {
            days[i]->digest = r.replay(days[i]->day, p);
            days[i]->replayed = true;
        }
    };
    std::exception_ptr helperFailed;
    std::thread helper;
    if (days.size() >= kParallelFromDays && !path.empty() && path != ":memory:") {
        try {
            helper = std::thread([&] {
                try {
                    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kHelperNice);
                    SQLite::Database other(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, kCacheBusyMs);
                    DayReader otherReader(other);
                    DayReplay otherReplay(cfg, clock, now);
                    replayTaken(otherReader, otherReplay);
                } catch (...) {
                    helperFailed = std::current_exception();
                }
            });
        } catch (const std::system_error&) {
            // No thread to be had: this one replays every day.
        }
    }
    try {
        replayTaken(reader, replay);
    } catch (...) {
        next = days.size(); // the helper takes no more
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
        return reader.replay(day, replay);
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
