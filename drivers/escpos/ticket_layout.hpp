#pragma once
// What a citizen's ticket says and how it is laid out for one printer.
#include "core/result.hpp"
#include "escpos/escpos_commands.hpp"
#include "escpos/raster_text.hpp"

#include <optional>
#include <string>

namespace qmsd::escpos {

struct TicketPrint {
    std::string office;   // "UBND Phường Bến Nghé"
    std::string field;    // "Đất đai"
    std::string code;     // "A012", printed very large
    std::string priority; // display name of the priority class; "" = none
    std::string appointment; // "08:15": checked in for an appointment at that time; "" = a walk-in
    std::string issuedAt; // local time as people read it, "08:15 23/11/2026" (OfficeClock)
    int peopleAhead = 0;
    // The expected wait as the kiosk and phone page word it
    // (analytics/wait_text: "khoảng 10–15 phút"); "" = no line.
    std::string waitText;
    std::string statusUrl; // the QR code's content
    std::string note;      // "Đường dây nóng: 1022"
    bool reprint = false;  // a copy printed by staff: says so on the ticket
};

// raster: text drawn with FreeType, printed as GS v 0 images (any printer that
//         takes raster images; the reliable way to print Vietnamese).
// codepage: ESC t <codePage> and Windows-1258 bytes (printers whose firmware
//         has CP1258 and combines its tone marks; see README.md).
// ascii: Vietnamese without diacritics (core/transliterate), the last resort.
enum class TextMode { raster, codepage, ascii };
// native: GS ( k, drawn by the printer. raster: libqrencode, sent as GS v 0.
enum class QrMode { native, raster };

struct LayoutOptions {
    int widthDots = 576; // 80 mm paper at 203 dpi; 384 for 58 mm
    TextMode textMode = TextMode::raster;
    int codePage = 52; // ESC t n for CP1258: Epson 52; other makes differ
    QrMode qrMode = QrMode::native;
    int qrModuleDots = 6;
    QrErrorLevel qrLevel = QrErrorLevel::m;
    Cut cut = Cut::partial;
    int feedBeforeCut = 4; // lines, so the cut falls below the last line
};

// The whole ticket: init, text, QR, note, feed, cut. `fonts` is needed for
// TextMode::raster only.
Result<Bytes> layoutTicket(const TicketPrint& ticket, const LayoutOptions& options,
                           FontRenderer* fonts);

} // namespace qmsd::escpos
