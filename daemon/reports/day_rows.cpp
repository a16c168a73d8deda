#include "reports/day_rows.hpp"

namespace qmsd::reports {
namespace {

// The rows' names by number → the replay's indices, each asked of the replay
// when first met, in row order: the order in which the replay would have met
// it reading the store itself, so the digest's lists come out the same.
class FirstMet {
  public:
    explicit FirstMet(const std::vector<std::string>& names) : names_(names), at_(names.size(), -1) {}

    template <typename Ask> int operator()(int i, Ask ask) {
        if (i < 0) {
            return -1;
        }
        int& at = at_[static_cast<std::size_t>(i)];
        if (at < 0) {
            at = ask(names_[static_cast<std::size_t>(i)]);
        }
        return at;
    }

  private:
    const std::vector<std::string>& names_;
    std::vector<int> at_;
};

} // namespace

DayDigest replayRows(const DayRows& rows, DayReplay& replay) {
    replay.begin(rows.day);
    FirstMet fields(rows.fields);
    FirstMet staff(rows.staff);
    auto field = [&replay](std::string_view id) { return replay.fieldIndex(id); };
    auto officer = [&replay](std::string_view id) { return replay.staffIndex(id); };
    for (const DayRows::Row& r : rows.rows) {
        replay.onRow(r.seq);
        if (!r.known) {
            continue;
        }
        ReplayEvent e;
        e.kind = r.kind;
        e.atMs = r.atMs;
        e.ticket = r.ticket;
        e.field = fields(r.field, field);
        e.toField = fields(r.toField, field);
        e.counter = r.counter;
        e.staff = staff(r.staff, officer);
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
