#include "escpos/ticket_layout.hpp"

#include "core/transliterate.hpp"
#include "escpos/qr_raster.hpp"
#include "escpos/text_encoding.hpp"

#include <algorithm>
#include <vector>

namespace qmsd::escpos {
namespace {

// One printed line of the ticket, independent of how it is printed.
struct Line {
    std::string text;
    int scale = 1; // 1 = body text; the number uses the largest
    bool bold = false;
};

std::vector<Line> headLines(const TicketPrint& t) {
    std::vector<Line> lines;
    if (t.reprint)
        lines.push_back({"BẢN IN LẠI", 1, true});
    lines.push_back({t.office, 1, true});
    lines.push_back({"Lĩnh vực: " + t.field, 1, false});
    lines.push_back({t.code, 4, true});
    if (!t.priority.empty())
        lines.push_back({"Ưu tiên: " + t.priority, 1, true});
    if (!t.appointment.empty())
        lines.push_back({"Lịch hẹn: " + t.appointment, 1, true});
    lines.push_back({"Giờ lấy số: " + t.issuedAt, 1, false});
    lines.push_back({"Số người chờ trước: " + std::to_string(t.peopleAhead), 1, false});
    if (!t.waitText.empty())
        lines.push_back({"Dự kiến chờ: " + t.waitText, 1, false});
    return lines;
}

std::vector<Line> tailLines(const TicketPrint& t) {
    std::vector<Line> lines{{"Quét mã để theo dõi lượt gọi", 1, false}};
    if (!t.note.empty())
        lines.push_back({t.note, 1, false});
    return lines;
}

// Raster: all lines of a block as one image, centred.
Bytes rasterLines(const std::vector<Line>& lines, int width, FontRenderer& fonts) {
    const int body = width >= 576 ? 30 : 24;
    const int number = width >= 576 ? 150 : 110;
    Bitmap image;
    for (const Line& line : lines) {
        const TextStyle style{line.scale > 1 ? number : body, line.bold, Align::center};
        image.appendBelow(fonts.render(line.text, width, style));
    }
    return cmd::raster(image);
}

// Printer fonts: sizes by GS !, text as CP1258 or ASCII.
Bytes fontLines(const std::vector<Line>& lines, const LayoutOptions& o) {
    Bytes out = cmd::align(Align::center);
    for (const Line& line : lines) {
        append(out, cmd::bold(line.bold));
        append(out, cmd::charSize(line.scale, line.scale));
        append(out, cmd::text(o.textMode == TextMode::codepage ? encodeCp1258(line.text)
                                                               : toAscii(line.text)));
    }
    append(out, cmd::charSize(1, 1));
    append(out, cmd::bold(false));
    return out;
}

} // namespace

Result<Bytes> layoutTicket(const TicketPrint& ticket, const LayoutOptions& o, FontRenderer* fonts) {
    if (o.textMode == TextMode::raster && fonts == nullptr)
        return makeError(ErrorCode::internal, "raster text needs a font");
    if (o.widthDots < 64 || o.widthDots % 8 != 0)
        return makeError(ErrorCode::invalidArgument,
                         "width_dots must be a multiple of 8, at least 64");
    auto block = [&](const std::vector<Line>& lines) {
        return o.textMode == TextMode::raster ? rasterLines(lines, o.widthDots, *fonts)
                                              : fontLines(lines, o);
    };

    Bytes out = cmd::init();
    if (o.textMode == TextMode::codepage)
        append(out, cmd::codePage(o.codePage));
    append(out, block(headLines(ticket)));

    append(out, cmd::align(Align::center));
    if (o.qrMode == QrMode::native) {
        auto qr = cmd::qr(ticket.statusUrl, o.qrModuleDots, o.qrLevel);
        if (!qr)
            return qr.error();
        append(out, *qr);
    } else {
        auto qr = qrBitmap(ticket.statusUrl, o.qrModuleDots, o.qrLevel);
        if (!qr)
            return qr.error();
        Bitmap centred(o.widthDots, qr->height);
        centred.blit(*qr, std::max(0, (o.widthDots - qr->width) / 2), 0);
        append(out, cmd::raster(centred));
    }
    append(out, block(tailLines(ticket)));
    append(out, cmd::feedLines(o.feedBeforeCut));
    append(out, cmd::cut(o.cut));
    return out;
}

} // namespace qmsd::escpos
