// [analytics]: how often the staffing flags are re-assessed.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

constexpr Key<AnalyticsSettings> analyticsKeys[] = {
    {"flag_check_seconds", false, &readInto<&AnalyticsSettings::flagCheckSeconds>},
};

void checkAnalytics(const OfficeConfig& config, Problems& problems) {
    checkAtLeast("analytics.flag_check_seconds", config.analytics.flagCheckSeconds, 1, problems);
    if (config.analytics.flagCheckSeconds > 3600) {
        problems.add("analytics.flag_check_seconds", "must be at most 3600 (flags would go stale)");
    }
}

} // namespace

extern const ConfigSection analyticsSection{"analytics", false, &readTable<&OfficeConfig::analytics, analyticsKeys>,
                                            nullptr, &checkAnalytics};

} // namespace qmsd::config_detail
