#pragma once
// A QR code drawn by libqrencode into a 1-bit image, for printers without
// GS ( k (or whose QR firmware is unreliable).
#include "core/result.hpp"
#include "escpos/bitmap.hpp"
#include "escpos/escpos_commands.hpp"

#include <string_view>

namespace qmsd::escpos {

// Model 2, byte mode, each module `moduleDots` square, with the standard
// quiet zone of 4 modules.
Result<Bitmap> qrBitmap(std::string_view data, int moduleDots, QrErrorLevel level);

} // namespace qmsd::escpos
