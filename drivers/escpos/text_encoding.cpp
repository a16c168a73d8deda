#include "escpos/text_encoding.hpp"

#include "escpos/vietnamese_tables.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
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

// Bytes of the UTF-8 sequence a lead byte starts (1 for a stray byte).
std::size_t utf8Length(unsigned char lead) {
    return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

std::string encodeUtf8(const std::u32string& text) {
    std::string out;
    out.reserve(text.size() * 2);
    for (char32_t c : text) {
        auto cp = static_cast<std::uint32_t>(c);
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
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
    // glibc's CP1258 converter splits a precomposed letter CP1258 has no byte
    // for into base letter + combining tone mark, exactly as the code page's
    // published table does; it does not compose decomposed input, hence
    // decodeVietnamese first (text_test checks every letter against Python's
    // codec). One converter per thread: iconv_t carries shift state.
    thread_local iconv_t cd = ::iconv_open("CP1258", "UTF-8");
    std::string composed = encodeUtf8(decodeVietnamese(utf8));
    std::string out(composed.size() * 2 + 4, '\0');
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return std::string(composed.size(), '?');
    }
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
    char* in = composed.data();
    std::size_t inLeft = composed.size();
    char* to = out.data();
    std::size_t toLeft = out.size();
    while (inLeft > 0) {
        if (::iconv(cd, &in, &inLeft, &to, &toLeft) != static_cast<std::size_t>(-1)) {
            break;
        }
        if (errno != EILSEQ && errno != EINVAL) {
            break; // E2BIG cannot happen: at most two bytes per character
        }
        // A character CP1258 cannot hold: '?' in its place, then go on.
        *to++ = '?';
        --toLeft;
        std::size_t skip = utf8Length(static_cast<unsigned char>(*in));
        skip = std::min(skip, inLeft);
        in += skip;
        inLeft -= skip;
    }
    out.resize(out.size() - toLeft);
    return out;
}

} // namespace qmsd::escpos
