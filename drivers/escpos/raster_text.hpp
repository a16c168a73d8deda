#pragma once
// Text drawn with a real font (FreeType, DejaVu Sans from Debian's
// fonts-dejavu-core) into a 1-bit image as wide as the paper: Vietnamese
// prints right on printers that have no Vietnamese font of their own.
#include "core/result.hpp"
#include "escpos/bitmap.hpp"
#include "escpos/escpos_commands.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace qmsd::escpos {

inline constexpr const char* kDefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr const char* kDefaultBoldFont =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

struct TextStyle {
    int pixelHeight = 28; // the font's em size in dots (203 dpi: 28 ≈ 3.5 mm)
    bool bold = false;
    Align align = Align::left;
};

class FontRenderer {
  public:
    // Opened at start-up; a missing font file is a configuration error.
    static Result<std::unique_ptr<FontRenderer>>
    open(const std::string& regularPath = kDefaultFont,
         const std::string& boldPath = kDefaultBoldFont);
    ~FontRenderer();
    FontRenderer(const FontRenderer&) = delete;
    FontRenderer& operator=(const FontRenderer&) = delete;

    // The text, wrapped at spaces to `width` dots; each line aligned. A line
    // is the font's line height, taller if a letter's marks reach above it.
    Bitmap render(std::string_view utf8, int width, const TextStyle& style);
    // Letters of `utf8` the font has no glyph for (printed as a box).
    std::u32string missingGlyphs(std::string_view utf8, bool bold);

    struct Faces;

  private:
    explicit FontRenderer(std::unique_ptr<Faces> faces);
    std::unique_ptr<Faces> faces_;
};

} // namespace qmsd::escpos
