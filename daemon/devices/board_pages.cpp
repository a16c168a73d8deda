#include "devices/board_pages.hpp"

#include "core/utf8.hpp"

namespace qmsd {
namespace {

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
            ++i;
        }
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') {
            ++j;
        }
        if (j > i) {
            out.push_back(line.substr(i, j - i));
        }
        i = j;
    }
    return out;
}

// Bytes of the first `width` units of `s` (whole characters for codePoints).
std::size_t prefixBytes(std::string_view s, std::size_t width, LineMeasure m) {
    return m == LineMeasure::bytes ? std::min(width, s.size()) : bytesOfCodePoints(s, width);
}

} // namespace

std::size_t lineLength(std::string_view s, LineMeasure m) {
    return m == LineMeasure::bytes ? s.size() : codePointCount(s);
}

std::vector<std::string> wrapText(std::string_view text, std::size_t width, LineMeasure m) {
    std::vector<std::string> out;
    if (width == 0) {
        return out;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string current;
        for (std::string_view word : words(text.substr(start, end - start))) {
            // Longer than a whole line: the one case a word is split.
            while (lineLength(word, m) > width) {
                if (!current.empty()) {
                    out.push_back(std::move(current));
                    current.clear();
                }
                std::size_t cut = prefixBytes(word, width, m);
                out.emplace_back(word.substr(0, cut));
                word.remove_prefix(cut);
            }
            if (word.empty()) {
                continue;
            }
            if (current.empty()) {
                current = word;
            } else if (lineLength(current, m) + 1 + lineLength(word, m) <= width) {
                current += ' ';
                current += word;
            } else {
                out.push_back(std::move(current));
                current = word;
            }
        }
        if (!current.empty()) {
            out.push_back(std::move(current));
        }
        start = end + 1;
    }
    return out;
}

std::vector<BoardPage> paginate(const std::vector<std::string>& texts, std::size_t width,
                                std::size_t height, LineMeasure m) {
    std::vector<BoardPage> pages;
    if (height == 0 || width == 0) {
        return pages;
    }
    BoardPage page;
    auto flush = [&pages, &page, height] {
        if (!page.empty()) {
            page.resize(height);
            pages.push_back(std::move(page));
            page.clear();
        }
    };
    for (const auto& text : texts) {
        auto lines = wrapText(text, width, m);
        if (lines.empty()) {
            continue;
        }
        if (page.size() + lines.size() > height) {
            flush(); // it starts a page of its own rather than break across two
        }
        for (auto& line : lines) {
            if (page.size() == height) {
                flush(); // longer than a page: it continues on the next
            }
            page.push_back(std::move(line));
        }
    }
    flush();
    return pages;
}

} // namespace qmsd
