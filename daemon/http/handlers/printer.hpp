#pragma once
// Ticket printing for the handlers: the printer as the API shows it, and one
// ticket printed on a printer (used by tickets.cpp, devices.cpp, printer.cpp).
#include "devices/printer_manager.hpp"
#include "http/api_context.hpp"

namespace qmsd::http {

// {"id","kiosk","transport","fault","fault_text","ready","paper_near_end",
//  "printed","failed","detail","last_seen"}
Json printerJson(const ApiContext& ctx, const PrinterView& v);

// What the ticket says (issued at, people ahead and the estimate as of now).
escpos::TicketPrint ticketPrintOf(const ApiContext& ctx, const Ticket& t, bool reprint);

// A 503 printer_failed reply: {"error":{…},"printer":{"id","fault","text_vi",
// "partial"},"cancelled":"A012"|null}.
HttpResponse printerFailedReply(const std::string& printerId, escpos::PrinterFault fault,
                                bool partial, const std::string& message, const std::string& cancelledCode);

void registerPrinterRoutes(Router& router, ApiContext& ctx); // GET /printer (kiosk)

} // namespace qmsd::http
