// Reads the TOML file section by section (config_sections.cpp lists them; each
// config_section_*.cpp has a section's keyword table and checks) into a local
// OfficeConfig, checks the whole of it, and only then hands it over.
#include "config/config_loader.hpp"

#include "config/config_section.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qmsd {

std::string ConfigErrors::joined() const {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) {
            out += '\n';
        }
        out += line;
    }
    return out;
}

namespace {

using config_detail::ConfigSection;
using config_detail::Problems;
using config_detail::Reader;

void readSections(const toml::table& root, Reader& reader, OfficeConfig& config) {
    auto sections = config_detail::configSections();
    for (auto&& [name, value] : root) {
        std::string_view key = name.str();
        reader.problems().noteLine(std::string(key), config_detail::lineOf(value));
        auto it = std::find_if(sections.begin(), sections.end(),
                               [key](const ConfigSection* s) { return s->name == key; });
        if (it == sections.end()) {
            std::vector<std::string_view> known;
            for (const ConfigSection* s : sections) {
                known.push_back(s->name);
            }
            reader.unknownKey(value, std::string(key), known);
        } else {
            (*it)->read(reader, value, std::string(key), config);
        }
    }
    for (const ConfigSection* s : sections) {
        if (s->required && !root.contains(s->name)) {
            reader.problems().add(std::string(s->name), "required key is missing");
        }
    }
    for (const ConfigSection* s : sections) {
        if (s->complete != nullptr) {
            s->complete(root, config);
        }
    }
}

void checkSections(const OfficeConfig& config, Problems& problems) {
    for (const ConfigSection* s : config_detail::configSections()) {
        if (s->check != nullptr) {
            s->check(config, problems);
        }
    }
}

// The engine walks sessions in time order; the file may list them in any order
// (sorted only after the checks, whose messages use the file's indices).
void sortSessions(OfficeConfig& config) {
    for (auto& sessions : config.office.hours) {
        std::sort(sessions.begin(), sessions.end(),
                  [](const Session& a, const Session& b) { return a.openMinute < b.openMinute; });
    }
}

Error configError(const Problems& problems) {
    return makeError(ErrorCode::configInvalid, ConfigErrors{problems.formatted()}.joined());
}

} // namespace

Result<OfficeConfig> loadConfigText(const std::string& text, const std::string& sourceName) {
    Problems problems(sourceName);
    auto parsed = parseDocument(text, sourceName, problems);
    if (!parsed) {
        return configError(problems);
    }
    const toml::table& root = *parsed;
    OfficeConfig local;
    local.sourcePath = sourceName;
    Reader reader(problems);
    problems.noteLine("", 1);
    readSections(root, reader, local);
    checkSections(local, problems);
    if (!problems.empty()) {
        return configError(problems);
    }
    sortSessions(local);
    return local;
}

Result<OfficeConfig> loadConfigFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return makeError(ErrorCode::configInvalid, path + ": is a directory, not a config file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::configInvalid, path + ": cannot open: " + std::string(std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return makeError(ErrorCode::configInvalid, path + ": read error");
    }
    return loadConfigText(text.str(), path);
}

} // namespace qmsd
