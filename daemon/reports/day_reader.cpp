#include "reports/day_reader.hpp"

#include "reports/name_numbers.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <string_view>

namespace qmsd::reports {

// A day's rows are read through SQLite's own interface: a SQLite::Column per
// value shares the statement's reference count, and a two-year report reads
// 4.7M rows of twelve values.
class DayReader::Rows {
  public:
    Rows(SQLite::Database& db, const char* sql) : db_(db.getHandle()) {
        if (int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr); rc != SQLITE_OK) {
            throw SQLite::Exception(db_, rc);
        }
    }
    ~Rows() { sqlite3_finalize(stmt_); }
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

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

namespace {

// The day's names by number, as first met: a few fields (searched), dozens
// of officers (hashed).
class DayNames {
  public:
    explicit DayNames(DayRows& rows) : rows_(rows) {}

    int field(std::string_view id) {
        for (std::size_t i = 0; i < rows_.fields.size(); ++i) {
            if (rows_.fields[i] == id) {
                return static_cast<int>(i);
            }
        }
        rows_.fields.emplace_back(id);
        return static_cast<int>(rows_.fields.size() - 1);
    }
    int staff(std::string_view id) { return staff_.numberOf(id, rows_.staff); }

  private:
    DayRows& rows_;
    NameNumbers staff_;
};

} // namespace

// A day's rows are one contiguous seq span (events are appended in day
// order) except for a day's late closing events; so: its first and last seq by
// two index probes, then a rowid range scan that skips other days' rows. A
// scan through the day index would cost a table lookup per row (4× slower).
DayReader::DayReader(SQLite::Database& db)
    : first_(std::make_unique<SQLite::Statement>(db, "SELECT seq FROM events WHERE day = ? ORDER BY seq LIMIT 1")),
      last_(std::make_unique<SQLite::Statement>(db, "SELECT seq FROM events WHERE day = ? ORDER BY seq DESC LIMIT 1")),
      rows_(std::make_unique<Rows>(db, "SELECT at_ms, kind, ticket_id, field, to_field, counter, staff, number, "
                                       "reason, day, seq, estimate_s FROM events WHERE seq BETWEEN ? AND ?")),
      details_(db) {}

DayReader::~DayReader() = default;

std::int64_t DayReader::probe(SQLite::Statement& q, const std::string& day) {
    q.reset();
    q.bind(1, day);
    std::int64_t seq = q.executeStep() ? q.getColumn(0).getInt64() : 0;
    q.reset();
    return seq;
}

DayRows DayReader::read(const std::string& day) {
    DayRows out;
    out.day = day;
    std::int64_t lo = probe(*first_, day);
    std::int64_t hi = probe(*last_, day);
    if (lo == 0 || hi < lo) {
        return out;
    }
    out.rows.reserve(static_cast<std::size_t>(hi - lo + 1));
    DayNames names(out);
    Rows& q = *rows_;
    q.reset();
    q.bind(1, lo);
    q.bind(2, hi);
    while (q.step()) {
        if (q.text(9) != day) {
            continue; // another day's late row inside this span
        }
        DayRows::Row& r = out.rows.emplace_back();
        r.seq = q.int64(10);
        if (!parseEventKind(q.text(1), r.kind)) {
            continue; // a kind from a newer qmsd: not ours to count
        }
        r.known = true;
        r.atMs = q.int64(0);
        r.ticket = q.int64(2);
        if (auto f = q.text(3); !f.empty()) {
            r.field = names.field(f);
        }
        if (DayReplay::readsToField(r.kind)) {
            if (auto f = q.text(4); !f.empty()) {
                r.toField = names.field(f);
            }
        }
        r.counter = q.integer(5);
        if (auto st = q.text(6); !st.empty()) {
            r.staff = names.staff(st);
        }
        if (DayReplay::readsNumber(r.kind)) {
            r.number = q.integer(7);
        }
        if (DayReplay::readsReason(r.kind)) {
            auto reason = q.text(8);
            r.reasonAt = static_cast<std::uint32_t>(out.reasons.size());
            r.reasonSize = static_cast<std::uint32_t>(reason.size());
            out.reasons.append(reason);
        }
        if (DayReplay::readsEstimate(r.kind)) {
            r.estimateSeconds = q.isNull(11) ? -1 : q.integer(11);
        }
    }
    q.reset(); // no read transaction left open before a digest is saved
    details_.read(day, out.details);
    return out;
}

} // namespace qmsd::reports
