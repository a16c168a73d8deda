#pragma once
// Adds days' digests into one report: every slot goes to the total, its field,
// counter, staff member, day and hour-of-week cell. Counts and milliseconds
// are integers until finish(), so the order of days and records cannot change
// a figure.
#include "reports/day_digest.hpp"
#include "reports/duration_stats.hpp"
#include "reports/report_query.hpp"

#include <map>
#include <string>
#include <vector>

namespace qmsd::reports {

// Where one slot of a digest goes: the rows it adds to (the total, its day,
// its field…) and the target its waits are judged against.
struct SlotSinks {
    std::array<Accumulator*, 6> rows{};
    int n = 0;
    bool hasField = false; // without a field every wait is within target, and no
    int targetMs = 0;      // uncalled departure is a miss
    void add(Accumulator& row) { rows[static_cast<std::size_t>(n++)] = &row; }
};

// Adds a day's per-slot figures (counts, ratings by level and channel, waits
// judged against the slot's target, estimates, uncalled departures over
// target, services, answers to rating questions) to each slot's rows.
// `sinks` is parallel to d.slots. The office's ReportMerge and the city's
// CityMerge both merge through this, so a figure means the same in both.
void addSlots(const DayDigest& d, const std::vector<SlotSinks>& sinks);

class ReportMerge {
  public:
    ReportMerge(const OfficeConfig& cfg, const ReportOptions& options);

    // Days in ascending order; an inactive day (no events) adds nothing.
    void add(const DayDigest& d);
    Report finish();

  private:
    struct FieldLoad {
        std::array<int, kHoursOfWeek> arrivals{};
        std::array<std::int64_t, kHoursOfWeek> serviceMs{};
        std::array<int, kHoursOfWeek> serviceCount{};
        std::array<std::int64_t, kHoursOfWeek> counterMs{};
    };
    struct CounterMs {
        std::int64_t open = 0, busy = 0, paused = 0, idle = 0;
    };
    struct PauseMs {
        int count = 0;
        std::int64_t ms = 0;
    };

    int fieldIndex(const std::string& id);
    int staffIndex(const std::string& id);
    int targetMs(int field) const;

    const OfficeConfig& cfg_;
    const ReportOptions& options_;
    std::vector<std::string> fieldIds_;
    std::vector<int> fieldTargetMs_;
    std::vector<std::string> staffIds_;

    Accumulator total_;
    std::vector<Accumulator> byField_;
    std::map<int, Accumulator> byCounter_;
    std::vector<Accumulator> byStaff_;
    std::vector<std::pair<std::string, Accumulator>> byDay_;
    std::array<Accumulator, kHoursOfWeek> byCell_;
    std::map<std::pair<int, std::string>, PauseMs> pauses_;
    std::map<int, CounterMs> counterTime_;
    std::vector<FieldLoad> load_;
    std::array<int, 7> openDays_{};
    std::vector<RatingComment> comments_;
    int daysWithActivity_ = 0;
};

} // namespace qmsd::reports
