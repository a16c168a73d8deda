#pragma once
// One local day's event rows as read from a store, held for a replay that
// may run on another thread: report_query.cpp's two threads each read days
// ahead and replay the oldest read. Reading a day (SQLite) and replaying it
// are each about half its cost, so a week's five full days keep both
// threads busy; by whole days one of them sat idle through the fifth.
// Internal to the reports.
#include "engine/event.hpp"
#include "reports/day_digest.hpp"
#include "reports/event_replay.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::reports {

struct DayRows {
    // An event row, its names by number (into fields and staff) and only
    // what DayReplay reads for its kind (DayReplay::reads*).
    struct Row {
        std::int64_t seq = 0;
        std::int64_t atMs = 0;
        std::int64_t ticket = 0;
        EventKind kind = EventKind::ticketIssued;
        bool known = false; // false: a kind from a newer qmsd, counted as a row only
        int counter = 0;
        int number = 0;
        int estimateSeconds = -1;
        int field = -1;
        int toField = -1;
        int staff = -1;
        std::uint32_t reasonAt = 0; // in `reasons`
        std::uint32_t reasonSize = 0;
    };
    // A rated ticket's answers and comment (rating_details.hpp).
    struct RatingDetail {
        std::int64_t ticket = 0;
        std::string code;
        std::string answers;
        std::string comment;
    };

    std::string day;
    std::vector<Row> rows;             // the day's rows in seq order
    std::vector<std::string> fields;   // names as first met in the rows
    std::vector<std::string> staff;
    std::string reasons;               // end to end
    std::vector<RatingDetail> details; // in seq order

    std::string_view reasonOf(const Row& r) const { return std::string_view(reasons).substr(r.reasonAt, r.reasonSize); }
};

// The day's digest: `rows` handed to `replay` (begin() to finish()) as if fed
// straight from the store, so the fields and officers get the same indices.
DayDigest replayRows(const DayRows& rows, DayReplay& replay);

} // namespace qmsd::reports
