#pragma once
// The weekly and monthly summary as offices report them upward: totals, the
// worst fields and hours, and the trend against the previous period of the
// same length.
#include "reports/report_query.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd::reports {

enum class PeriodKind { week, month };

struct Period {
    PeriodKind kind = PeriodKind::week;
    DayRange range;    // Monday–Sunday, or the calendar month
    DayRange previous; // the same number of days just before `range`
};

// The week (Monday first) or calendar month containing `day`.
Result<Period> periodContaining(PeriodKind kind, const std::string& day);

struct Totals {
    Outcomes outcomes; // the summary shows all but stillOpen
    std::optional<double> meanWaitSeconds; // empty: nobody was called
    std::optional<double> p90WaitSeconds;
    std::optional<double> meanServiceSeconds;
    std::optional<double> shareWithinTarget;
    int ratings = 0;
    std::optional<double> ratingResponseRate; // rated ÷ served
    std::optional<double> shareSatisfied;     // Rất hài lòng + Hài lòng, of the ratings
};

// One metric now and in the previous period. percent is the change relative
// to the previous value (empty when that was 0 or either side is missing).
struct TrendRow {
    std::string metric; // stable key: "issued", "mean_wait_seconds", ...
    std::string name;   // Vietnamese label
    std::optional<double> current;
    std::optional<double> previous;
    std::optional<double> delta;
    std::optional<double> percent;
};

struct PeriodSummary {
    Period period;
    Totals current;
    Totals previous;
    std::vector<TrendRow> trend;
    std::vector<Breakdown> worstFields; // lowest share within target first, then highest p90
    std::vector<HourCell> worstHours;   // highest mean wait first (cells with enough waits)
};

constexpr std::size_t kWorstFields = 3;
constexpr std::size_t kWorstHours = 5;
constexpr int kMinWaitsForWorstHour = 5;

Totals totalsOf(const Breakdown& total);
// One metric against the previous period (delta, and percent when previous ≠ 0).
TrendRow trendRow(std::string metric, std::string name, std::optional<double> current,
                  std::optional<double> previous);
PeriodSummary summarize(const Period& period, const Report& current, const Report& previous);
// Runs both reports; `base` gives the targets and `now` (its range is ignored).
Result<PeriodSummary> summarizePeriod(SQLite::Database& db, const OfficeConfig& cfg, PeriodKind kind,
                                      const std::string& day, const ReportOptions& base);

} // namespace qmsd::reports
