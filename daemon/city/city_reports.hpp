#pragma once
// Reports at the centre.
//  - One office: its digests (city_store.hpp) merged by the reports' own
//    ReportMerge with the office's config, exactly as the office merges
//    them: the same figures as the office's own /reports/summary, figure by
//    figure (README.md "Equality").
//  - Several offices (the city): every digest of every office into one set of
//    breakdowns — in total, per office, per field id, per day and per hour of
//    the week — each wait judged against its own office's target for the
//    field. Counts and milliseconds stay integers until the end, so the
//    city's total is the sum of the offices' to the unit.
#include "city/city_store.hpp"
#include "reports/duration_stats.hpp"
#include "reports/report_query.hpp"

#include <map>
#include <string>
#include <vector>

namespace qmsd::city {

struct CityReport {
    reports::DayRange range;
    int daysInRange = 0;
    int daysWithActivity = 0;      // days on which any office had an event
    reports::Breakdown total;
    std::vector<reports::Breakdown> byOffice; // every office asked for, by id (key = office id)
    std::vector<reports::Breakdown> byField;  // field ids across offices
    std::vector<reports::Breakdown> byDay;
    std::vector<reports::HourCell> byHour;
};

class CityMerge {
  public:
    explicit CityMerge(reports::DayRange range);
    // Then add() that office's digests.
    void beginOffice(const std::string& id, const std::string& name, const OfficeConfig& cfg);
    void add(const reports::DayDigest& d);
    CityReport finish();

  private:
    struct Office {
        std::string id, name;
        reports::Accumulator acc;
    };
    reports::DayRange range_;
    std::vector<Office> offices_;
    reports::ServiceTargets targets_; // the current office's
    reports::Accumulator total_;
    std::map<std::string, reports::Accumulator> byField_;
    std::map<std::string, std::string> fieldNames_;
    std::map<std::string, reports::Accumulator> byDay_;
    std::array<reports::Accumulator, reports::kHoursOfWeek> byCell_;
};

// The office's report as the office would compute it now.
Result<reports::Report> officeReport(pg::Connection& c, const std::string& office, const reports::DayRange& range,
                                     TimePoint now);
// The city report over `offices` (ids; empty: every office); an office that
// has sent no config yet is listed with nothing.
Result<CityReport> cityReport(pg::Connection& c, const std::vector<std::string>& offices,
                              const reports::DayRange& range, TimePoint now);

} // namespace qmsd::city
