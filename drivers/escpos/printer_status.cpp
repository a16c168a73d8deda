#include "escpos/printer_status.hpp"

namespace qmsd::escpos {

std::string_view faultName(PrinterFault f) {
    switch (f) {
    case PrinterFault::none:
        return "none";
    case PrinterFault::paperOut:
        return "paper_out";
    case PrinterFault::coverOpen:
        return "cover_open";
    case PrinterFault::error:
        return "printer_error";
    case PrinterFault::offline:
        return "offline";
    case PrinterFault::noReply:
        return "no_reply";
    case PrinterFault::disconnected:
        return "disconnected";
    case PrinterFault::badReply:
        return "bad_reply";
    }
    return "unknown";
}

std::string_view faultTextVi(PrinterFault f) {
    switch (f) {
    case PrinterFault::none:
        return "Máy in sẵn sàng";
    case PrinterFault::paperOut:
        return "Máy in hết giấy";
    case PrinterFault::coverOpen:
        return "Nắp máy in đang mở";
    case PrinterFault::error:
        return "Máy in bị lỗi (dao cắt hoặc đầu in)";
    case PrinterFault::offline:
        return "Máy in đang tạm dừng";
    case PrinterFault::noReply:
        return "Máy in không trả lời";
    case PrinterFault::disconnected:
        return "Mất kết nối máy in";
    case PrinterFault::badReply:
        return "Máy in trả lời không hợp lệ";
    }
    return "Máy in bị lỗi";
}

PrinterFault PrinterStatus::fault() const {
    if (paperOut)
        return PrinterFault::paperOut;
    if (coverOpen)
        return PrinterFault::coverOpen;
    if (error || autocutterError || unrecoverableError)
        return PrinterFault::error;
    if (!online)
        return PrinterFault::offline;
    return PrinterFault::none;
}

bool isStatusByte(std::uint8_t b) {
    return (b & 0x93) == 0x12;
}

Result<PrinterStatus> parseStatus(std::uint8_t printer, std::uint8_t offlineCause,
                                  std::uint8_t errorCause, std::uint8_t paper) {
    for (std::uint8_t b : {printer, offlineCause, errorCause, paper})
        if (!isStatusByte(b))
            return makeError(ErrorCode::invalidArgument, "not a DLE EOT status byte");
    PrinterStatus s;
    s.online = (printer & 0x08) == 0;
    s.coverOpen = (offlineCause & 0x04) != 0;
    s.feedButton = (offlineCause & 0x08) != 0;
    s.error = (offlineCause & 0x40) != 0;
    s.autocutterError = (errorCause & 0x08) != 0;
    s.unrecoverableError = (errorCause & 0x20) != 0;
    s.paperOut = (offlineCause & 0x20) != 0 || (paper & 0x60) == 0x60;
    s.paperNearEnd = (paper & 0x0C) == 0x0C;
    return s;
}

} // namespace qmsd::escpos
