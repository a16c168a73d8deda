#pragma once
// UTF-8 in, what a printer takes out: code points for the font renderer, or
// Windows-1258 bytes for a printer with a Vietnamese code page.
#include <string>
#include <string_view>

namespace qmsd::escpos {

// Invalid UTF-8 becomes U+FFFD. Decomposed Vietnamese (as some keyboards
// type it) is composed, so each letter is one glyph of the font.
std::u32string decodeVietnamese(std::string_view utf8);

// Windows-1258: base letters with circumflex/breve/horn are single bytes,
// tone marks are combining bytes after them ("ệ" → EA F2). Anything CP1258
// cannot hold becomes '?'.
std::string encodeCp1258(std::string_view utf8);

} // namespace qmsd::escpos
