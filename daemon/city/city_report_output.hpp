#pragma once
// The centre's reports as HTTP replies: one office's report in exactly the
// office's JSON (plus "office"), CSV and XLSX; the city report (per office,
// field, day, hour; ratings where present) in the same breakdown shapes.
#include "city/city_reports.hpp"
#include "http/http_types.hpp"
#include "reports/report_tables.hpp"

#include <nlohmann/json.hpp>

namespace qmsd::city {

struct ReportRequest {
    reports::DayRange range;
    std::string office; // empty: the city (every office)
    std::string format; // json | csv | xlsx
    std::string table;  // csv/xlsx: one table only
    TimePoint now{};
};

// Runs on a worker.
Result<http::HttpResponse> reportReply(pg::Connection& c, const ReportRequest& job);

nlohmann::json cityReportJson(const CityReport& r);
std::vector<reports::Table> cityTables(const CityReport& r);

} // namespace qmsd::city
