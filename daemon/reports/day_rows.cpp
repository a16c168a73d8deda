#include "reports/day_rows.hpp"

namespace qmsd::reports {

DayDigest replayRows(const DayRows& rows, DayReplay& replay) {
    replay.begin(rows.day);
    // A name gets its digest index when first met, in row order: the order
    // in which the replay would have met it reading the store itself.
    std::vector<int> fieldAt(rows.fields.size(), -1);
    std::vector<int> staffAt(rows.staff.size(), -1);
    auto field = [&](int i) {
        if (i < 0) {
            return -1;
        }
        int& at = fieldAt[static_cast<std::size_t>(i)];
        if (at < 0) {
            at = replay.fieldIndex(rows.fields[static_cast<std::size_t>(i)]);
        }
        return at;
    };
    auto staff = [&](int i) {
        if (i < 0) {
            return -1;
        }
        int& at = staffAt[static_cast<std::size_t>(i)];
        if (at < 0) {
            at = replay.staffIndex(rows.staff[static_cast<std::size_t>(i)]);
        }
        return at;
    };
    for (const DayRows::Row& r : rows.rows) {
        replay.onRow(r.seq);
        if (!r.known) {
            continue;
        }
        ReplayEvent e;
        e.kind = r.kind;
        e.atMs = r.atMs;
        e.ticket = r.ticket;
        e.field = field(r.field);
        e.toField = field(r.toField);
        e.counter = r.counter;
        e.staff = staff(r.staff);
        e.number = r.number;
        e.reason = rows.reasonOf(r);
        e.estimateSeconds = r.estimateSeconds;
        replay.onEvent(e);
    }
    for (const DayRows::RatingDetail& d : rows.details) {
        replay.onRatingDetail(d.ticket, d.code, d.answers, d.comment);
    }
    return replay.finish();
}

} // namespace qmsd::reports
