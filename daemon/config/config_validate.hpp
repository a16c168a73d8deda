#pragma once
// Internal to daemon/config. The loader is split in two: config_loader.cpp walks
// the TOML tree (the only file that includes toml++, which is heavy to compile)
// and fills a local OfficeConfig; config_validate.cpp checks that plain struct
// and needs no TOML. Both report into one Problems list (config_problems.hpp).
#include "config/config_problems.hpp"
#include "config/office_config.hpp"

#include <string>
#include <string_view>

namespace qmsd::config_detail {

// Number of decimal digits: 0 → 1, 999 → 3.
int digitCount(long long value);

// Parses "HH:MM-HH:MM" (00:00–24:00, end after start). Returns "" on success,
// otherwise what is wrong.
std::string parseSession(std::string_view text, Session& out);

// [[printer]] and [printing] (config_printers.cpp).
void checkPrinters(const OfficeConfig& config, Problems& problems);

// [demo] (config_demo.cpp).
void checkDemo(const OfficeConfig& config, Problems& problems);

// Every check that needs the whole config rather than one value's type.
void validateConfig(const OfficeConfig& config, Problems& problems);

} // namespace qmsd::config_detail
