#pragma once
// What the store and HTTP benchmarks share: the raw-SQLite baseline they
// both compare against, the office clock, and how figures are summarised and
// printed, so their ratios and percentiles mean the same thing.
#include "clock/office_clock.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace qmsd::bench {

// The qmsd binary a benchmark runs: $QMSD_BINARY, else the one built beside it.
inline std::string defaultQmsd() {
    if (const char* env = std::getenv("QMSD_BINARY")) {
        return env;
    }
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (self.parent_path() / ".." / ".." / "daemon" / "qmsd").lexically_normal().string();
}

inline const OfficeClock& benchClock() {
    static const OfficeClock clock = *OfficeClock::forZone("Asia/Ho_Chi_Minh");
    return clock;
}

// The p-quantile (nearest rank on 0..n-1), -1 when nothing was measured.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return -1;
    }
    std::sort(v.begin(), v.end());
    auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[idx];
}

inline std::string ratioText(double r, const std::string& of = "") {
    char buf[64];
    std::snprintf(buf, sizeof buf, of.empty() ? "%.2fx" : "%.2fx %s", r, of.c_str());
    return buf;
}

// One machine-readable line: bench.<name>=<value>.
inline void printValue(const std::string& name, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    std::cout << "bench." << name << "=" << buf << "\n";
}

// The baseline: one ticket issued the way the store writes it (an event row
// and a tickets row, same columns) in one transaction of its own, with
// nothing of qmsd in between.
class RawIssue {
  public:
    explicit RawIssue(SQLite::Database& db)
        : db_(db),
          event_(db, "INSERT INTO events(seq, at_ms, day, kind, actor, ticket_id, field, to_field, counter, "
                     "staff, number, code, priority, reason, public_id, phone) VALUES "
                     "(?,?,?,'ticket_issued','bench',?,?,NULL,NULL,NULL,?,?,NULL,NULL,?,NULL)"),
          ticket_(db, "INSERT INTO tickets(id, day, issue_field, field, number, code, priority, public_id, "
                      "phone, state, issued_at_ms) VALUES (?,?,?,?,?,?,NULL,?,NULL,'waiting',?)") {}

    // Ticket `id` (also its seq and number) of `day`, committed durably.
    void issue(std::int64_t id, std::int64_t atMs, const std::string& day, const std::string& code,
               const std::string& publicId) {
        SQLite::Transaction tx(db_);
        insert(id, id, atMs, day, code, publicId);
        tx.commit();
    }

    // The same rows with event `seq`, inside the caller's transaction: ticket
    // `id` numbered `id` in ho_tich.
    void insert(std::int64_t id, std::int64_t seq, std::int64_t atMs, const std::string& day,
                const std::string& code, const std::string& publicId) {
        insert(id, seq, atMs, day, "ho_tich", id, code, publicId);
    }

    // The same with the ticket's field and its number there.
    void insert(std::int64_t id, std::int64_t seq, std::int64_t atMs, const std::string& day,
                const std::string& field, std::int64_t number, const std::string& code,
                const std::string& publicId) {
        event_.reset();
        SQLite::bind(event_, seq, atMs, day, id, field, number, code, publicId);
        event_.exec();
        ticket_.reset();
        SQLite::bind(ticket_, id, day, field, field, number, code, publicId, atMs);
        ticket_.exec();
    }

  private:
    SQLite::Database& db_;
    SQLite::Statement event_;
    SQLite::Statement ticket_;
};

} // namespace qmsd::bench
