// What staff do at a counter, for an admin at a terminal: testing, or
// working a counter whose keypad died.
#include "commands.hpp"
#include "ctl.hpp"
#include "views.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace qmsctl {

namespace {

int action(Ctl& ctl, const Args& args, const std::string& name, const Json& body) {
    Json out;
    if (int rc = ctl.post("/counters/" + args.positionals[0] + "/" + name, body, out);
        rc != exitOk) {
        return rc;
    }
    if (out.contains("warning") && out["warning"] == "no_open_counter") {
        std::cerr
            << "qmsctl: warning: no open counter serves that field now; the ticket waits there\n";
    }
    if (ctl.json()) {
        return ctl.printJson(out);
    }
    printCounterOutcome(out["counter"], out.contains("ticket") ? out["ticket"] : Json());
    return exitOk;
}

// A command whose body is empty.
CommandSpec simple(const std::string& name, const std::string& summary,
                   const std::string& details = "") {
    return {name,
            {{"N", "counter number"}},
            summary,
            {},
            details,
            [name](Ctl& ctl, const Args& args) { return action(ctl, args, name, Json::object()); }};
}

} // namespace

void addCounterCommands(CommandTable& table) {
    table.push_back({"open",
                     {{"N", "counter number"}},
                     "Open counter N for a member of staff (admin)",
                     {{"staff", "ID", "the staff id who works the counter (required)"}},
                     "Staff open their counter by logging in (`qmsctl login`).",
                     [](Ctl& ctl, const Args& args) {
                         if (!args.has("staff")) {
                             return usageError("'open' needs --staff ID", args.command);
                         }
                         return action(ctl, args, "open", Json{{"staff", args.value("staff")}});
                     }});
    table.push_back(simple("close", "Close counter N (refused while it has an active ticket)"));
    table.push_back(simple("call-next", "Call the next person waiting for counter N's fields",
                           "Exits 1 with queue_empty when nobody is waiting."));
    table.push_back(
        {"call",
         {{"N", "counter number"}, {"CODE", "the ticket's code as printed, e.g. A012 or 1003"}},
         "Call one ticket (waiting or parked) to counter N",
         {},
         "",
         [](Ctl& ctl, const Args& args) {
             return action(ctl, args, "call", Json{{"ticket", args.positionals[1]}});
         }});
    table.push_back(simple("recall", "Call counter N's current ticket again"));
    table.push_back(simple("start", "The called person arrived: start serving at counter N"));
    table.push_back(simple("finish", "Finish serving counter N's current ticket"));
    table.push_back(simple("no-show", "The called person did not come: end counter N's ticket"));
    table.push_back(simple("park", "Set counter N's current ticket aside (waiting for papers)"));
    table.push_back({"transfer",
                     {{"N", "counter number"}, {"FIELD", "the field id to send the ticket to"}},
                     "Send counter N's current ticket to another field's queue",
                     {},
                     "Warns on stderr when no open counter serves FIELD.",
                     [](Ctl& ctl, const Args& args) {
                         return action(ctl, args, "transfer", Json{{"field", args.positionals[1]}});
                     }});
    table.push_back({"pause",
                     {{"N", "counter number"},
                      {"REASON", "a pause reason id from the config (break, meeting, …)"}},
                     "Pause counter N",
                     {},
                     "",
                     [](Ctl& ctl, const Args& args) {
                         return action(ctl, args, "pause", Json{{"reason", args.positionals[1]}});
                     }});
    table.push_back(simple("resume", "Resume paused counter N"));
}

} // namespace qmsctl
