#pragma once
// What the LED boards' information lines and a paused counter's own display
// say (issue 13): paused counters explained with the office's apology, the
// editors' notices for boards, the office's standing messages — laid out for
// each unit's size and character set. Pure functions of the engine's state,
// shared by the DeviceManager (what the units show) and the API's preview
// (what the editor sees), so the two cannot differ.
#include "devices/board_pages.hpp"
#include "engine/queue_engine.hpp"

#include <string>
#include <vector>

namespace qmsd {

struct BoardLayout {
    std::size_t width = 0;     // a line's length, in the board's measure
    std::size_t callLines = 0; // the latest calls, at the top
    std::size_t infoLines = 0; // the pages, below them
    LineMeasure measure = LineMeasure::bytes;
    bool unicode = false; // else transliterated to ASCII
};

// A board's `lines` split into call lines (latest_calls, at most all of
// them) and information lines (the rest). Without `lines` the board gets
// latest_calls call lines and as many information lines as the office has
// standing messages (at least one), as before paging existed.
BoardLayout boardLayout(const OfficeConfig& config, const DeviceConfig& board);

// "Quầy 3 tạm dừng: Họp. Dự kiến làm việc trở lại lúc 10:15." ("" unless paused).
std::string pausedCounterText(const QueueEngine& engine, int counter);

// The information texts, in Vietnamese, in the order shown: paused counters
// (then the apology, once), the editors' board notices by their order, the
// office's standing messages.
std::vector<std::string> boardInfoTexts(const QueueEngine& engine, TimePoint now);
// The same with other content (the editor's preview of a notice not yet saved).
std::vector<std::string> boardInfoTexts(const QueueEngine& engine, const ContentBook& content,
                                        TimePoint now);

// Those texts as a board shows them: transliterated unless it takes UTF-8,
// wrapped at its width, paged by its information lines.
std::vector<BoardPage> boardInfoPages(const std::vector<std::string>& texts,
                                      const BoardLayout& layout);

// The pages a paused counter's own display cycles through, one line each:
// the reason, the expected return, the apology, fitted to `width`. A display
// that shows only digits, or too narrow for words, keeps "----" (and the
// return time as HH:MM when it has room for five characters).
std::vector<std::string> pausedDisplayPages(const QueueEngine& engine, int counter,
                                            std::size_t width, bool showsText);

} // namespace qmsd
