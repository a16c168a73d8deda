#pragma once
// One named spdlog logger per module ("daemon", "store", "config", ...), all
// writing to the same sinks with the same level.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace qmsd {

void initLogging(const std::string& level);
std::shared_ptr<spdlog::logger> moduleLogger(const std::string& name);
void setLogLevel(const std::string& level);
// The office every journal record names (OFFICE=); a no-op off the journal.
void setLogOffice(const std::string& office);

} // namespace qmsd
