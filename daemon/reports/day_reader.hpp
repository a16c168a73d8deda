#pragma once
// Reads one local day's event rows from a SQLite store into DayRows.
// Internal to report_query.cpp; one reader per connection and thread.
#include "reports/day_rows.hpp"
#include "reports/rating_details.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace qmsd::reports {

class DayReader {
  public:
    explicit DayReader(SQLite::Database& db); // throws SQLite::Exception
    ~DayReader();
    DayReader(const DayReader&) = delete;
    DayReader& operator=(const DayReader&) = delete;

    // Throws SQLite::Exception like the rest of a report's query. Leaves no
    // read transaction open, so a digest can be saved next.
    DayRows read(const std::string& day);

  private:
    class Rows;
    std::int64_t probe(SQLite::Statement& q, const std::string& day);

    std::unique_ptr<SQLite::Statement> first_;
    std::unique_ptr<SQLite::Statement> last_;
    std::unique_ptr<Rows> rows_;
    RatingDetailReader details_; // ratings' answers and comments
};

} // namespace qmsd::reports
