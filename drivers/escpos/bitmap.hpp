#pragma once
// A 1-bit image as ESC/POS raster commands take it: rows of (width+7)/8
// bytes, most significant bit leftmost, 1 = a black dot.
#include <cstdint>
#include <vector>

namespace qmsd::escpos {

struct Bitmap {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> data;

    Bitmap() = default;
    Bitmap(int w, int h);
    int stride() const { return (width + 7) / 8; }
    void set(int x, int y); // ignored outside the image
    bool get(int x, int y) const;
    void blit(const Bitmap& src, int x, int y);
    void appendBelow(const Bitmap& other); // widths must match; a narrower one is padded
};

} // namespace qmsd::escpos
