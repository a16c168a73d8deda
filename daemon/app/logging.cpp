#include "app/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace qmsd {
namespace {

spdlog::sink_ptr& sharedSink() {
    static spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    return sink;
}

} // namespace

void initLogging(const std::string& level) {
    // Under systemd the journal adds its own timestamp; keep ours (local time)
    // for people reading a terminal or a file.
    sharedSink()->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v");
    setLogLevel(level);
}

std::shared_ptr<spdlog::logger> moduleLogger(const std::string& name) {
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    auto logger = std::make_shared<spdlog::logger>(name, sharedSink());
    logger->set_level(spdlog::get_level());
    spdlog::register_logger(logger);
    return logger;
}

void setLogLevel(const std::string& level) {
    auto lvl = spdlog::level::from_str(level);
    spdlog::set_level(lvl);
    spdlog::apply_all([lvl](const std::shared_ptr<spdlog::logger>& l) { l->set_level(lvl); });
}

} // namespace qmsd
