#include "escpos/text_encoding.hpp"

#include "escpos/vietnamese_tables.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

namespace qmsd::escpos {
namespace {

std::u32string decodeUtf8(std::string_view s) {
    std::u32string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<std::uint8_t>(s[i]);
        const int extra = c < 0x80           ? 0
                          : (c >> 5) == 0x6  ? 1
                          : (c >> 4) == 0xE  ? 2
                          : (c >> 3) == 0x1E ? 3
                                             : -1;
        std::uint32_t cp = extra <= 0 ? c : c & (0x3Fu >> extra);
        bool good = extra >= 0;
        for (int k = 1; good && k <= extra; ++k) {
            const std::size_t at = i + static_cast<std::size_t>(k);
            good = at < s.size() && (static_cast<std::uint8_t>(s[at]) & 0xC0) == 0x80;
            if (good)
                cp = (cp << 6) | (static_cast<std::uint8_t>(s[at]) & 0x3Fu);
        }
        if (!good) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        out.push_back(static_cast<char32_t>(cp));
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

bool isMark(char32_t c) {
    return c >= 0x0300 && c <= 0x036F;
}

// Longest decomposed sequence starting at `i` that is a Vietnamese letter.
std::optional<std::pair<char32_t, std::size_t>> composeAt(const std::u32string& s, std::size_t i) {
    for (std::size_t len = 3; len >= 2; --len) {
        if (i + len > s.size() || !isMark(s[i + 1]) || (len == 3 && !isMark(s[i + 2])))
            continue;
        std::array<std::uint32_t, 3> key{};
        for (std::size_t k = 0; k < len; ++k)
            key[k] = static_cast<std::uint32_t>(s[i + k]);
        auto it =
            std::lower_bound(kCompositions.begin(), kCompositions.end(), key,
                             [](const Composition& c, const auto& k) { return c.sequence < k; });
        if (it != kCompositions.end() && it->sequence == key)
            return std::pair{static_cast<char32_t>(it->composed), len};
    }
    return std::nullopt;
}

} // namespace

std::u32string decodeVietnamese(std::string_view utf8) {
    const std::u32string raw = decodeUtf8(utf8);
    std::u32string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        if (auto composed = composeAt(raw, i)) {
            out.push_back(composed->first);
            i += composed->second;
        } else {
            out.push_back(raw[i++]);
        }
    }
    return out;
}

std::string encodeCp1258(std::string_view utf8) {
    std::string out;
    for (char32_t c : decodeVietnamese(utf8)) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            continue;
        }
        auto it = std::lower_bound(
            kCp1258.begin(), kCp1258.end(), static_cast<std::uint32_t>(c),
            [](const Cp1258Entry& e, std::uint32_t cp) { return e.codePoint < cp; });
        if (it == kCp1258.end() || it->codePoint != c) {
            out.push_back('?');
            continue;
        }
        out.push_back(static_cast<char>(it->first));
        if (it->second != 0)
            out.push_back(static_cast<char>(it->second));
    }
    return out;
}

} // namespace qmsd::escpos
