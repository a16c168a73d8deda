#include "escpos/qr_raster.hpp"

#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <string>

namespace qmsd::escpos {

namespace {

constexpr int kQuiet = 4; // modules of light margin all round, as the standard asks

using Code = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

Result<Code> encode(std::string_view data, QrErrorLevel level) {
    const QRecLevel ec = level == QrErrorLevel::l   ? QR_ECLEVEL_L
                         : level == QrErrorLevel::m ? QR_ECLEVEL_M
                         : level == QrErrorLevel::q ? QR_ECLEVEL_Q
                                                    : QR_ECLEVEL_H;
    const std::string copy(data);
    Code code(QRcode_encodeData(static_cast<int>(copy.size()), reinterpret_cast<const unsigned char*>(copy.data()),
                                0, ec),
              &QRcode_free);
    if (!code)
        return makeError(ErrorCode::invalidArgument, "QR data too long for a QR code");
    return code;
}

} // namespace

Result<std::string> qrSvg(std::string_view data, QrErrorLevel level) {
    auto code = encode(data, level);
    if (!code)
        return code.error();
    const int width = (*code)->width;
    const int side = width + 2 * kQuiet;
    std::string path;
    // Each row's runs of dark modules as one rectangle: "M x y h n v 1 h -n z".
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width;) {
            if (((*code)->data[y * width + x] & 1) == 0) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < width && ((*code)->data[y * width + x + run] & 1) != 0)
                ++run;
            path += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h" + std::to_string(run) +
                    "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    const std::string s = std::to_string(side);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + s + " " + s +
           "\" shape-rendering=\"crispEdges\"><rect width=\"" + s + "\" height=\"" + s +
           "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

Result<Bitmap> qrBitmap(std::string_view data, int moduleDots, QrErrorLevel level) {
    auto encoded = encode(data, level);
    if (!encoded)
        return encoded.error();
    const Code& code = *encoded;
    moduleDots = std::clamp(moduleDots, 1, 16);
    const int side = (code->width + 2 * kQuiet) * moduleDots;
    Bitmap out(side, side);
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
            if (code->data[y * code->width + x] & 1) // bit 0 = dark module
                for (int dy = 0; dy < moduleDots; ++dy)
                    for (int dx = 0; dx < moduleDots; ++dx)
                        out.set((x + kQuiet) * moduleDots + dx, (y + kQuiet) * moduleDots + dy);
    return out;
}

} // namespace qmsd::escpos
