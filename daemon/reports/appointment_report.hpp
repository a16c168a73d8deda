#pragma once
// Appointments against walk-ins over a date range, per field and in total
// (daemon/booking/README.md): how many were booked, checked in on time,
// late, missed (no-shows) or cancelled; the no-show rate; the booked share
// of the tickets; and the waits of appointment tickets against walk-ins'.
//
// Definitions: a walk-in's wait runs from its issue to its first call; an
// appointment's from its booked time, or its check-in if that was later, to
// its first call (early arrivals waited by choice). A late check-in is a
// walk-in's ticket and counts with the walk-ins. No-show rate = missed ÷
// (checked in + late + missed); booked share = appointment tickets ÷ all
// tickets issued in the field.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "reports/report_tables.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd::reports {

struct WaitFigures {
    int count = 0; // tickets called
    std::optional<double> meanMinutes;
    std::optional<double> medianMinutes;
    std::optional<double> p90Minutes;
};

struct AppointmentRow {
    std::string field; // "" = every field
    std::string name;
    int booked = 0; // every booking of the range, cancelled ones included
    int checkedIn = 0;
    int late = 0;
    int missed = 0;
    int cancelled = 0;
    int open = 0; // still booked (today's, not yet due)
    int tickets = 0; // every ticket issued in the field
    std::optional<double> noShowRate;
    std::optional<double> bookedShare;
    WaitFigures appointmentWait;
    WaitFigures walkInWait;
};

struct AppointmentReport {
    std::string from, to;
    std::vector<AppointmentRow> fields;
    AppointmentRow total;
};

Result<AppointmentReport> appointmentReport(const std::string& dbPath, const OfficeConfig& config,
                                            const std::string& from, const std::string& to);
std::vector<Table> appointmentTables(const AppointmentReport& report);

} // namespace qmsd::reports
