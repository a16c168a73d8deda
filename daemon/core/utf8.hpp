#pragma once
// UTF-8 as people type it: validity, and lengths in characters (code points),
// which is what a limit like "at most 120 characters" or a board's width means
// to the person writing — never bytes, which cut a Vietnamese letter in half.
#include <cstddef>
#include <string>
#include <string_view>

namespace qmsd {

// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view s);
// Code points in valid UTF-8.
std::size_t codePointCount(std::string_view s);
// The bytes of the first `n` code points (all of `s` when it has fewer).
std::size_t bytesOfCodePoints(std::string_view s, std::size_t n);
// Whether `s` holds a control character (C0, DEL, C1); `allowNewline` lets '\n' pass.
bool hasControlCharacter(std::string_view s, bool allowNewline);

} // namespace qmsd
