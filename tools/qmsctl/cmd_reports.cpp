// stats (live, today) and report daily (a date range, or a CSV for Excel).
#include "commands.hpp"
#include "ctl.hpp"
#include "format.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <map>

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
    Table table({{"FIELD"},
                 {"NAME"},
                 {"WAITING", Align::right},
                 {"HEAD.WAIT", Align::right},
                 {"ISSUED", Align::right},
                 {"SERVED", Align::right},
                 {"NO.SHOW", Align::right},
                 {"CANCELLED", Align::right},
                 {"MOVED.OUT", Align::right},
                 {"MEAN.WAIT", Align::right},
                 {"MEAN.SERVICE", Align::right},
                 {"COUNTERS", Align::right},
                 {"EST.MIN", Align::right}});
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
    Table table({{"DAY"},
                 {"FIELD"},
                 {"NAME"},
                 {"ISSUED", Align::right},
                 {"SERVED", Align::right},
                 {"NO.SHOW", Align::right},
                 {"CANCELLED", Align::right},
                 {"EXPIRED", Align::right},
                 {"MEAN.WAIT", Align::right},
                 {"MAX.WAIT", Align::right}});
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

} // namespace

void addReportCommands(CommandTable& table) {
    table.push_back({"stats", {}, "Today's live figures per field (leader, admin)", {}, "", stats});
    table.push_back(
        {"report",
         {{"KIND", "daily: per day and field (the only report so far)"}},
         "Reports over a range of days (leader, admin)",
         {{"from", "D", "first day, YYYY-MM-DD (default today)"},
          {"to", "D", "last day, YYYY-MM-DD (default --from)"},
          {"csv", "", "CSV for Excel: UTF-8 with a byte-order mark, CRLF lines"}},
         "Example: qmsctl report daily --from 2026-11-01 --to 2026-11-30 --csv > nov.csv\n"
         "Waits in the CSV are whole seconds.",
         [](Ctl& ctl, const Args& args) {
             if (args.positionals[0] != "daily") {
                 return usageError("unknown report '" + args.positionals[0] + "'; there is: daily",
                                   args.command);
             }
             return reportDaily(ctl, args);
         }});
}

} // namespace qmsctl
