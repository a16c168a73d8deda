#include "views.hpp"

#include "format.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>

namespace qmsctl {

namespace {

std::string codes(const nlohmann::json& tickets) {
    std::string out;
    for (const auto& t : tickets) {
        out += (out.empty() ? "" : ",") + cell(t, "code");
    }
    return out.empty() ? "-" : out;
}

} // namespace

void printFieldsTable(const nlohmann::json& fields) {
    Table table(columns({"FIELD", "NAME", "STATUS"},
                        {"WAITING", "EST.MIN", "COUNTERS", "ISSUED", "QUOTA"}));
    for (const auto& f : fields) {
        table.add({cell(f, "id"), cell(f, "name"), cell(f, "status"), cell(f, "waiting"),
                   cell(f, "estimated_wait_minutes"), cell(f, "open_counters"),
                   cell(f, "issued_today"), cell(f, "quota")});
    }
    table.print(std::cout);
}

std::string counterState(const nlohmann::json& counter) {
    std::string state = cell(counter, "state");
    const auto& reason = member(counter, "pause_reason");
    return reason.is_string() ? state + " (" + reason.get<std::string>() + ")" : state;
}

void printCountersTable(const nlohmann::json& counters) {
    Table table({{"N", Align::right},
                 {"NAME"},
                 {"STATE"},
                 {"STAFF"},
                 {"TICKET"},
                 {"SINCE"},
                 {"FIELDS"},
                 {"PARKED"}});
    for (const auto& c : counters) {
        const auto& ticket = member(c, "ticket");
        std::string staff = cell(c, "staff_name");
        if (staff == "-") {
            staff = cell(c, "staff");
        }
        std::string since = "-";
        if (member(c, "paused_since").is_string()) {
            since = clockTime(member(c, "paused_since"));
        } else if (member(ticket, "started_at").is_string()) {
            since = clockTime(member(ticket, "started_at"));
        } else if (member(ticket, "called_at").is_string()) {
            since = clockTime(member(ticket, "called_at"));
        }
        table.add({cell(c, "number"), cell(c, "name"), counterState(c), staff, cell(ticket, "code"),
                   since, cell(c, "fields"), codes(member(c, "parked"))});
    }
    table.print(std::cout);
}

std::string ticketLine(const nlohmann::json& ticket) {
    if (!ticket.is_object()) {
        return "no ticket";
    }
    std::string line = cell(ticket, "code") + " " + cell(ticket, "field_name");
    if (member(ticket, "priority").is_string()) {
        line += " (" + cell(ticket, "priority") + ")";
    }
    line += ", " + cell(ticket, "state");
    if (member(ticket, "counter_name").is_string()) {
        line += " at " + cell(ticket, "counter_name");
    }
    if (member(ticket, "people_ahead").is_number()) {
        line += ", " + cell(ticket, "people_ahead") + " ahead";
    }
    if (member(ticket, "estimated_wait_minutes").is_number()) {
        line += ", about " + cell(ticket, "estimated_wait_minutes") + " min";
    }
    return line;
}

void printTicketDetail(const nlohmann::json& ticket) {
    Table table({{"MEMBER"}, {"VALUE"}});
    for (const auto& [key, value] : ticket.items()) {
        bool isTime = key.size() > 3 && key.compare(key.size() - 3, 3, "_at") == 0;
        table.add({key, isTime && value.is_string() ? value.get<std::string>() : cell(value)});
    }
    table.print(std::cout);
}

void printCounterOutcome(const nlohmann::json& counter, const nlohmann::json& ticket) {
    std::cout << cell(counter, "name") << ": " << counterState(counter);
    if (ticket.is_object()) {
        std::cout << "; ticket " << cell(ticket, "code") << " " << cell(ticket, "field_name")
                  << ": " << cell(ticket, "state");
    }
    std::cout << "\n";
}

void printGenericTable(const nlohmann::json& rows, const char* emptyText) {
    if (!rows.is_array() || rows.empty()) {
        std::cout << emptyText << "\n";
        return;
    }
    std::vector<std::string> keys;
    for (const auto& row : rows) {
        for (const auto& [key, value] : row.items()) {
            if (!value.is_structured() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
                keys.push_back(key);
            }
        }
    }
    std::vector<Column> columns;
    for (const auto& k : keys) {
        std::string title;
        for (char ch : k) {
            title += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
        columns.push_back({title});
    }
    Table table(columns);
    for (const auto& row : rows) {
        std::vector<std::string> cells;
        for (const auto& k : keys) {
            cells.push_back(cell(row, k.c_str()));
        }
        table.add(cells);
    }
    table.print(std::cout);
}

} // namespace qmsctl
