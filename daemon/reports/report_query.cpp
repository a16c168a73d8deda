#include "reports/report_query.hpp"

#include "clock/office_clock.hpp"
#include "reports/digest_cache.hpp"
#include "reports/event_replay.hpp"
#include "reports/rating_details.hpp"
#include "reports/report_merge.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstring>
#include <map>
#include <memory>

namespace qmsd::reports {
namespace {

constexpr int kCacheBusyMs = 100;

std::string_view textView(const SQLite::Column& c) {
    const char* p = c.getText(nullptr);
    return p == nullptr ? std::string_view{} : std::string_view(p, static_cast<std::size_t>(c.getBytes()));
}

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
        SQLite::Statement& q = rows_;
        q.reset();
        q.bind(1, lo);
        q.bind(2, hi);
        while (q.executeStep()) {
            if (textView(q.getColumn(9)) != day) {
                continue; // another day's late row inside this span
            }
            replay.onRow(q.getColumn(10).getInt64());
            ReplayEvent e;
            if (!parseEventKind(textView(q.getColumn(1)), e.kind)) {
                continue; // a kind from a newer qmsd: not ours to count
            }
            e.atMs = q.getColumn(0).getInt64();
            e.ticket = q.getColumn(2).getInt64();
            if (auto f = textView(q.getColumn(3)); !f.empty()) {
                e.field = replay.fieldIndex(f);
            }
            if (auto f = textView(q.getColumn(4)); !f.empty()) {
                e.toField = replay.fieldIndex(f);
            }
            e.counter = q.getColumn(5).getInt();
            if (auto st = textView(q.getColumn(6)); !st.empty()) {
                e.staff = replay.staffIndex(st);
            }
            e.number = q.getColumn(7).getInt();
            e.reason = textView(q.getColumn(8));
            e.estimateSeconds = q.getColumn(11).isNull() ? -1 : q.getColumn(11).getInt();
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
    SQLite::Statement rows_;
    RatingDetailReader details_; // ratings' answers and comments
};

// Every day of the range: closed days from the cache when it still matches,
// otherwise replayed (and, when closed, cached).
Report buildReport(SQLite::Database& db, const OfficeConfig& cfg, const ReportOptions& options,
                   const OfficeClock& clock) {
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
    while (true) {
        bool closed = clock.instantOf(nextDay(day), 0) <= cutoff;
        bool done = false;
        if (closed && useCache) {
            if (auto it = cached.find(day); it != cached.end()) {
                auto d = decodeDigest(it->second);
                if (d && d->day == day && d->lastSeq == cache.lastSeqOf(day)) {
                    merge.add(*d);
                    done = true;
                }
            }
        }
        if (!done) {
            DayDigest d = reader.replay(day, replay);
            if (closed && useCache) {
                cache.save(d);
            }
            merge.add(d);
        }
        if (day == options.range.to) {
            break;
        }
        day = nextDay(day);
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

Result<Report> queryReport(const std::string& dbPath, const OfficeConfig& cfg, const ReportOptions& options) {
    try {
        // Read-write only to cache digests; a short busy timeout so the
        // daemon's commits never wait behind us for long (we skip instead).
        std::unique_ptr<SQLite::Database> db;
        try {
            db = std::make_unique<SQLite::Database>(dbPath, SQLite::OPEN_READWRITE, kCacheBusyMs);
            db->exec("PRAGMA synchronous=NORMAL"); // a lost digest is recomputed
        } catch (const SQLite::Exception&) {
            db = std::make_unique<SQLite::Database>(dbPath, SQLite::OPEN_READONLY, kCacheBusyMs);
        }
        return queryReport(*db, cfg, options);
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), dbPath + ": " + e.what());
    }
}

} // namespace qmsd::reports
