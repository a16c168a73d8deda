#pragma once
// A day's ratings' answers and comments, read apart from the day's rows
// (report_query's DayReader): through the events_ratings_by_day partial index
// (schema v7), so a day costs one index probe and its few rating rows.
// Internal to report_query.cpp.
#include "reports/event_replay.hpp"

#include <memory>
#include <string>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace qmsd::reports {

class RatingDetailReader {
  public:
    // Without the columns (a database older than schema v7) it reads nothing.
    explicit RatingDetailReader(SQLite::Database& db);
    ~RatingDetailReader();
    RatingDetailReader(const RatingDetailReader&) = delete;
    RatingDetailReader& operator=(const RatingDetailReader&) = delete;

    // Hands each rated ticket's details of `day` to `replay`. Throws
    // SQLite::Exception like the rest of the query.
    void read(const std::string& day, DayReplay& replay);

  private:
    std::unique_ptr<SQLite::Statement> rows_;
};

} // namespace qmsd::reports
