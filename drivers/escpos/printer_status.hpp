#pragma once
// The printer's real-time status (DLE EOT n, n = 1..4) and what stops a ticket.
#include "core/result.hpp"

#include <cstdint>
#include <string_view>

namespace qmsd::escpos {

// Why a ticket cannot be (or was not) printed. Names are stable wire strings.
enum class PrinterFault {
    none,
    paperOut,     // DLE EOT 2 bit 5 / DLE EOT 4 bits 5,6
    coverOpen,    // DLE EOT 2 bit 2
    error,        // DLE EOT 2 bit 6: cutter jam, head overheated... (DLE EOT 3 says which)
    offline,      // DLE EOT 1 bit 3 with no cause above (e.g. paper being fed by hand)
    noReply,      // connected, but status requests are not answered in time
    disconnected, // the device/port/socket cannot be opened or written
    badReply,     // a status byte without the fixed bits 0xx1xx10
};

std::string_view faultName(PrinterFault f);   // "paper_out", "cover_open", ...
std::string_view faultTextVi(PrinterFault f); // for the kiosk and the dashboard

struct PrinterStatus {
    bool online = false;
    bool coverOpen = false;
    bool paperOut = false;
    bool paperNearEnd = false; // still prints; staff should change the roll
    bool error = false;
    bool autocutterError = false;    // DLE EOT 3 bit 3
    bool unrecoverableError = false; // DLE EOT 3 bit 5
    bool feedButton = false;         // DLE EOT 2 bit 3: paper being fed by the button
    bool operator==(const PrinterStatus&) const = default;

    // The one fault that stops printing, most specific first.
    PrinterFault fault() const;
};

// Every status byte has bits 1 and 4 set, bits 0 and 7 clear.
bool isStatusByte(std::uint8_t b);

// From the replies to DLE EOT 1, 2, 3 and 4.
Result<PrinterStatus> parseStatus(std::uint8_t printer, std::uint8_t offlineCause,
                                  std::uint8_t errorCause, std::uint8_t paper);

} // namespace qmsd::escpos
