#include "escpos/raster_text.hpp"

#include "escpos/text_encoding.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <vector>

namespace qmsd::escpos {

struct FontRenderer::Faces {
    FT_Library library = nullptr;
    FT_Face regular = nullptr;
    FT_Face bold = nullptr;
    ~Faces() {
        if (bold)
            FT_Done_Face(bold);
        if (regular)
            FT_Done_Face(regular);
        if (library)
            FT_Done_FreeType(library);
    }
};

namespace {

// Advance of a run of text in dots at the face's current size.
int advanceOf(FT_Face face, std::u32string_view text) {
    long total = 0;
    for (char32_t c : text)
        if (FT_Load_Char(face, c, FT_LOAD_DEFAULT) == 0)
            total += face->glyph->advance.x;
    return static_cast<int>(total >> 6);
}

// Greedy word wrap; a word wider than the line is left to be clipped.
std::vector<std::u32string> wrap(FT_Face face, const std::u32string& text, int width) {
    std::vector<std::u32string> lines;
    std::u32string line;
    std::size_t i = 0;
    while (i <= text.size()) {
        const std::size_t space = std::min(text.find(U' ', i), text.size());
        const std::u32string word = text.substr(i, space - i);
        const std::u32string candidate = line.empty() ? word : line + U' ' + word;
        if (!line.empty() && advanceOf(face, candidate) > width) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
        i = space + 1;
    }
    lines.push_back(line);
    return lines;
}

// Vertical extent of a line's glyphs: capitals with stacked marks (Ấ, Ẩ)
// reach above the font's ascender, and must not be clipped.
struct Extent {
    int above = 0; // dots above the baseline
    int below = 0; // dots below it
};

Extent extentOf(FT_Face face, const std::u32string& line) {
    Extent e{static_cast<int>(face->size->metrics.ascender >> 6),
             static_cast<int>((face->size->metrics.height - face->size->metrics.ascender) >> 6)};
    for (char32_t c : line) {
        if (FT_Load_Char(face, c, FT_LOAD_RENDER) != 0)
            continue;
        e.above = std::max(e.above, face->glyph->bitmap_top + 2); // 2 dots of air over the marks
        e.below =
            std::max(e.below, static_cast<int>(face->glyph->bitmap.rows) - face->glyph->bitmap_top);
    }
    return e;
}

// One line as an image of its own height, the baseline `above` dots down.
Bitmap drawLine(FT_Face face, const std::u32string& line, int width, Align align) {
    const Extent extent = extentOf(face, line);
    Bitmap out(width, extent.above + extent.below);
    const int lineWidth = advanceOf(face, line);
    int penX = align == Align::left     ? 0
               : align == Align::center ? (width - lineWidth) / 2
                                        : width - lineWidth;
    penX = std::max(penX, 0);
    for (char32_t c : line) {
        if (FT_Load_Char(face, c, FT_LOAD_RENDER) != 0)
            continue;
        const FT_GlyphSlot g = face->glyph;
        const FT_Bitmap& bm = g->bitmap;
        for (unsigned row = 0; row < bm.rows; ++row) {
            for (unsigned col = 0; col < bm.width; ++col) {
                const unsigned char* rowBytes = bm.buffer + row * static_cast<unsigned>(bm.pitch);
                const bool dark = bm.pixel_mode == FT_PIXEL_MODE_MONO
                                      ? ((rowBytes[col / 8] >> (7 - col % 8)) & 1) != 0
                                      : rowBytes[col] >= 128; // dots are on or off
                if (dark)
                    out.set(penX + g->bitmap_left + static_cast<int>(col),
                            extent.above - g->bitmap_top + static_cast<int>(row));
            }
        }
        penX += static_cast<int>(g->advance.x >> 6);
    }
    return out;
}

} // namespace

FontRenderer::FontRenderer(std::unique_ptr<Faces> faces) : faces_(std::move(faces)) {}
FontRenderer::~FontRenderer() = default;

Result<std::unique_ptr<FontRenderer>> FontRenderer::open(const std::string& regularPath,
                                                         const std::string& boldPath) {
    auto faces = std::make_unique<Faces>();
    if (FT_Init_FreeType(&faces->library) != 0)
        return makeError(ErrorCode::internal, "FreeType failed to start");
    if (FT_New_Face(faces->library, regularPath.c_str(), 0, &faces->regular) != 0)
        return makeError(ErrorCode::configInvalid, "cannot open font " + regularPath);
    if (FT_New_Face(faces->library, boldPath.c_str(), 0, &faces->bold) != 0)
        return makeError(ErrorCode::configInvalid, "cannot open font " + boldPath);
    return std::unique_ptr<FontRenderer>(new FontRenderer(std::move(faces)));
}

Bitmap FontRenderer::render(std::string_view utf8, int width, const TextStyle& style) {
    FT_Face face = style.bold ? faces_->bold : faces_->regular;
    FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(std::max(style.pixelHeight, 4)));
    Bitmap out(width, 0);
    for (const auto& line : wrap(face, decodeVietnamese(utf8), width))
        out.appendBelow(drawLine(face, line, width, style.align));
    return out;
}

std::u32string FontRenderer::missingGlyphs(std::string_view utf8, bool bold) {
    FT_Face face = bold ? faces_->bold : faces_->regular;
    std::u32string missing;
    for (char32_t c : decodeVietnamese(utf8))
        if (c != U' ' && FT_Get_Char_Index(face, c) == 0)
            missing.push_back(c);
    return missing;
}

} // namespace qmsd::escpos
