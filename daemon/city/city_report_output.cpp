#include "city/city_report_output.hpp"

#include "http/reply.hpp"
#include "reports/report_csv.hpp"
#include "reports/report_json.hpp"
#include "reports/report_xlsx.hpp"

#include <algorithm>

namespace qmsd::city {

namespace bh = boost::beast::http;

namespace {

constexpr std::string_view kCsvType = "text/csv; charset=utf-8";
constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<http::HttpResponse> tablesReply(std::vector<reports::Table> tables, const ReportRequest& job,
                                       std::string name) {
    if (!job.table.empty()) {
        std::string ids;
        for (const auto& t : tables) {
            ids += (ids.empty() ? "" : ", ") + t.id;
        }
        std::erase_if(tables, [&job](const reports::Table& t) { return t.id != job.table; });
        if (tables.empty()) {
            return makeError(ErrorCode::invalidArgument, "'table' must be one of " + ids);
        }
        name += "_" + job.table;
    }
    if (job.format == "csv") {
        return http::bytesReply(reports::tablesCsv(tables), kCsvType, name + ".csv");
    }
    auto xlsx = reports::tablesXlsx(tables);
    if (!xlsx) {
        return xlsx.error();
    }
    return http::bytesReply(std::move(*xlsx), kXlsxType, name + ".xlsx");
}

} // namespace

nlohmann::json cityReportJson(const CityReport& r) {
    return nlohmann::json{{"from", r.range.from},
                          {"to", r.range.to},
                          {"days_in_range", r.daysInRange},
                          {"days_with_activity", r.daysWithActivity},
                          {"total", reports::breakdownJson(r.total)},
                          {"offices", reports::breakdownsJson(r.byOffice)},
                          {"fields", reports::breakdownsJson(r.byField)},
                          {"days", reports::breakdownsJson(r.byDay)},
                          {"hours", reports::hourCellsJson(r.byHour)}};
}

std::vector<reports::Table> cityTables(const CityReport& r) {
    std::vector<reports::Table> out;
    std::vector<reports::Breakdown> total{r.total};
    total[0].key = r.range.from + " – " + r.range.to;
    out.push_back(reports::breakdownTable("total", "Tổng hợp", "Khoảng thời gian", total, true));
    out.push_back(reports::breakdownTable("offices", "Theo đơn vị", "Mã đơn vị", r.byOffice, true));
    out.push_back(reports::breakdownTable("fields", "Theo lĩnh vực", "Mã lĩnh vực", r.byField, true));
    out.push_back(reports::breakdownTable("days", "Theo ngày", "Ngày", r.byDay, false));
    out.push_back(reports::hourCellsTable(r.byHour));
    return out;
}

Result<http::HttpResponse> reportReply(pg::Connection& c, const ReportRequest& job) {
    if (!job.office.empty()) {
        auto report = officeReport(c, job.office, job.range, job.now);
        if (!report) {
            return report.error();
        }
        std::string name = "bao-cao_" + job.office + "_" + job.range.from + "_" + job.range.to;
        if (job.format == "json") {
            auto j = reports::reportJson(*report);
            j["office"] = job.office;
            return http::jsonReply(bh::status::ok, j);
        }
        return tablesReply(reports::reportTables(*report), job, name);
    }
    auto report = cityReport(c, {}, job.range, job.now);
    if (!report) {
        return report.error();
    }
    if (job.format == "json") {
        return http::jsonReply(bh::status::ok, cityReportJson(*report));
    }
    return tablesReply(cityTables(*report), job, "bao-cao-thanh-pho_" + job.range.from + "_" + job.range.to);
}

} // namespace qmsd::city
