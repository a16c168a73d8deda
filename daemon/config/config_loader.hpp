#pragma once
// Reads an office TOML file into a fresh OfficeConfig, validates it whole, and
// only then hands it over: a bad file never touches the running config.
#include "config/office_config.hpp"
#include "core/result.hpp"

#include <string>

namespace qmsd {

// Every problem found, one per line, each "FILE:LINE: key: what is wrong".
struct ConfigErrors {
    std::vector<std::string> lines;
    std::string joined() const;
};

Result<OfficeConfig> loadConfigFile(const std::string& path);
Result<OfficeConfig> loadConfigText(const std::string& text, const std::string& sourceName);

} // namespace qmsd
