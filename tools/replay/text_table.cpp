#include "text_table.hpp"

#include <cstdlib>

namespace qmsd::replay {

std::size_t displayWidth(const std::string& s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = b < 0x80 ? b : b < 0xE0 ? (b & 0x1F) : b < 0xF0 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        bool combining = cp >= 0x300 && cp <= 0x36F;
        width += combining ? 0 : 1;
        i += len;
    }
    return width;
}

std::string TextTable::row(const std::vector<std::string>& cells) const {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        int w = i < widths_.size() ? widths_[i] : 0;
        auto want = static_cast<std::size_t>(std::abs(w));
        std::size_t have = displayWidth(cells[i]);
        std::string pad(want > have ? want - have : 0, ' ');
        if (i > 0) {
            out += "  ";
        }
        out += w < 0 ? cells[i] + pad : pad + cells[i];
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

} // namespace qmsd::replay
