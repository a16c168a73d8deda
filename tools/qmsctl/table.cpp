#include "table.hpp"

#include <algorithm>
#include <ostream>

namespace qmsctl {

namespace {

bool isCombining(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D;
}

// Decodes one code point at `i` and moves past it; a bad sequence yields
// U+FFFD and moves one byte.
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
    auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = len == 1 ? b : b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        c = (c << 6) | (byte(i + k) & 0x3F);
    }
    i += len;
    return c;
}

} // namespace

std::size_t displayWidth(std::string_view utf8) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        width += isCombining(nextCodePoint(utf8, i)) ? 0 : 1;
    }
    return width;
}

void Table::add(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    for (auto& c : cells) {
        // A newline or tab in server text would break the grid.
        std::replace_if(
            c.begin(), c.end(), [](char ch) { return ch == '\n' || ch == '\r' || ch == '\t'; },
            ' ');
    }
    rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const {
    std::vector<std::size_t> widths(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        widths[c] = displayWidth(columns_[c].title);
        for (const auto& row : rows_) {
            widths[c] = std::max(widths[c], displayWidth(row[c]));
        }
    }
    auto line = [&out, &widths, this](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            std::string pad(widths[c] - displayWidth(cells[c]), ' ');
            text += c == 0 ? "" : "  ";
            text += columns_[c].align == Align::right ? pad + cells[c] : cells[c] + pad;
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out << text << "\n";
    };
    std::vector<std::string> header;
    for (const auto& col : columns_) {
        header.push_back(col.title);
    }
    line(header);
    for (const auto& row : rows_) {
        line(row);
    }
}

std::vector<Column> columns(std::initializer_list<const char*> labels, std::initializer_list<const char*> figures) {
    std::vector<Column> out;
    for (const char* l : labels) {
        out.push_back({l, Align::left});
    }
    for (const char* f : figures) {
        out.push_back({f, Align::right});
    }
    return out;
}

} // namespace qmsctl
