#include "reports/rating_details.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace qmsd::reports {
namespace {

std::string_view textView(const SQLite::Column& c) {
    const char* p = c.getText(nullptr);
    return p == nullptr ? std::string_view{} : std::string_view(p, static_cast<std::size_t>(c.getBytes()));
}

} // namespace

RatingDetailReader::RatingDetailReader(SQLite::Database& db) {
    bool hasColumns = false;
    SQLite::Statement columns(db, "SELECT 1 FROM pragma_table_info('events') WHERE name = 'comment'");
    hasColumns = columns.executeStep();
    if (hasColumns) {
        rows_ = std::make_unique<SQLite::Statement>(db, kQuery);
    }
}

RatingDetailReader::~RatingDetailReader() = default;

void RatingDetailReader::read(const std::string& day, std::vector<DayRows::RatingDetail>& out) {
    if (!rows_) {
        return;
    }
    SQLite::Statement& q = *rows_;
    q.reset();
    q.bind(1, day);
    while (q.executeStep()) {
        out.push_back(DayRows::RatingDetail{q.getColumn(0).getInt64(), std::string(textView(q.getColumn(1))),
                                            std::string(textView(q.getColumn(2))),
                                            std::string(textView(q.getColumn(3)))});
    }
    q.reset();
}

} // namespace qmsd::reports
