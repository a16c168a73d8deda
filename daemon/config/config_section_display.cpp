// [display]: what the main board and the TV show besides the calls.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

constexpr Key<DisplaySettings> displayKeys[] = {
    {"messages", false, &readInto<&DisplaySettings::messages>},
    {"latest_calls", false, &readInto<&DisplaySettings::latestCalls>},
    {"apology", false, &readInto<&DisplaySettings::apology>},
    {"board_page_seconds", false, &readInto<&DisplaySettings::boardPageSeconds>},
    {"tv_page_seconds", false, &readInto<&DisplaySettings::tvPageSeconds>},
};

void checkDisplay(const OfficeConfig& config, Problems& problems) {
    checkAtLeast("display.latest_calls", config.display.latestCalls, 1, problems);
    for (std::size_t i = 0; i < config.display.messages.size(); ++i) {
        checkText(indexPath("display.messages", i), config.display.messages[i], problems);
    }
    checkText("display.apology", config.display.apology, problems);
    checkRange("display.board_page_seconds", config.display.boardPageSeconds, 2, 60,
               "long enough to read a page: 5-8 suit most boards", problems);
    checkRange("display.tv_page_seconds", config.display.tvPageSeconds, 4, 120, "", problems);
}

} // namespace

extern const ConfigSection displaySection{"display", false, &readTable<&OfficeConfig::display, displayKeys>,
                                          nullptr, &checkDisplay};

} // namespace qmsd::config_detail
