#include "devices/board_info.hpp"

#include "core/transliterate.hpp"

#include <algorithm>

namespace qmsd {
namespace {

constexpr std::size_t kMaxBoardLines = 9; // config: lines 1-9

std::string reasonName(const OfficeConfig& config, const std::string& id) {
    const PauseReason* r = config.pauseReason(id);
    return r != nullptr ? r->name : id;
}

const Counter* pausedCounter(const QueueEngine& engine, int counter) {
    const Counter* c = engine.counter(counter);
    return c != nullptr && engine.counterState(counter) == CounterState::paused ? c : nullptr;
}

} // namespace

BoardLayout boardLayout(const OfficeConfig& config, const DeviceConfig& board) {
    BoardLayout l;
    l.width = static_cast<std::size_t>(std::max(board.digits, 1));
    const BusConfig* bus = config.bus(board.bus);
    bool modbus = bus != nullptr && bus->type.rfind("modbus", 0) == 0;
    l.unicode = board.unicode;
    l.measure = board.unicode && !modbus ? LineMeasure::codePoints : LineMeasure::bytes;
    auto calls = static_cast<std::size_t>(std::max(config.display.latestCalls, 0));
    if (board.lines > 0) {
        auto lines = static_cast<std::size_t>(board.lines);
        l.callLines = std::min(calls, lines);
        l.infoLines = lines - l.callLines;
    } else {
        l.callLines = std::min(calls, kMaxBoardLines);
        l.infoLines = std::min(std::max<std::size_t>(config.display.messages.size(), 1),
                               kMaxBoardLines - l.callLines);
    }
    return l;
}

std::string pausedCounterText(const QueueEngine& engine, int counter) {
    const Counter* c = pausedCounter(engine, counter);
    if (c == nullptr) {
        return {};
    }
    const OfficeConfig& config = engine.config();
    std::string text = config.counterName(counter) + " tạm dừng: " + reasonName(config, c->pauseReason) + ".";
    if (c->expectedBack != TimePoint{}) {
        text += " Dự kiến làm việc trở lại lúc " +
                engine.clock().formatHourMinute(c->expectedBack) + ".";
    }
    return text;
}

std::vector<std::string> boardInfoTexts(const QueueEngine& engine, TimePoint now) {
    return boardInfoTexts(engine, engine.content(), now);
}

std::vector<std::string> boardInfoTexts(const QueueEngine& engine, const ContentBook& content,
                                        TimePoint now) {
    std::vector<std::string> texts;
    for (const auto& [number, c] : engine.counters()) {
        if (auto text = pausedCounterText(engine, number); !text.empty()) {
            texts.push_back(std::move(text));
        }
    }
    if (!texts.empty()) {
        texts.push_back(engine.config().display.apology);
    }
    for (const Notice* n : content.shown(screenBoard, now)) {
        texts.push_back(n->title.empty() ? n->text : n->title + ": " + n->text);
    }
    for (const auto& m : engine.config().display.messages) {
        texts.push_back(m);
    }
    return texts;
}

std::vector<BoardPage> boardInfoPages(const std::vector<std::string>& texts,
                                      const BoardLayout& layout) {
    if (layout.unicode) {
        return paginate(texts, layout.width, layout.infoLines, layout.measure);
    }
    std::vector<std::string> ascii;
    ascii.reserve(texts.size());
    for (const auto& t : texts) {
        ascii.push_back(toAscii(t));
    }
    return paginate(ascii, layout.width, layout.infoLines, LineMeasure::bytes);
}

std::vector<std::string> pausedDisplayPages(const QueueEngine& engine, int counter,
                                            std::size_t width, bool showsText) {
    const Counter* c = pausedCounter(engine, counter);
    if (c == nullptr) {
        return {};
    }
    std::string back =
        c->expectedBack != TimePoint{} ? engine.clock().formatHourMinute(c->expectedBack) : "";
    if (!showsText) {
        return {"----"};
    }
    // Words need room: below 12 characters only "TAM DUNG" and the time fit.
    if (width < 12) {
        std::vector<std::string> pages{width >= 8 ? "TAM DUNG" : "----"};
        if (!back.empty() && width >= back.size()) {
            pages.push_back(back);
        }
        return pages;
    }
    std::vector<std::string> texts{
        toAscii("Tạm dừng: " + reasonName(engine.config(), c->pauseReason))};
    if (!back.empty()) {
        texts.push_back(toAscii("Trở lại lúc " + back));
    }
    texts.push_back(toAscii(engine.config().display.apology));
    std::vector<std::string> pages;
    for (auto& page : paginate(texts, width, 1, LineMeasure::bytes)) {
        pages.push_back(std::move(page.front()));
    }
    return pages;
}

} // namespace qmsd
