#pragma once
// Byte builders for the ESC/POS commands qmsd prints tickets with (README.md
// lists them with their bytes). Each returns the bytes of one command.
#include "core/result.hpp"
#include "escpos/bitmap.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace qmsd::escpos {

using Bytes = std::vector<std::uint8_t>;

enum class Align : std::uint8_t { left = 0, center = 1, right = 2 };
enum class QrErrorLevel : std::uint8_t { l = 0x30, m = 0x31, q = 0x32, h = 0x33 };
enum class Cut : std::uint8_t { full = 0, partial = 1 };

inline void append(Bytes& out, const Bytes& more) {
    out.insert(out.end(), more.begin(), more.end());
}

namespace cmd {

Bytes init();                          // ESC @
Bytes align(Align a);                  // ESC a n
Bytes bold(bool on);                   // ESC E n
Bytes charSize(int width, int height); // GS ! n, each 1..8 (clamped)
Bytes codePage(int n);                 // ESC t n
Bytes text(std::string_view bytes);    // the bytes as they are, then LF
Bytes feedLines(int n);                // ESC d n
// QR code, model 2: GS ( k functions 165 (model), 167 (module size 1..16),
// 169 (error level), 180 (store, at most 7089 bytes), 181 (print).
Bytes qrModel2();
Bytes qrModuleSize(int dots);
Bytes qrErrorLevel(QrErrorLevel level);
Result<Bytes> qrStore(std::string_view data);
Bytes qrPrint();
// The five above in that order.
Result<Bytes> qr(std::string_view data, int moduleDots, QrErrorLevel level);
// GS v 0, normal density, in bands of at most 255 rows (a small printer
// buffer takes each band whole; bands join without a seam).
Bytes raster(const Bitmap& image);
Bytes cut(Cut kind);        // GS V m (m = 0 full, 1 partial)
Bytes statusRequest(int n); // DLE EOT n, n = 1..4

} // namespace cmd
} // namespace qmsd::escpos
