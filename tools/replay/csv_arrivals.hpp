#pragma once
// One CSV row per ticket: when it was issued, for which field, and what
// happened to it (called, served, no-show, cancelled), at which counter.
//
//   issued_at,field,called_at,service_start,service_end,counter[,staff][,outcome][,priority]
//
// Times are office-local. outcome: served (default) | no_show | cancelled.
//  - served: called_at, service_end and counter required; service_start may
//    be empty (the counter finished without pressing start: service counts
//    from the call, as in the daemon).
//  - no_show: called_at and counter required; service_end, if given, is when
//    the counter marked the no-show (else at the call).
//  - cancelled: left without being called: called_at, service_start and
//    counter empty; service_end, if given, is when the ticket was cancelled
//    (else right at issue).
// Every time of a row falls on the local day it was issued (tickets expire at
// midnight).
#include "clock/office_clock.hpp"
#include "config/office_config.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd::replay {

enum class Outcome { served, noShow, cancelled };

struct ArrivalRow {
    int line = 0;
    std::string day; // local day of issuedAt
    TimePoint issuedAt{};
    std::string field; // a configured field id (the CSV may name it by id or Vietnamese name)
    std::string priority;
    std::optional<TimePoint> calledAt;
    std::optional<TimePoint> serviceStart;
    std::optional<TimePoint> serviceEnd;
    int counter = 0;
    std::string staff;
    Outcome outcome = Outcome::served;

    // When the ticket ended: finish, no-show mark or cancellation.
    TimePoint endedAt() const;
    // Service as the daemon counts it: start (or call) → finish; served only.
    std::optional<Millis> service() const;
};

struct Arrivals {
    std::string source;           // file name for messages
    std::vector<ArrivalRow> rows; // in file order
};

Result<Arrivals> parseArrivals(std::string_view text, const std::string& source,
                               const OfficeConfig& cfg, const OfficeClock& clock);
Result<Arrivals> loadArrivals(const std::string& path, const OfficeConfig& cfg,
                              const OfficeClock& clock);

} // namespace qmsd::replay
