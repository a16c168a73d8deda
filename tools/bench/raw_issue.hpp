#pragma once
// The benchmarks' baseline: one ticket issued the way the store writes it (an
// event row and a tickets row, same columns) in one transaction of its own,
// with nothing of qmsd in between. Shared so every benchmark compares
// against the same rows.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <string>

namespace qmsd::bench {

class RawIssue {
  public:
    explicit RawIssue(SQLite::Database& db)
        : db_(db),
          event_(db, "INSERT INTO events(seq, at_ms, day, kind, actor, ticket_id, field, to_field, counter, "
                     "staff, number, code, priority, reason, public_id, phone) VALUES "
                     "(?,?,?,'ticket_issued','bench',?,'ho_tich',NULL,NULL,NULL,?,?,NULL,NULL,?,NULL)"),
          ticket_(db, "INSERT INTO tickets(id, day, issue_field, field, number, code, priority, public_id, "
                      "phone, state, issued_at_ms) VALUES (?,?,'ho_tich','ho_tich',?,?,NULL,?,NULL,'waiting',?)") {}

    // Ticket `id` (also its seq and number) of `day`, committed durably.
    void issue(std::int64_t id, std::int64_t atMs, const std::string& day, const std::string& code,
               const std::string& publicId) {
        SQLite::Transaction tx(db_);
        event_.reset();
        event_.bind(1, id);
        event_.bind(2, atMs);
        event_.bind(3, day);
        event_.bind(4, id);
        event_.bind(5, id);
        event_.bind(6, code);
        event_.bind(7, publicId);
        event_.exec();
        ticket_.reset();
        ticket_.bind(1, id);
        ticket_.bind(2, day);
        ticket_.bind(3, id);
        ticket_.bind(4, code);
        ticket_.bind(5, publicId);
        ticket_.bind(6, atMs);
        ticket_.exec();
        tx.commit();
    }

  private:
    SQLite::Database& db_;
    SQLite::Statement event_;
    SQLite::Statement ticket_;
};

} // namespace qmsd::bench
