#pragma once
// Text laid out on an LED board's lines: wrapped at spaces to the board's
// width and grouped into pages of its height. The boards' protocols only write
// whole lines (rs485_0107: a frame per line; Modbus text cards: a register
// block per line) and cannot scroll on their own, so long text is paged: the
// daemon shows one page, then the next, every few seconds.
//
// A word is never cut unless it is longer than a whole line (a long URL on a
// 16-character card): then it is split at the width, the only way it can be
// shown at all. Each text starts on a line of its own; a text that fits in
// what is left of a page goes there, otherwise it starts a new page.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd {

using BoardPage = std::vector<std::string>;

// How a board counts a line's length: characters for boards that take UTF-8
// lines (rs485_0107 with unicode), bytes for the rest (ASCII, and Modbus text
// cards whose registers hold bytes).
enum class LineMeasure { bytes, codePoints };

std::size_t lineLength(std::string_view s, LineMeasure m);
// The lines of one text: its own line breaks kept, runs of blanks made one.
std::vector<std::string> wrapText(std::string_view text, std::size_t width, LineMeasure m);
// Every page exactly `height` lines (blank-padded); none when there is no text or no height.
std::vector<BoardPage> paginate(const std::vector<std::string>& texts, std::size_t width,
                                std::size_t height, LineMeasure m);

} // namespace qmsd
