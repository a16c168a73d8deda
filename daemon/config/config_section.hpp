#pragma once
// Internal to daemon/config: one top-level TOML section ([office], [[field]],
// [[printer]]…). Each config_section_*.cpp file defines its sections — the
// keyword tables that read them and the checks that validate them — and
// config_sections.cpp lists them. A new section is a new file plus one line
// there (and its struct in office_config.hpp).
#include "config/config_reader.hpp"

#include <span>

namespace qmsd::config_detail {

struct ConfigSection {
    std::string_view name; // the TOML key
    bool required;
    // Reads the section's TOML node into the config (only when it is in the file).
    void (*read)(Reader&, const toml::node&, const std::string& path, OfficeConfig&);
    // Optional: after every section was read, whether or not this one was in
    // the file: defaults for a section left out, values derived from others.
    void (*complete)(const toml::table& root, OfficeConfig&);
    // Optional: checks on the plain structs; every section's runs, in list order.
    void (*check)(const OfficeConfig&, Problems&);
};

// Every section, in the order they are checked.
std::span<const ConfigSection* const> configSections();

} // namespace qmsd::config_detail
