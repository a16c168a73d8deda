#include "core/utf8.hpp"

#include <cstdint>

namespace qmsd {
namespace {

// Length of the sequence starting with `lead`, or 0 for a byte that cannot start one.
int sequenceLength(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

bool isContinuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

} // namespace

bool isValidUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        auto lead = static_cast<unsigned char>(s[i]);
        int len = sequenceLength(lead);
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
            return false;
        }
        for (int k = 1; k < len; ++k) {
            if (!isContinuation(static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]))) {
                return false;
            }
        }
        if (len >= 3) {
            auto second = static_cast<unsigned char>(s[i + 1]);
            // Overlong three- and four-byte forms, UTF-16 surrogates, beyond U+10FFFF.
            if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
                (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
                return false;
            }
        }
        i += static_cast<std::size_t>(len);
    }
    return true;
}

std::size_t codePointCount(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        n += isContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
    }
    return n;
}

std::size_t bytesOfCodePoints(std::string_view s, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!isContinuation(static_cast<unsigned char>(s[i]))) {
            if (seen == n) {
                return i;
            }
            ++seen;
        }
    }
    return s.size();
}

bool hasControlCharacter(std::string_view s, bool allowNewline) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && !(allowNewline && c == '\n')) || c == 0x7F) {
            return true;
        }
        // C1 controls U+0080–U+009F are C2 80 … C2 9F.
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            return true;
        }
    }
    return false;
}

} // namespace qmsd
