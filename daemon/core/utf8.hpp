#pragma once
// Checks on free text typed by citizens (a rating's comment): well-formed
// UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF) and its length in
// characters, which is what a person counts, not bytes.
#include <cstddef>
#include <optional>
#include <string_view>

namespace qmsd {

// The number of code points, or empty if `text` is not well-formed UTF-8.
std::optional<std::size_t> utf8Length(std::string_view text);

// A C0 control character other than tab, LF and CR, or DEL: text that would
// garble a log line, a CSV cell or a page.
bool hasControlCharacter(std::string_view text);

} // namespace qmsd
