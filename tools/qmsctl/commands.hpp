#pragma once
// The command groups; main.cpp puts them in one table in this order.
#include "cli.hpp"

namespace qmsctl {

void addStatusCommands(CommandTable& table);  // cmd_status.cpp
void addTicketCommands(CommandTable& table);  // cmd_ticket.cpp
void addCounterCommands(CommandTable& table); // cmd_counter.cpp
void addSessionCommands(CommandTable& table); // cmd_session.cpp
void addEventCommands(CommandTable& table);   // cmd_events.cpp
void addReportCommands(CommandTable& table);  // cmd_reports.cpp
void addAdminCommands(CommandTable& table);   // cmd_admin.cpp

} // namespace qmsctl
