#pragma once
// Internal to daemon/config: the list of problems found in one config file.
// It remembers the line of every key path the TOML reader saw, so the checks
// that run later on plain structs (each section's checks) can still name the line.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qmsd::config_detail {

class Problems {
  public:
    explicit Problems(std::string sourceName);

    void noteLine(const std::string& path, int line);
    // A path never noted (a key left out) takes the line of its nearest parent.
    int lineOf(std::string_view path) const;
    // A problem under a path already reported is dropped: a wrong type or a
    // missing table is reported once, not again as every value derived from it.
    void add(const std::string& path, std::string what);
    void addAt(int line, const std::string& path, std::string what);
    bool empty() const { return items_.empty(); }
    // "FILE:LINE: path: what", in line order.
    std::vector<std::string> formatted() const;

  private:
    struct Item {
        int line;
        std::string path;
        std::string what;
    };
    bool covered(const std::string& path) const;

    std::string source_;
    std::unordered_map<std::string, int> lines_;
    std::vector<Item> items_;
};

// "field" + "id" → "field.id"; "" + "office" → "office"; "field", 3 → "field[3]".
std::string childPath(const std::string& parent, std::string_view key);
std::string indexPath(const std::string& parent, std::size_t index);

} // namespace qmsd::config_detail
