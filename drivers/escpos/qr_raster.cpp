#include "escpos/qr_raster.hpp"

#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <string>

namespace qmsd::escpos {

Result<Bitmap> qrBitmap(std::string_view data, int moduleDots, QrErrorLevel level) {
    const QRecLevel ec = level == QrErrorLevel::l   ? QR_ECLEVEL_L
                         : level == QrErrorLevel::m ? QR_ECLEVEL_M
                         : level == QrErrorLevel::q ? QR_ECLEVEL_Q
                                                    : QR_ECLEVEL_H;
    const std::string copy(data);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(copy.size()),
                          reinterpret_cast<const unsigned char*>(copy.data()), 0, ec),
        &QRcode_free);
    if (!code)
        return makeError(ErrorCode::invalidArgument, "QR data too long for a QR code");
    constexpr int kQuiet = 4;
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
