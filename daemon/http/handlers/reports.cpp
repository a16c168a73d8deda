// GET /reports/daily (per day and field, from the tickets table) and the
// leader's reports from daemon/reports: summary, staffing, week/month period,
// as JSON, CSV, XLSX or printable HTML. Reports read the event log through
// their own SQLite connection on the daemon's helper thread (runBlocking), so
// the loop keeps serving while a long range is computed.
#include "clock/office_clock.hpp"
#include "http/api_context.hpp"
#include "reports/appointment_report.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"
#include "reports/period_summary.hpp"
#include "reports/report_csv.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "reports/report_tables.hpp"
#include "reports/report_xlsx.hpp"
#include "reports/satisfaction_output.hpp"
#include "reports/staffing_history.hpp"

#include <algorithm>

namespace qmsd::http {

namespace bh = boost::beast::http;
namespace rp = qmsd::reports;

namespace {

// Three years: more than any report an office asks for, and a bound on the
// helper thread's time.
constexpr int kMaxDays = 1096;

constexpr std::string_view kCsvType = "text/csv; charset=utf-8";
constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
constexpr std::string_view kReportCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'";

Error badParam(const std::string& name, const std::string& why) {
    return makeError(ErrorCode::invalidArgument, "'" + name + "' " + why);
}

Result<std::string> dayParam(const Request& req, const std::string& name, const std::string& fallback) {
    std::string v = req.queryValue(name);
    if (v.empty()) {
        return fallback;
    }
    if (!isValidDay(v)) {
        return badParam(name, "must be a date YYYY-MM-DD");
    }
    return v;
}

Result<rp::DayRange> rangeParams(const Request& req, const std::string& today) {
    auto from = dayParam(req, "from", today);
    if (!from) {
        return from.error();
    }
    auto to = dayParam(req, "to", *from);
    if (!to) {
        return to.error();
    }
    rp::DayRange range{*from, *to};
    if (range.to < range.from) {
        return badParam("to", "is before 'from'");
    }
    if (rp::daysIn(range) > kMaxDays) {
        return badParam("to", "is more than " + std::to_string(kMaxDays) + " days after 'from'");
    }
    return range;
}

template <typename List> std::string joined(const List& list) {
    std::string out;
    for (const auto& item : list) {
        out += (out.empty() ? "" : ", ") + std::string(item);
    }
    return out;
}

Result<std::string> formatParam(const Request& req, std::initializer_list<std::string_view> allowed) {
    std::string v = req.queryValue("format");
    if (v.empty()) {
        return std::string("json");
    }
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
        return badParam("format", "must be one of " + joined(allowed));
    }
    return v;
}

// The table ids a summary has ("fields", "counters", …).
std::vector<std::string> summaryTableIds() {
    std::vector<std::string> ids;
    for (const auto& t : rp::reportTables(rp::Report{})) {
        ids.push_back(t.id);
    }
    return ids;
}

HttpResponse tablesReply(std::vector<rp::Table> tables, const std::string& format, const std::string& name) {
    if (format == "csv") {
        return bytesReply(rp::tablesCsv(tables), kCsvType, name + ".csv");
    }
    auto xlsx = rp::tablesXlsx(tables);
    if (!xlsx) {
        return errorReply(xlsx.error());
    }
    return bytesReply(std::move(*xlsx), kXlsxType, name + ".xlsx");
}

// What a report job needs, copied off the loop: the config and the store's path.
struct Job {
    OfficeConfig cfg;
    std::string dbPath;
    rp::ReportOptions options;
};

Job makeJob(ApiContext& ctx) {
    Job job{ctx.config(), ctx.daemon.store().path(), {}};
    job.options.targets = rp::targetsFromConfig(job.cfg);
    job.options.now = systemNow(); // today's open intervals end now; earlier days are closed
    return job;
}

// A report over ?from=&to= in one of `formats`: the job with its range set.
struct RangeJob {
    Job job;
    std::string format;
};

Result<RangeJob> rangeJob(ApiContext& ctx, const Request& req, std::initializer_list<std::string_view> formats) {
    auto range = rangeParams(req, ctx.engine().day());
    if (!range) {
        return range.error();
    }
    auto format = formatParam(req, formats);
    if (!format) {
        return format.error();
    }
    RangeJob r{makeJob(ctx), *format};
    r.job.options.range = *range;
    return r;
}

// Seconds a leader is told to wait when the reports' helper thread is full.
constexpr int kBusyRetrySeconds = 5;

// Runs `work` on the helper thread and replies on the loop; refused at once
// when Daemon::kMaxBlockingJobs reports are already waiting.
template <typename Work> void runReport(ApiContext& ctx, Respond respond, Work work) {
    bool queued = ctx.daemon.runBlocking(std::move(work), [respond](HttpResponse res) { respond(std::move(res)); });
    if (!queued) {
        respond(retryLaterReply(makeError(ErrorCode::serverBusy,
                                          std::to_string(Daemon::kMaxBlockingJobs) +
                                              " reports are being computed; try again shortly"),
                                kBusyRetrySeconds));
    }
}

void handleSummary(ApiContext& ctx, const Request& req, Respond respond) {
    auto r = rangeJob(ctx, req, {"json", "csv", "xlsx", "html"});
    if (!r) {
        return respond(errorReply(r.error()));
    }
    std::string table = req.queryValue("table");
    if (!table.empty()) {
        auto ids = summaryTableIds();
        if (r->format != "csv" && r->format != "xlsx") {
            return respond(errorReply(badParam("table", "applies to format=csv or xlsx only")));
        }
        if (std::find(ids.begin(), ids.end(), table) == ids.end()) {
            return respond(errorReply(badParam("table", "must be one of " + joined(ids))));
        }
    }
    runReport(ctx, std::move(respond), [job = std::move(r->job), format = r->format, table]() -> HttpResponse {
        auto report = rp::queryReport(job.dbPath, job.cfg, job.options);
        if (!report) {
            return errorReply(report.error());
        }
        std::string name = "bao-cao_" + job.options.range.from + "_" + job.options.range.to;
        if (format == "json") {
            return jsonReply(bh::status::ok, rp::reportJson(*report));
        }
        if (format == "html") {
            auto res = bytesReply(rp::reportHtml(*report, job.cfg), kHtmlType, name + ".html", false);
            // Self-contained: its own inline style and SVG, no script, nothing fetched.
            res.set("Content-Security-Policy", std::string(kReportCsp));
            return res;
        }
        auto tables = rp::reportTables(*report);
        if (!table.empty()) {
            std::erase_if(tables, [&table](const rp::Table& t) { return t.id != table; });
            name += "_" + table;
        }
        return tablesReply(std::move(tables), format, name);
    });
}

void handleStaffing(ApiContext& ctx, const Request& req, Respond respond) {
    auto r = rangeJob(ctx, req, {"json", "csv", "xlsx"});
    if (!r) {
        return respond(errorReply(r.error()));
    }
    runReport(ctx, std::move(respond), [job = std::move(r->job), format = r->format]() -> HttpResponse {
        auto report = rp::queryReport(job.dbPath, job.cfg, job.options);
        if (!report) {
            return errorReply(report.error());
        }
        auto staffing = rp::staffingFromReport(*report, job.options.targets, job.options.defaultTarget);
        if (format == "json") {
            return jsonReply(bh::status::ok, rp::staffingJson(staffing));
        }
        return tablesReply(rp::staffingTables(staffing), format,
                           "nhan-su_" + job.options.range.from + "_" + job.options.range.to);
    });
}

void handlePeriod(ApiContext& ctx, const Request& req, Respond respond) {
    std::string kindText = req.queryValue("kind");
    if (kindText != "week" && kindText != "month") {
        return respond(errorReply(badParam("kind", "must be week or month")));
    }
    auto day = dayParam(req, "day", ctx.engine().day());
    if (!day) {
        return respond(errorReply(day.error()));
    }
    auto format = formatParam(req, {"json", "csv", "xlsx"});
    if (!format) {
        return respond(errorReply(format.error()));
    }
    auto period = rp::periodContaining(kindText == "week" ? rp::PeriodKind::week : rp::PeriodKind::month, *day);
    if (!period) {
        return respond(errorReply(period.error()));
    }
    Job job = makeJob(ctx);
    runReport(ctx, std::move(respond),
              [job = std::move(job), period = *period, format = *format, kindText]() mutable -> HttpResponse {
                  job.options.range = period.range;
                  auto current = rp::queryReport(job.dbPath, job.cfg, job.options);
                  if (!current) {
                      return errorReply(current.error());
                  }
                  job.options.range = period.previous;
                  auto previous = rp::queryReport(job.dbPath, job.cfg, job.options);
                  if (!previous) {
                      return errorReply(previous.error());
                  }
                  auto summary = rp::summarize(period, *current, *previous);
                  if (format == "json") {
                      return jsonReply(bh::status::ok, rp::summaryJson(summary));
                  }
                  std::string name = std::string(kindText == "week" ? "tuan_" : "thang_") + period.range.from;
                  return tablesReply(rp::summaryTables(summary), format, name);
              });
}

// Citizens' satisfaction over a range, against the previous period of the
// same length (reports/satisfaction.hpp); the comments are in every format.
void handleSatisfaction(ApiContext& ctx, const Request& req, Respond respond) {
    auto r = rangeJob(ctx, req, {"json", "csv", "xlsx", "html"});
    if (!r) {
        return respond(errorReply(r.error()));
    }
    runReport(ctx, std::move(respond), [job = std::move(r->job), format = r->format]() -> HttpResponse {
        auto report = rp::querySatisfaction(job.dbPath, job.cfg, job.options);
        if (!report) {
            return errorReply(report.error());
        }
        std::string name = "hai-long_" + job.options.range.from + "_" + job.options.range.to;
        if (format == "json") {
            return jsonReply(bh::status::ok, rp::satisfactionJson(*report, job.cfg));
        }
        if (format == "html") {
            return bytesReply(rp::satisfactionHtml(*report, job.cfg), kHtmlType, name + ".html", false);
        }
        return tablesReply(rp::satisfactionTables(*report, job.cfg), format, name);
    });
}

} // namespace

namespace {

Json waitFiguresJson(const rp::WaitFigures& w) {
    auto num = [](const std::optional<double>& v) { return v ? Json(std::round(*v * 10) / 10) : Json(nullptr); };
    return Json{{"count", w.count},
                {"mean_minutes", num(w.meanMinutes)},
                {"median_minutes", num(w.medianMinutes)},
                {"p90_minutes", num(w.p90Minutes)}};
}

Json appointmentRowJson(const rp::AppointmentRow& r) {
    auto share = [](const std::optional<double>& v) { return v ? Json(std::round(*v * 1000) / 1000) : Json(nullptr); };
    return Json{{"field", r.field.empty() ? Json(nullptr) : Json(r.field)},
                {"name", r.name},
                {"booked", r.booked},
                {"checked_in", r.checkedIn},
                {"late", r.late},
                {"missed", r.missed},
                {"cancelled", r.cancelled},
                {"open", r.open},
                {"tickets", r.tickets},
                {"no_show_rate", share(r.noShowRate)},
                {"booked_share", share(r.bookedShare)},
                {"appointment_wait", waitFiguresJson(r.appointmentWait)},
                {"walk_in_wait", waitFiguresJson(r.walkInWait)}};
}

// Appointments against walk-ins (reports/appointment_report.hpp has the definitions).
void handleAppointments(ApiContext& ctx, const Request& req, Respond respond) {
    auto r = rangeJob(ctx, req, {"json", "csv", "xlsx"});
    if (!r) {
        return respond(errorReply(r.error()));
    }
    runReport(ctx, std::move(respond), [job = std::move(r->job), format = r->format]() -> HttpResponse {
        auto report = rp::appointmentReport(job.dbPath, job.cfg, job.options.range.from, job.options.range.to);
        if (!report) {
            return errorReply(report.error());
        }
        if (format == "json") {
            Json fields = Json::array();
            for (const auto& row : report->fields) {
                fields.push_back(appointmentRowJson(row));
            }
            return jsonReply(bh::status::ok, Json{{"from", report->from},
                                                  {"to", report->to},
                                                  {"fields", std::move(fields)},
                                                  {"total", appointmentRowJson(report->total)}});
        }
        return tablesReply(rp::appointmentTables(*report), format,
                           "lich-hen_" + job.options.range.from + "_" + job.options.range.to);
    });
}

} // namespace

void registerReportRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/reports/appointments", {Role::leader},
               [&ctx](const Request& req, Respond respond) { handleAppointments(ctx, req, std::move(respond)); });
    router.add(bh::verb::get, "/api/v1/reports/daily", {Role::leader}, [&ctx](const Request& req, Respond respond) {
        std::string from = req.queryValue("from").empty() ? ctx.engine().day() : req.queryValue("from");
        std::string to = req.queryValue("to").empty() ? from : req.queryValue("to");
        if (!isValidDay(from) || !isValidDay(to) || to < from) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                                "'from' and 'to' must be YYYY-MM-DD with from <= to")));
        }
        ctx.reply(std::move(respond), [&ctx, from, to] {
            auto rows = ctx.daemon.store().dailyReport(from, to);
            if (!rows) {
                return errorReply(rows.error());
            }
            Json days = Json::array();
            for (const auto& r : *rows) {
                days.push_back(Json{{"day", r.day},
                                    {"field", r.field},
                                    {"issued", r.issued},
                                    {"served", r.served},
                                    {"no_show", r.noShow},
                                    {"cancelled", r.cancelled},
                                    {"expired", r.expired},
                                    {"mean_wait_seconds", r.meanWaitSeconds ? Json(*r.meanWaitSeconds) : Json(nullptr)},
                                    {"max_wait_seconds", r.maxWaitSeconds ? Json(*r.maxWaitSeconds) : Json(nullptr)}});
            }
            return jsonReply(bh::status::ok, Json{{"from", from}, {"to", to}, {"days", std::move(days)}});
        });
    });
    router.add(bh::verb::get, "/api/v1/reports/summary", {Role::leader},
               [&ctx](const Request& req, Respond respond) { handleSummary(ctx, req, std::move(respond)); });
    router.add(bh::verb::get, "/api/v1/reports/staffing", {Role::leader},
               [&ctx](const Request& req, Respond respond) { handleStaffing(ctx, req, std::move(respond)); });
    router.add(bh::verb::get, "/api/v1/reports/period", {Role::leader},
               [&ctx](const Request& req, Respond respond) { handlePeriod(ctx, req, std::move(respond)); });
    router.add(bh::verb::get, "/api/v1/reports/satisfaction", {Role::leader},
               [&ctx](const Request& req, Respond respond) { handleSatisfaction(ctx, req, std::move(respond)); });
}

} // namespace qmsd::http
