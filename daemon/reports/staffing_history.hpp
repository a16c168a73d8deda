#pragma once
// What history says about staffing, per field and hour of the week: arrivals,
// service, the counters that were actually open, and the counters Erlang C
// recommends period by period with the arrival rate lagged by one mean
// service time (lag-SIPP, Green–Kolesar–Soares 2001; ANALYTICS.md): people
// who arrive at 08:50 are still being served at 09:05, so the 09:00 hour must
// be staffed for the rate of [09:00 − AHT, 10:00 − AHT), not of 09:00–10:00.
// The lag stays within the day: tickets expire at midnight, so Monday 00:00
// owes nothing to Sunday night.
#include "reports/report_query.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd::reports {

struct StaffingHour {
    int weekday = 0; // 0 = Monday
    int hour = 0;
    double arrivalsPerHour = 0;       // mean over the range's open days of that weekday
    double laggedArrivalsPerHour = 0; // the rate of the hour shifted back by the field's mean service
    std::optional<double> meanServiceMinutes; // services started in this hour; empty if none
    double loadErlangs = 0;           // lagged rate × the service time used
    // Counters working for the field, on average: a counter counts while it
    // serves the field's citizens and for 1/k of its idle time when it can
    // call k fields, so a shared counter is a share, not a whole one in each.
    double countersOpen = 0;
    int recommended = 0;              // Erlang C, lagged rate
    // Predicted share within target with the counters actually open (rounded);
    // empty when none were open or the load was zero.
    std::optional<double> predictedShareWithOpen;
};

struct FieldStaffing {
    std::string field;
    std::string name;
    ServiceTarget target;
    double meanServiceMinutes = 0; // over the range; the lag and the fallback service time
    std::vector<StaffingHour> hours; // hours with arrivals, open counters or a recommendation
};

struct StaffingHistory {
    DayRange range;
    std::vector<FieldStaffing> fields;
};

// An hour's own mean service is used when it has at least this many services;
// otherwise the field's mean over the range.
constexpr int kMinServicesPerHour = 10;

StaffingHistory staffingFromReport(const Report& report,
                                   const ServiceTargets& targets, ServiceTarget defaultTarget = {});

} // namespace qmsd::reports
