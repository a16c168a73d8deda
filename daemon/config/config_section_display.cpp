// [display]: what the main board and the TV show besides the calls.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

constexpr Key<DisplaySettings> displayKeys[] = {
    {"messages", false, &readInto<&DisplaySettings::messages>},
    {"latest_calls", false, &readInto<&DisplaySettings::latestCalls>},
};

void checkDisplay(const OfficeConfig& config, Problems& problems) {
    checkAtLeast("display.latest_calls", config.display.latestCalls, 1, problems);
    for (std::size_t i = 0; i < config.display.messages.size(); ++i) {
        checkText(indexPath("display.messages", i), config.display.messages[i], problems);
    }
}

} // namespace

extern const ConfigSection displaySection{"display", false, &readTable<&OfficeConfig::display, displayKeys>,
                                          nullptr, &checkDisplay};

} // namespace qmsd::config_detail
