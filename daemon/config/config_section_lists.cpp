// [[priority]] (the groups served first: elderly, disabled…) and
// [[pause_reason]] (why a counter pauses): both an id and a name, both with
// defaults when left out. `priority = []` means the office has none.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

template <typename T>
constexpr Key<T> namedKeys[] = {
    {"id", true, &readInto<&T::id>},
    {"name", true, &readInto<&T::name>},
};

template <typename T>
void checkNamedList(const std::vector<T>& items, const std::string& section, Problems& problems) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        checkId(indexPath(section, i) + ".id", items[i].id, problems);
        checkText(indexPath(section, i) + ".name", items[i].name, problems);
    }
    checkUnique(items, section, "id", [](const T& item) { return item.id; }, problems);
}

void defaultPriorities(const toml::table& root, OfficeConfig& config) {
    if (!root.contains("priority")) {
        config.priorities = {{"elderly", "Người cao tuổi"},
                             {"disabled", "Người khuyết tật"},
                             {"pregnant", "Phụ nữ mang thai"},
                             {"merit", "Người có công với cách mạng"}};
    }
}

void defaultPauseReasons(const toml::table& root, OfficeConfig& config) {
    if (!root.contains("pause_reason")) {
        config.pauseReasons = {{"break", "Nghỉ giải lao"},
                               {"meeting", "Họp"},
                               {"urgent", "Công việc đột xuất"},
                               {"helping", "Hỗ trợ đồng nghiệp"}};
    }
}

void checkPriorities(const OfficeConfig& config, Problems& problems) {
    checkNamedList(config.priorities, "priority", problems);
}

void checkPauseReasons(const OfficeConfig& config, Problems& problems) {
    if (config.pauseReasons.empty()) {
        problems.add("pause_reason", "must list at least one reason (leave it out for the defaults)");
    }
    checkNamedList(config.pauseReasons, "pause_reason", problems);
}

} // namespace

extern const ConfigSection prioritySection{"priority", false,
                                           &readTables<&OfficeConfig::priorities, namedKeys<PriorityClass>>,
                                           &defaultPriorities, &checkPriorities};
extern const ConfigSection pauseReasonSection{"pause_reason", false,
                                              &readTables<&OfficeConfig::pauseReasons, namedKeys<PauseReason>>,
                                              &defaultPauseReasons, &checkPauseReasons};

} // namespace qmsd::config_detail
