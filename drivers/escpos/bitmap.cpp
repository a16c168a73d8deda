#include "escpos/bitmap.hpp"

#include <algorithm>

namespace qmsd::escpos {

Bitmap::Bitmap(int w, int h)
    : width(w), height(h),
      data(static_cast<std::size_t>((w + 7) / 8) * static_cast<std::size_t>(h), 0) {}

void Bitmap::set(int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= height)
        return;
    data[static_cast<std::size_t>(y * stride() + x / 8)] |=
        static_cast<std::uint8_t>(0x80u >> (x % 8));
}

bool Bitmap::get(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height)
        return false;
    return (data[static_cast<std::size_t>(y * stride() + x / 8)] & (0x80u >> (x % 8))) != 0;
}

void Bitmap::blit(const Bitmap& src, int x, int y) {
    for (int sy = 0; sy < src.height; ++sy)
        for (int sx = 0; sx < src.width; ++sx)
            if (src.get(sx, sy))
                set(x + sx, y + sy);
}

void Bitmap::appendBelow(const Bitmap& other) {
    if (width == 0)
        width = other.width;
    Bitmap joined(width, height + other.height);
    std::copy(data.begin(), data.end(), joined.data.begin());
    joined.blit(other, 0, height);
    *this = std::move(joined);
}

} // namespace qmsd::escpos
