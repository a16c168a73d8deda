// Tickets: issue one (as a kiosk would), look one up, reinstate or cancel.
#include "commands.hpp"
#include "ctl.hpp"
#include "format.hpp"
#include "views.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace qmsctl {

namespace {

int issue(Ctl& ctl, const Args& args) {
    Json body{{"field", args.positionals[0]}};
    if (args.has("priority")) {
        body["priority"] = args.value("priority");
    }
    if (args.has("request-id")) {
        body["request_id"] = args.value("request-id");
    }
    Json out;
    if (int rc = ctl.post("/tickets", body, out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    const Json& t = out["ticket"];
    std::cout << ticketLine(t) << "\n";
    if (t.contains("status_url") && t["status_url"].is_string()) {
        std::cout << "status: " << cell(t, "status_url") << "\n";
    }
    return exitOk;
}

int show(Ctl& ctl, const Args& args) {
    Json out;
    if (int rc = ctl.get("/tickets/" + urlEncode(args.positionals[0]), out); rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    printTicketDetail(out["ticket"]);
    return exitOk;
}

int ticketAction(Ctl& ctl, const Args& args, const std::string& name) {
    Json body = Json::object();
    if (args.has("reason")) {
        body["reason"] = args.value("reason");
    }
    Json out;
    if (int rc = ctl.post("/tickets/" + urlEncode(args.positionals[0]) + "/" + name, body, out);
        rc != exitOk) {
        return rc;
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    std::cout << ticketLine(out["ticket"]) << "\n";
    return exitOk;
}

} // namespace

void addTicketCommands(CommandTable& table) {
    table.push_back(
        {"issue",
         {{"FIELD", "the field id (see `qmsctl fields`), e.g. ho_tich"}},
         "Issue a ticket as a kiosk would (admin)",
         {{"priority", "P", "a priority id from the config (elderly, disabled, …)"},
          {"request-id", "ID", "makes retries safe: the same ID gives back the same ticket"}},
         "Prints the ticket and its status page. Exits 1 when the field does not\n"
         "issue now (office_closed, after_cutoff, quota_reached, …).",
         issue});
    table.push_back({"ticket",
                     {{"PUBLIC_ID", "the ticket's public id (from `issue` or its status page)"}},
                     "A ticket's state, as the citizen's status page shows it",
                     {},
                     "",
                     show});
    table.push_back(
        {"reinstate",
         {{"TICKET", "ticket code (A012) or numeric id"}},
         "Put a no-show or cancelled ticket back in its queue",
         {},
         "",
         [](Ctl& ctl, const Args& args) { return ticketAction(ctl, args, "reinstate"); }});
    table.push_back({"cancel",
                     {{"TICKET", "ticket code (A012) or numeric id"}},
                     "Cancel a ticket",
                     {{"reason", "R", "why, kept in the event log"}},
                     "",
                     [](Ctl& ctl, const Args& args) { return ticketAction(ctl, args, "cancel"); }});
}

} // namespace qmsctl
