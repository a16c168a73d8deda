// stats (live, today); report daily (a date range, or a CSV for Excel); and
// the leader's reports: summary, staffing, week, month — as tables, JSON, or
// the server's CSV / XLSX / HTML files.
#include "commands.hpp"
#include "ctl.hpp"
#include "format.hpp"
#include "http_client.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <unistd.h>

namespace qmsctl {

namespace {

int stats(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.get("/stats/fields", out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    std::cout << "Day " << cell(out, "day") << "\n\n";
    Table table(columns({"FIELD", "NAME"},
                        {"WAITING", "HEAD.WAIT", "ISSUED", "SERVED", "NO.SHOW", "CANCELLED", "MOVED.OUT",
                         "MEAN.WAIT", "MEAN.SERVICE", "COUNTERS", "EST.MIN"}));
    for (const auto& f : out["fields"]) {
        table.add({cell(f, "id"), cell(f, "name"), cell(f, "waiting"),
                   duration(f.value("head_wait_seconds", Json())), cell(f, "issued"),
                   cell(f, "served"), cell(f, "no_show"), cell(f, "cancelled"),
                   cell(f, "transferred_out"), duration(f.value("mean_wait_seconds", Json())),
                   duration(f.value("mean_service_seconds", Json())), cell(f, "open_counters"),
                   cell(f, "estimated_wait_minutes")});
    }
    table.print(std::cout);
    return exitOk;
}

// Whole seconds, or empty for null: a CSV cell Excel reads in any locale.
std::string csvSeconds(const Json& v) {
    return v.is_number() ? std::to_string(std::llround(v.get<double>())) : "";
}

// UTF-8 with a byte-order mark and CRLF lines: what Excel on Windows needs to
// show "Hộ tịch" rather than mojibake when the file is double-clicked.
void printCsv(const Json& days, const std::map<std::string, std::string>& names) {
    std::cout << "\xEF\xBB\xBF"
              << "day,field,field_name,issued,served,no_show,cancelled,expired,mean_wait_seconds,"
                 "max_wait_seconds\r\n";
    for (const auto& d : days) {
        std::string field = cell(d, "field");
        auto name = names.find(field);
        std::cout << csvField(cell(d, "day")) << "," << csvField(field) << ","
                  << csvField(name == names.end() ? field : name->second) << ","
                  << cell(d, "issued") << "," << cell(d, "served") << "," << cell(d, "no_show")
                  << "," << cell(d, "cancelled") << "," << cell(d, "expired") << ","
                  << csvSeconds(d.value("mean_wait_seconds", Json())) << ","
                  << csvSeconds(d.value("max_wait_seconds", Json())) << "\r\n";
    }
}

int reportDaily(Ctl& ctl, const Args& args) {
    if (args.has("csv") && ctl.json()) {
        return usageError("--csv and --json do not go together", args.command);
    }
    if (args.has("from") && args.has("to") && args.value("to") < args.value("from")) {
        return usageError("--to is before --from", args.command);
    }
    Json out;
    if (int rc = ctl.get("/reports/daily", out,
                         {{"from", args.value("from")}, {"to", args.value("to")}});
        rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    // The report names fields by id; people read names.
    Json fields;
    if (int rc = ctl.get("/fields", fields); rc != exitOk) {
        return rc;
    }
    std::map<std::string, std::string> names;
    for (const auto& f : fields["fields"]) {
        names[cell(f, "id")] = cell(f, "name");
    }
    if (args.has("csv")) {
        printCsv(out["days"], names);
        return exitOk;
    }
    Table table(columns({"DAY", "FIELD", "NAME"},
                        {"ISSUED", "SERVED", "NO.SHOW", "CANCELLED", "EXPIRED", "MEAN.WAIT", "MAX.WAIT"}));
    for (const auto& d : out["days"]) {
        std::string field = cell(d, "field");
        table.add({cell(d, "day"), field, names.count(field) != 0 ? names[field] : "-",
                   cell(d, "issued"), cell(d, "served"), cell(d, "no_show"), cell(d, "cancelled"),
                   cell(d, "expired"), duration(d.value("mean_wait_seconds", Json())),
                   duration(d.value("max_wait_seconds", Json()))});
    }
    if (table.empty()) {
        std::cout << "No tickets from " << cell(out, "from") << " to " << cell(out, "to") << ".\n";
    } else {
        table.print(std::cout);
    }
    return exitOk;
}


// Reports over long ranges can take a while the first time (the server builds
// its per-day digests): never give up sooner than this.
constexpr std::chrono::seconds kReportTimeout{300};

std::string percent(const Json& v) {
    if (!v.is_number()) {
        return "-";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v.get<double>());
    return buf;
}

std::string number(const Json& v, int decimals) {
    if (!v.is_number()) {
        return "-";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v.get<double>());
    return buf;
}

// One GET of a report, with the report's longer timeout; a transport failure
// or a non-2xx answer is reported here and returned as the exit code.
int fetchReport(Ctl& ctl, const std::string& target, HttpReply& reply) {
    Settings s = ctl.settings();
    HttpClient client(s.url, std::max<std::chrono::milliseconds>(s.timeout, kReportTimeout));
    TransportFailure failure;
    if (!client.send(Method::get, "/api/v1" + target, {}, s.token, reply, failure)) {
        return reportTransportFailure(s.url, failure);
    }
    if (reply.status < 200 || reply.status >= 300) {
        return reportHttpError(reply.status, reply.body);
    }
    return exitOk;
}

// A report whose answer is a file: written to --output, or to stdout.
int fetchFile(Ctl& ctl, const std::string& target, const Args& args) {
    HttpReply reply;
    if (int rc = fetchReport(ctl, target, reply); rc != exitOk) {
        return rc;
    }
    if (args.has("output")) {
        std::ofstream out(args.value("output"), std::ios::binary | std::ios::trunc);
        out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
        if (!out.flush()) {
            std::cerr << "qmsctl: cannot write " << args.value("output") << "\n";
            return exitUsage;
        }
        return exitOk;
    }
    std::cout.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    return std::cout.flush() ? exitOk : exitUnreachable;
}

int fetchJson(Ctl& ctl, const std::string& target, Json& out) {
    HttpReply reply;
    if (int rc = fetchReport(ctl, target, reply); rc != exitOk) {
        return rc;
    }
    out = Json::parse(reply.body, nullptr, false);
    if (out.is_discarded()) {
        std::cerr << "qmsctl: the server's answer (HTTP " << reply.status << ") is not JSON\n";
        return exitUnreachable;
    }
    return exitOk;
}

std::string withQuery(std::string path, const Query& query) {
    char sep = '?';
    for (const auto& [key, value] : query) {
        if (!value.empty()) {
            path += sep + key + "=" + urlEncode(value);
            sep = '&';
        }
    }
    return path;
}

void printBreakdowns(const std::string& title, const std::string& keyTitle, const Json& rows, bool withKey) {
    std::cout << title << "\n";
    std::vector<Column> cols = columns({"NAME"}, {"ISSUED", "SERVED", "NO.SHOW", "CANCELLED", "EXPIRED", "MEAN.WAIT",
                                                  "P90.WAIT", "WITHIN", "MEAN.SERVICE", "RATING"});
    if (withKey) {
        cols.insert(cols.begin(), Column{keyTitle});
    }
    Table table(cols);
    for (const auto& r : rows) {
        std::vector<std::string> cells;
        if (withKey) {
            cells.push_back(cell(r, "key"));
        }
        const Json& wait = r["wait"];
        for (std::string c : {cell(r, "name"), cell(r, "issued"), cell(r, "served"), cell(r, "no_show"),
                              cell(r, "cancelled"), cell(r, "expired"),
                              duration(wait.value("mean_seconds", Json())),
                              duration(wait.value("p90_seconds", Json())),
                              percent(r.value("share_within_target", Json())),
                              duration(r["service"].value("mean_seconds", Json())),
                              number(r["ratings"].value("mean", Json()), 2)}) {
            cells.push_back(std::move(c));
        }
        table.add(std::move(cells));
    }
    table.print(std::cout);
    std::cout << "\n";
}

void printSummary(const Json& r) {
    std::cout << "Report " << cell(r, "from") << " .. " << cell(r, "to") << " (" << cell(r, "days_with_activity")
              << " of " << cell(r, "days_in_range") << " days with activity)\n\n";
    printBreakdowns("Total", "", Json::array({r["total"]}), false);
    printBreakdowns("Fields", "FIELD", r["fields"], true);
    printBreakdowns("Counters", "COUNTER", r["counters"], true);
    printBreakdowns("Staff", "STAFF", r["staff"], true);
}

void printStaffing(const Json& s) {
    std::cout << "Staffing " << cell(s, "from") << " .. " << cell(s, "to") << "\n\n";
    Table table(columns({"FIELD", "NAME"},
                        {"WEEKDAY", "HOUR", "ARRIVALS/H", "SERVICE.MIN", "OPEN", "RECOMMENDED"}));
    for (const auto& f : s["fields"]) {
        for (const auto& h : f["hours"]) {
            table.add({cell(f, "field"), cell(f, "name"), cell(h, "weekday"), cell(h, "hour"),
                       number(h.value("arrivals_per_hour", Json()), 1),
                       number(h.value("mean_service_minutes", Json()), 1),
                       number(h.value("counters_open", Json()), 1), cell(h, "recommended")});
        }
    }
    if (table.empty()) {
        std::cout << "No arrivals in this range.\n";
    } else {
        table.print(std::cout);
    }
}

void printPeriod(const Json& s) {
    std::cout << (cell(s, "period") == "week" ? "Week " : "Month ") << cell(s, "from") << " .. " << cell(s, "to")
              << " (previous " << cell(s, "previous_from") << " .. " << cell(s, "previous_to") << ")\n\n";
    Table table(columns({"METRIC", "NAME"},
                        {"CURRENT", "PREVIOUS", "CHANGE"}));
    for (const auto& t : s["trend"]) {
        table.add({cell(t, "metric"), cell(t, "name"), number(t.value("current", Json()), 1),
                   number(t.value("previous", Json()), 1), number(t.value("delta", Json()), 1)});
    }
    table.print(std::cout);
    std::cout << "\n";
    printBreakdowns("Worst fields", "FIELD", s["worst_fields"], true);
}

// summary, staffing, week, month.
int reportRange(Ctl& ctl, const Args& args, const std::string& kind) {
    bool period = kind == "week" || kind == "month";
    if (args.has("csv")) {
        return usageError("--csv is for 'report daily'; use --format csv", args.command);
    }
    if (period && (args.has("from") || args.has("to"))) {
        return usageError("'report " + kind + "' takes --day, not --from/--to", args.command);
    }
    if (!period && args.has("day")) {
        return usageError("'report " + kind + "' takes --from/--to, not --day", args.command);
    }
    if (kind != "summary" && args.has("table")) {
        return usageError("--table is for 'report summary'", args.command);
    }
    if (args.has("from") && args.has("to") && args.value("to") < args.value("from")) {
        return usageError("--to is before --from", args.command);
    }
    std::string format = args.has("format") ? args.value("format") : (ctl.json() ? "json" : "table");
    std::vector<std::string> formats = {"table", "json", "csv", "xlsx"};
    if (kind == "summary") {
        formats.push_back("html");
    }
    if (std::find(formats.begin(), formats.end(), format) == formats.end()) {
        std::string list;
        for (const auto& f : formats) {
            list += (list.empty() ? "" : ", ") + f;
        }
        return usageError("--format for 'report " + kind + "' is one of " + list, args.command);
    }
    if (ctl.json() && format != "json") {
        return usageError("--json and --format " + format + " do not go together", args.command);
    }
    if (args.has("table") && format != "csv" && format != "xlsx") {
        return usageError("--table goes with --format csv or xlsx", args.command);
    }
    if (format == "xlsx" && !args.has("output") && ::isatty(STDOUT_FILENO) != 0) {
        return usageError("an .xlsx file is binary: give --output FILE or redirect stdout", args.command);
    }
    Query query;
    std::string path;
    if (period) {
        path = "/reports/period";
        query = {{"kind", kind}, {"day", args.value("day")}};
    } else {
        path = "/reports/" + kind;
        query = {{"from", args.value("from")}, {"to", args.value("to")}, {"table", args.value("table")}};
    }
    if (format != "table") {
        query.emplace_back("format", format);
    }
    std::string target = withQuery(path, query);
    if (format != "table" && format != "json") {
        return fetchFile(ctl, target, args);
    }
    Json out;
    if (int rc = fetchJson(ctl, target, out); rc != exitOk) {
        return rc;
    }
    if (format == "json") {
        if (args.has("output")) {
            std::ofstream f(args.value("output"), std::ios::trunc);
            f << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
            return f.flush() ? exitOk : exitUsage;
        }
        return ctl.printJson(out);
    }
    if (kind == "summary") {
        printSummary(out);
    } else if (kind == "staffing") {
        printStaffing(out);
    } else {
        printPeriod(out);
    }
    return exitOk;
}

} // namespace

void addReportCommands(CommandTable& table) {
    table.push_back({"stats", {}, "Today's live figures per field (leader, admin)", {}, "", stats});
    table.push_back(
        {"report",
         {{"KIND", "daily | summary | staffing | week | month"}},
         "Reports over a range of days (leader, admin)",
         {{"from", "D", "first day, YYYY-MM-DD (default today) — daily, summary, staffing"},
          {"to", "D", "last day, YYYY-MM-DD (default --from) — daily, summary, staffing"},
          {"day", "D", "a day in the week / month (default today) — week, month"},
          {"format", "F", "table (default), json, csv, xlsx; html for summary"},
          {"table", "ID", "summary, csv/xlsx: only this table (fields, counters, staff, …)"},
          {"output", "FILE", "write the report to FILE (needed for xlsx on a terminal)"},
          {"csv", "", "daily: CSV for Excel: UTF-8 with a byte-order mark, CRLF lines"}},
         "Kinds:\n"
         "  daily     per day and field, from the tickets table\n"
         "  summary   waits (mean, p90, share within target), services, outcomes and\n"
         "            ratings per field, counter and staff member; pauses; counter time\n"
         "  staffing  per field and hour of the week: arrivals, service time, counters\n"
         "            open and the number recommended to meet the target\n"
         "  week      Monday–Sunday containing --day, against the week before\n"
         "  month     the calendar month containing --day, against the days before\n"
         "Examples:\n"
         "  qmsctl report daily --from 2026-11-01 --to 2026-11-30 --csv > nov.csv\n"
         "  qmsctl report summary --from 2026-11-01 --to 2026-11-30\n"
         "  qmsctl report summary --from 2026-11-01 --to 2026-11-30 --format xlsx --output nov.xlsx\n"
         "  qmsctl report month --day 2026-10-15 --format csv --output oct.csv\n"
         "CSV files are UTF-8 with a byte-order mark (Excel shows Vietnamese correctly).",
         [](Ctl& ctl, const Args& args) {
             const std::string& kind = args.positionals[0];
             if (kind == "daily") {
                 for (const char* o : {"day", "format", "table", "output"}) {
                     if (args.has(o)) {
                         return usageError(std::string("--") + o + " is not for 'report daily'", args.command);
                     }
                 }
                 return reportDaily(ctl, args);
             }
             if (kind == "summary" || kind == "staffing" || kind == "week" || kind == "month") {
                 return reportRange(ctl, args, kind);
             }
             return usageError("unknown report '" + kind + "'; there are: daily, summary, staffing, week, month",
                               args.command);
         }});
}

} // namespace qmsctl
