#pragma once
// The report's figures computed straight from the CSV rows, with the
// definitions written in reports/report_query.hpp — and deliberately none of
// its code, so that `check` compares two independent computations:
//  - wait: issued_at → called_at (served and no-shows; a cancelled ticket was
//    never called and has no wait);
//  - within target: wait ≤ the field's target; a cancelled ticket that left
//    after more than the target is a miss, one that left sooner is not judged;
//  - service: service_start (or called_at) → service_end, served tickets only;
//  - median: the middle sample, or the mean of the two middle ones;
//    p90: nearest rank, sorted[ceil(0.9·n) − 1].
#include "csv_arrivals.hpp"
#include "reports/report_query.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace qmsd::replay {

struct FieldFigures {
    std::string field; // id; "" for the total
    int issued = 0;
    int served = 0;
    int noShow = 0;
    int cancelled = 0;
    reports::DurationStats wait;    // seconds
    reports::DurationStats service; // seconds
    int withinTarget = 0;
    int missedTarget = 0;
    std::optional<double> shareWithinTarget() const;
};

struct CsvFigures {
    std::vector<FieldFigures> byField; // config order, fields with rows only
    FieldFigures total;
};

CsvFigures figuresOf(const std::vector<ArrivalRow>& rows, const OfficeConfig& cfg);

// Mean, median and nearest-rank p90 of millisecond samples, in seconds.
reports::DurationStats statsOf(std::vector<std::int64_t> millis);

} // namespace qmsd::replay
