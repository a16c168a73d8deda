#pragma once
// A QR code drawn by libqrencode: into a 1-bit image, for printers without
// GS ( k (or whose QR firmware is unreliable), and as SVG for the pages.
#include "core/result.hpp"
#include "escpos/bitmap.hpp"
#include "escpos/escpos_commands.hpp"

#include <string>
#include <string_view>

namespace qmsd::escpos {

// Model 2, byte mode, each module `moduleDots` square, with the standard
// quiet zone of 4 modules.
Result<Bitmap> qrBitmap(std::string_view data, int moduleDots, QrErrorLevel level);

// The same code as a standalone SVG for a web page: one unit per module, the
// quiet zone included, dark modules as one path (crisp at any size).
Result<std::string> qrSvg(std::string_view data, QrErrorLevel level);

} // namespace qmsd::escpos
