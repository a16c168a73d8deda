// [daemon]: where the store lives and how much the log says.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

constexpr Key<DaemonSettings> daemonKeys[] = {
    {"data_dir", false, &readInto<&DaemonSettings::dataDir>},
    {"log_level", false, &readInto<&DaemonSettings::logLevel>},
};

void checkDaemon(const OfficeConfig& config, Problems& problems) {
    const DaemonSettings& daemon = config.daemon;
    checkText("daemon.data_dir", daemon.dataDir, problems);
    static const std::string_view levels[] = {"trace", "debug", "info", "warn", "error"};
    if (std::find(std::begin(levels), std::end(levels), daemon.logLevel) == std::end(levels)) {
        problems.add("daemon.log_level",
                     "must be one of trace, debug, info, warn, error; got " + quote(daemon.logLevel));
    }
}

} // namespace

extern const ConfigSection daemonSection{"daemon", false, &readTable<&OfficeConfig::daemon, daemonKeys>, nullptr,
                                         &checkDaemon};

} // namespace qmsd::config_detail
