#pragma once
// Internal to daemon/config: value checks shared by the section files. They
// work on the plain OfficeConfig structs, after the TOML is read, and name the
// key path; Problems adds the file and line.
#include "config/config_problems.hpp"
#include "config/office_config.hpp"

#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace qmsd::config_detail {

// Number of decimal digits: 0 → 1, 999 → 3.
int digitCount(long long value);

// Parses "HH:MM-HH:MM" (00:00–24:00, end after start). Returns "" on success,
// otherwise what is wrong.
std::string parseSession(std::string_view text, Session& out);
// Minutes since midnight as "HH:MM".
std::string hhmm(int minute);

std::string quote(std::string_view text);
bool isIdentifier(std::string_view text);
// Ids are [a-z0-9_]+.
void checkId(const std::string& path, const std::string& id, Problems& problems);
// Display names are free UTF-8 but must show something and carry no control characters.
void checkText(const std::string& path, const std::string& text, Problems& problems);
// LED hardware shows only printable ASCII.
void checkAscii(const std::string& path, const std::string& text, Problems& problems);
void checkAtLeast(const std::string& path, int value, int least, Problems& problems);
// low ≤ value ≤ high; `hint` (may be empty) says what is usual.
void checkRange(const std::string& path, int value, int low, int high, const std::string& hint,
                Problems& problems);
// A list of field ids (a counter's, a staff member's): known, not repeated, not empty.
void checkFieldList(const std::string& path, const std::vector<std::string>& ids, const OfficeConfig& config,
                    Problems& problems);

inline std::string displayKey(const std::string& key) { return quote(key); }
inline std::string displayKey(int key) { return std::to_string(key); }

// Reports every item whose key an earlier item already has, naming the first.
template <typename T, typename KeyFn>
void checkUnique(const std::vector<T>& items, const std::string& section, std::string_view name, KeyFn keyOf,
                 Problems& problems) {
    std::map<std::decay_t<decltype(keyOf(items.front()))>, std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto [it, inserted] = seen.emplace(keyOf(items[i]), i);
        if (!inserted) {
            std::string first = indexPath(section, it->second);
            problems.add(childPath(indexPath(section, i), name),
                         "duplicate " + std::string(name) + " " + displayKey(it->first) + " (also " + first +
                             ", line " + std::to_string(problems.lineOf(first)) + ")");
        }
    }
}

} // namespace qmsd::config_detail
