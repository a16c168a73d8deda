#pragma once
// How the API's objects look in a terminal; shared by the command groups.
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace qmsctl {

void printFieldsTable(const nlohmann::json& fields);
void printCountersTable(const nlohmann::json& counters);
// "paused (break)", "calling", …
std::string counterState(const nlohmann::json& counter);
// "A012 Hộ tịch, serving at Quầy 1": one line for a ticket.
std::string ticketLine(const nlohmann::json& ticket);
// Every member of a ticket, one "name: value" line each.
void printTicketDetail(const nlohmann::json& ticket);
// What an action left behind: "Quầy 1: calling A012 Hộ tịch".
void printCounterOutcome(const nlohmann::json& counter, const nlohmann::json& ticket);
// An array of objects with no dedicated view (devices): one column per member.
void printGenericTable(const nlohmann::json& rows, const char* emptyText);

} // namespace qmsctl
