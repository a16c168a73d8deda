#pragma once
// A day's ratings' answers and comments, read apart from the day's rows
// (day_reader.hpp): through the events_rating_details_by_day partial index
// (schema v12), so a day costs one index probe and the rows that have
// details, not a table lookup per rating. Internal to the reports.
#include "reports/day_rows.hpp"

#include <memory>
#include <string>
#include <vector>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace qmsd::reports {

class RatingDetailReader {
  public:
    // Only rows with something to add: its terms are the partial index's
    // own, which SQLite uses only for a query that names them all.
    static constexpr const char* kQuery =
        "SELECT ticket_id, code, answers, comment FROM events WHERE day = ? AND kind = 'ticket_rated' AND "
        "(answers IS NOT NULL OR comment IS NOT NULL) ORDER BY seq";

    // Without the columns (a database older than schema v7) it reads nothing.
    explicit RatingDetailReader(SQLite::Database& db);
    ~RatingDetailReader();
    RatingDetailReader(const RatingDetailReader&) = delete;
    RatingDetailReader& operator=(const RatingDetailReader&) = delete;

    // Appends each rated ticket's details of `day` to `out`, in seq order.
    // Throws SQLite::Exception like the rest of the query.
    void read(const std::string& day, std::vector<DayRows::RatingDetail>& out);

  private:
    std::unique_ptr<SQLite::Statement> rows_;
};

} // namespace qmsd::reports
