#include "messages/sms_text.hpp"

#include "core/transliterate.hpp"
#include "core/utf8.hpp"

#include <algorithm>

namespace qmsd {
namespace {

// GSM 03.38 (3GPP TS 23.038) basic table beyond ASCII. With LF, CR and the
// printable ASCII except ` [ \ ] ^ { | } ~ (88 characters) these are the
// table's 127 characters; the 128th code is the escape to the extension table.
constexpr char32_t kBasicNonAscii[] = {
    U'£', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'Ø', U'ø', U'Å', U'å', U'Δ',
    U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', U'Æ', U'æ', U'ß', U'É',
    U'¤', U'¡', U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'ä', U'ö', U'ñ', U'ü', U'à',
};
static_assert(std::size(kBasicNonAscii) == 39);

// The extension table: each is sent as escape + code, two septets.
constexpr char32_t kExtension[] = {U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€'};

template <std::size_t N> bool contains(const char32_t (&list)[N], char32_t cp) {
    return std::find(std::begin(list), std::end(list), cp) != std::end(list);
}

// Septets a code point takes in GSM-7, or 0 when it has no GSM-7 form.
int septets(char32_t cp) {
    if (contains(kExtension, cp)) {
        return 2;
    }
    if (cp == U'\n' || cp == U'\r' || (cp >= 0x20 && cp < 0x7F && cp != U'`')) {
        return 1;
    }
    return contains(kBasicNonAscii, cp) ? 1 : 0;
}

struct CodePoint {
    char32_t value;
    std::size_t length; // bytes
};

// The code point at `i`; a malformed sequence is one byte of U+FFFD, which is
// what a gateway would send in its place.
CodePoint decodeAt(std::string_view s, std::size_t i) {
    auto lead = static_cast<unsigned char>(s[i]);
    std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (i + len > s.size() || !isValidUtf8(s.substr(i, len))) {
        return {U'\uFFFD', 1};
    }
    char32_t cp = len == 1 ? lead : lead & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    return {cp, len};
}

template <typename Fn> void forEachCodePoint(std::string_view s, Fn fn) {
    for (std::size_t i = 0; i < s.size();) {
        CodePoint c = decodeAt(s, i);
        fn(c.value);
        i += c.length;
    }
}

// One step through a template.
struct Piece {
    enum class Kind { text, placeholder, stray } kind;
    std::string_view text; // literal text, a placeholder's name, or the stray "{"
    std::size_t end;       // where the next piece starts
};

bool isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Piece nextPiece(std::string_view tpl, std::size_t pos) {
    if (tpl[pos] != '{') {
        std::size_t brace = std::min(tpl.find('{', pos), tpl.size());
        return {Piece::Kind::text, tpl.substr(pos, brace - pos), brace};
    }
    if (tpl.substr(pos, 2) == "{{") {
        return {Piece::Kind::text, tpl.substr(pos, 1), pos + 2};
    }
    std::size_t k = pos + 1;
    while (k < tpl.size() && isNameChar(tpl[k])) {
        ++k;
    }
    if (k > pos + 1 && k < tpl.size() && tpl[k] == '}') {
        return {Piece::Kind::placeholder, tpl.substr(pos + 1, k - pos - 1), k + 1};
    }
    return {Piece::Kind::stray, tpl.substr(pos, 1), pos + 1};
}

} // namespace

bool isGsm7(std::string_view utf8) {
    if (!isValidUtf8(utf8)) {
        return false;
    }
    bool all = true;
    forEachCodePoint(utf8, [&all](char32_t cp) { all = all && septets(cp) > 0; });
    return all;
}

SmsSize smsSize(std::string_view utf8) {
    const bool unicode = !isGsm7(utf8);
    auto weight = [unicode](char32_t cp) {
        if (unicode) {
            return cp > 0xFFFF ? 2 : 1; // a surrogate pair
        }
        return septets(cp);
    };
    int total = 0;
    forEachCodePoint(utf8, [&total, &weight](char32_t cp) { total += weight(cp); });
    const int single = unicode ? 70 : 160;
    const int perPart = unicode ? 67 : 153;
    if (total <= single) {
        return {unicode, total, 1};
    }
    // Greedy, as phones split: a character that does not fit whole starts the
    // next part, so the count can exceed ceil(total / perPart).
    int parts = 1;
    int used = 0;
    forEachCodePoint(utf8, [&](char32_t cp) {
        int w = weight(cp);
        if (used + w > perPart) {
            ++parts;
            used = 0;
        }
        used += w;
    });
    return {unicode, total, parts};
}

std::string withoutDiacritics(std::string_view utf8) {
    std::string out = toAscii(utf8);
    for (char& c : out) {
        auto u = static_cast<unsigned char>(c);
        if (c == '`') {
            c = '\'';
        } else if (c == '\t') {
            c = ' ';
        } else if (u >= 0x7F || (u < 0x20 && c != '\n' && c != '\r')) {
            c = '?';
        }
    }
    return out;
}

std::string fillTemplate(std::string_view tpl, const std::map<std::string, std::string>& values) {
    std::string out;
    out.reserve(tpl.size());
    for (std::size_t pos = 0; pos < tpl.size();) {
        Piece p = nextPiece(tpl, pos);
        if (p.kind == Piece::Kind::placeholder) {
            auto it = values.find(std::string(p.text));
            out += it != values.end() ? std::string_view(it->second) : tpl.substr(pos, p.end - pos);
        } else {
            out += p.text;
        }
        pos = p.end;
    }
    return out;
}

Status checkTemplate(std::string_view tpl, const std::set<std::string>& allowed) {
    for (std::size_t pos = 0; pos < tpl.size();) {
        Piece p = nextPiece(tpl, pos);
        if (p.kind == Piece::Kind::placeholder && allowed.count(std::string(p.text)) == 0) {
            return makeError(ErrorCode::configInvalid,
                             "unknown placeholder {" + std::string(p.text) + "}");
        }
        if (p.kind == Piece::Kind::stray) {
            // Operators count characters, not bytes.
            std::string at = std::to_string(codePointCount(tpl.substr(0, pos)) + 1);
            std::string what = tpl.find('}', pos) == std::string_view::npos
                                   ? "unclosed '{' at character " + at
                                   : "'{' at character " + at +
                                         " opens no placeholder (a name is letters, digits, '_')";
            return makeError(ErrorCode::configInvalid, what + "; write {{ for a literal '{'");
        }
        pos = p.end;
    }
    return Ok{};
}

} // namespace qmsd
