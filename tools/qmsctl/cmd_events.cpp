// events: the event log (paged through next_after), or --follow for the live
// stream, one line per event.
#include "commands.hpp"
#include "ctl.hpp"
#include "event_follow.hpp"
#include "format.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace qmsctl {

namespace {

void printEventTable(const Json& events) {
    Table table({{"SEQ", Align::right},
                 {"TIME"},
                 {"KIND"},
                 {"CODE"},
                 {"FIELD"},
                 {"COUNTER", Align::right},
                 {"STAFF"},
                 {"ACTOR"},
                 {"DETAIL"}});
    for (const auto& e : events) {
        std::string detail =
            e.value("to_field", Json()).is_string() ? "to " + cell(e, "to_field") : "";
        if (e.value("reason", Json()).is_string()) {
            detail += (detail.empty() ? "" : "; ") + cell(e, "reason");
        }
        table.add({cell(e, "seq"), clockTime(e.value("at", Json()), true), cell(e, "kind"),
                   cell(e, "code"), cell(e, "field"), cell(e, "counter"), cell(e, "staff"),
                   cell(e, "actor"), detail.empty() ? "-" : detail});
    }
    table.print(std::cout);
}

int listEvents(Ctl& ctl, const Args& args) {
    Query query{{"day", args.value("day")},         {"field", args.value("field")},
                {"counter", args.value("counter")}, {"staff", args.value("staff")},
                {"kind", args.value("kind")},       {"limit", args.value("limit")},
                {"after", args.value("after")}};
    Json all = Json::array();
    Json nextAfter;
    do {
        Json page;
        if (int rc = ctl.get("/events", page, query); rc != exitOk) {
            return rc;
        }
        for (auto& e : page["events"]) {
            all.push_back(std::move(e));
        }
        nextAfter = page["next_after"];
        // "after" is the query's last member.
        query.back().second =
            nextAfter.is_number_integer() ? std::to_string(nextAfter.get<long long>()) : "";
    } while (args.has("all") && nextAfter.is_number_integer());
    if (ctl.json()) {
        return ctl.printJson(Json{{"events", std::move(all)}, {"next_after", nextAfter}});
    }
    printEventTable(all);
    if (nextAfter.is_number_integer()) {
        std::cerr << "qmsctl: more events follow; add --all, or --after "
                  << nextAfter.get<long long>() << "\n";
    }
    return exitOk;
}

bool matches(const Args& args, const Json& e) {
    auto same = [&args, &e](const char* option, const char* key) {
        return !args.has(option) || cell(e, key) == args.value(option);
    };
    return same("field", "field") && same("counter", "counter") && same("kind", "kind") &&
           same("staff", "staff");
}

// "08:15:02  #42  ticket_called   A001   ho_tich  counter 1  [staff:nv01]"
std::string eventLine(const Json& e) {
    auto padded = [](std::string text, std::size_t width) {
        std::size_t w = displayWidth(text);
        return w >= width ? text : text + std::string(width - w, ' ');
    };
    std::string line = clockTime(e.value("at", Json()), true) + "  " +
                       padded("#" + cell(e, "seq"), 6) + "  " + padded(cell(e, "kind"), 18) + "  " +
                       padded(cell(e, "code"), 5) + "  " + cell(e, "field");
    if (e.value("counter", Json()).is_number()) {
        line += "  counter " + cell(e, "counter");
    }
    if (e.value("to_field", Json()).is_string()) {
        line += "  to " + cell(e, "to_field");
    }
    if (e.value("reason", Json()).is_string()) {
        line += "  (" + cell(e, "reason") + ")";
    }
    return line + "  [" + cell(e, "actor") + "]";
}

int followEvents(Ctl& ctl, const Args& args) {
    FollowRequest request{ctl.settings().url, ctl.settings().token, std::nullopt,
                          ctl.settings().timeout};
    if (args.has("since")) {
        request.since = std::stoll(args.value("since")); // checked digits: cannot throw
    }
    bool json = ctl.json();
    return followStream(request, [json, &args](const std::string& raw, const Json& message) {
        bool isEvent = message.value("type", "") == "event" && message.contains("event");
        if (json) {
            if (!isEvent || matches(args, message["event"])) {
                std::cout << raw << "\n";
            }
        } else if (isEvent) {
            if (matches(args, message["event"])) {
                std::cout << eventLine(message["event"]) << "\n";
            }
        } else {
            std::cerr << "qmsctl: following from seq " << cell(message, "seq") << " (day "
                      << cell(message, "day") << "); new events appear below\n";
        }
        std::cout.flush();
        return static_cast<bool>(std::cout);
    });
}

int events(Ctl& ctl, const Args& args) {
    if (args.has("limit") &&
        (std::stoll(args.value("limit")) < 1 || std::stoll(args.value("limit")) > 1000)) {
        return usageError("--limit must be 1 to 1000", args.command);
    }
    if (!args.has("follow")) {
        if (args.has("since")) {
            return usageError("--since goes with --follow; the log pages with --after",
                              args.command);
        }
        return listEvents(ctl, args);
    }
    for (const char* option : {"all", "day", "limit", "after"}) {
        if (args.has(option)) {
            return usageError("--" + std::string(option) + " does not go with --follow",
                              args.command);
        }
    }
    return followEvents(ctl, args);
}

} // namespace

void addEventCommands(CommandTable& table) {
    table.push_back(
        {"events",
         {},
         "The event log (leader, admin); --follow for live events",
         {{"day", "D", "the day to read (default today)"},
          {"field", "F", "only this field id"},
          {"counter", "N", "only this counter"},
          {"staff", "ID", "only this staff id"},
          {"kind", "K", "only this kind: ticket_issued, ticket_called, counter_opened, …"},
          {"limit", "COUNT", "events per page, 1 to 1000 (server default otherwise)"},
          {"after", "SEQ", "start after this sequence number"},
          {"all", "", "follow next_after through every page"},
          {"follow", "", "stream events live until Ctrl-C (SIGINT), which exits 0"},
          {"since", "SEQ", "with --follow: first replay the events after SEQ (today's only)"}},
         "Without --all one page is shown; stderr says when more follow.\n"
         "--follow prints one line per event as it is committed. --field, --counter,\n"
         "--staff and --kind filter it too. With --json every stream message is\n"
         "printed as one JSON line, the first being the snapshot of the office.\n"
         "If the connection drops, --follow reconnects and catches up from the last\n"
         "event it showed, without gaps or repeats.",
         events});
}

} // namespace qmsctl
