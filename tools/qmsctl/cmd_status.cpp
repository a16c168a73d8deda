// status, fields, counters, counter N, devices: what the office looks like now.
#include "commands.hpp"
#include "ctl.hpp"
#include "format.hpp"
#include "table.hpp"
#include "views.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

namespace qmsctl {

namespace {

int status(Ctl& ctl, const Args&) {
    Json health, fields, counters;
    for (auto [path, out] :
         {std::pair{"/health", &health}, {"/fields", &fields}, {"/counters", &counters}}) {
        if (int rc = ctl.get(path, *out); rc != exitOk) {
            return rc;
        }
    }
    if (ctl.json()) {
        return ctl.printJson(Json{
            {"health", health}, {"fields", fields["fields"]}, {"counters", counters["counters"]}});
    }
    std::cout << cell(health, "office") << " | day " << cell(health, "day") << " | seq "
              << cell(health, "seq") << " | qmsd " << cell(health, "version") << "\n\n";
    printFieldsTable(fields["fields"]);
    std::cout << "\n";
    printCountersTable(counters["counters"]);
    return exitOk;
}

int fields(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.get("/fields", out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    printFieldsTable(out["fields"]);
    return exitOk;
}

int counters(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.get("/counters", out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    printCountersTable(out["counters"]);
    return exitOk;
}

void printQueues(const Json& queues, long long now) {
    Table table(columns({"FIELD", "CODE", "PRIORITY", "ISSUED"},
                        {"WAITING", "TRANSFERS"}));
    for (const auto& q : queues) {
        for (const auto& t : member(q, "tickets")) {
            auto issued = member(t, "issued_at").is_string()
                              ? epochSeconds(member(t, "issued_at").get<std::string>())
                              : std::nullopt;
            table.add({cell(q, "name"), cell(t, "code"), cell(t, "priority"),
                       clockTime(member(t, "issued_at")),
                       issued ? duration(Json(now - *issued)) : "-", cell(t, "transfers")});
        }
    }
    if (table.empty()) {
        std::cout << "Nobody is waiting for this counter's fields.\n";
    } else {
        table.print(std::cout);
    }
    // The daemon lists a long queue a page at a time: say when this is not all of it.
    std::string notes;
    for (const auto& q : queues) {
        std::size_t shown = member(q, "tickets").size();
        if (member(q, "waiting").is_number_unsigned() && member(q, "waiting").get<std::size_t>() > shown) {
            notes += cell(q, "name") + ": the next " + std::to_string(shown) + " of " + cell(q, "waiting") +
                     " waiting\n";
        }
    }
    if (!notes.empty()) {
        std::cout << "\n" << notes;
    }
}

int counter(Ctl& ctl, const Args& args) {
    Json out;
    if (int rc = ctl.get("/counters/" + args.positionals[0], out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    const Json& c = out["counter"];
    std::cout << cell(c, "name") << " (counter " << cell(c, "number") << "): " << counterState(c)
              << "\n"
              << "staff:   " << cell(c, "staff") << " "
              << (member(c, "staff_name").is_string() ? cell(c, "staff_name") : "") << "\n"
              << "fields:  " << cell(c, "fields") << "\n"
              << "ticket:  "
              << (member(c, "ticket").is_object() ? ticketLine(member(c, "ticket")) : "-") << "\n"
              << "parked:  ";
    std::string parked;
    for (const auto& t : member(c, "parked")) {
        parked += (parked.empty() ? "" : ", ") + cell(t, "code");
    }
    std::cout << (parked.empty() ? "-" : parked) << "\n\n";
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    printQueues(out["queues"], now.count());
    return exitOk;
}

int devices(Ctl& ctl, const Args&) {
    Json out;
    if (int rc = ctl.get("/devices", out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    printGenericTable(out["devices"], "No devices reported.");
    return exitOk;
}

} // namespace

void addStatusCommands(CommandTable& table) {
    table.push_back({"status",
                     {},
                     "Fields and counters at a glance (leader, admin)",
                     {},
                     "--json prints {\"health\":…, \"fields\":[…], \"counters\":[…]} from\n"
                     "GET /health, /fields and /counters.",
                     status});
    table.push_back({"fields",
                     {},
                     "Every field: status, people waiting, estimate, open counters",
                     {},
                     "Anyone may read this; no token needed.",
                     fields});
    table.push_back({"counters",
                     {},
                     "Every counter: state, staff, current ticket, parked tickets",
                     {},
                     "",
                     counters});
    table.push_back({"counter",
                     {{"N", "counter number"}},
                     "One counter in detail, with the queues it serves",
                     {},
                     "",
                     counter});
    table.push_back({"devices",
                     {},
                     "Health of displays, keypads and printers (leader, admin)",
                     {},
                     "",
                     devices});
}

} // namespace qmsctl
