#pragma once
// Internal to daemon/config: the TOML side of the loader. A section file
// (config_section_*.cpp) describes its keys in a keyword table of Key<T> rows
// (Kea style) and the Reader walks a TOML table with it: every key is known
// and typed, anything else is a problem with its line.
#include "config/config_problems.hpp"
#include "config/office_config.hpp"

// Debian ships toml++ as a compiled library; the CMake target also sets this.
#ifndef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 0
#endif
#include <toml++/toml.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace qmsd::config_detail {

class Reader;

// One row of a keyword table: the TOML key, whether it must be present, and
// how to read its value into T.
template <typename T> struct Key {
    std::string_view name;
    bool required;
    void (*read)(Reader&, const toml::node&, const std::string& path, T& out);
};

// One accepted spelling of an enum value: {"kiosk", ClientRole::kiosk}.
template <typename E> struct Choice {
    std::string_view name;
    E value;
};

int lineOf(const toml::node& node);

// The document's TOML table, or nothing with its one syntax error (toml++
// stops at the first) added to `problems` with its line and column.
std::optional<toml::table> parseDocument(const std::string& text, const std::string& sourceName, Problems& problems);
std::string_view typeName(toml::node_type type);

class Reader {
  public:
    explicit Reader(Problems& problems) : problems_(problems) {}
    Problems& problems() { return problems_; }

    void wrongType(const toml::node& node, const std::string& path, std::string_view expected);

    bool get(const toml::node& node, const std::string& path, std::string& out);
    bool get(const toml::node& node, const std::string& path, int& out);
    void get(const toml::node& node, const std::string& path, std::optional<int>& out);
    // An integer is accepted too, so `service_level = 1` gets the range message.
    void get(const toml::node& node, const std::string& path, double& out);
    void get(const toml::node& node, const std::string& path, bool& out);
    // Elements of the wrong type stay as "" so indices keep matching the file.
    void get(const toml::node& node, const std::string& path, std::vector<std::string>& out);
    void get(const toml::node& node, const std::string& path, std::vector<int>& out);
    // An inline table of strings: keys = { "1" = "call_next", "0x0C" = "recall" }.
    void get(const toml::node& node, const std::string& path, std::map<std::string, std::string>& out);

    template <typename E>
    void getEnum(const toml::node& node, const std::string& path, std::span<const Choice<E>> choices, E& out) {
        std::string text;
        if (!get(node, path, text)) {
            return;
        }
        for (const auto& c : choices) {
            if (c.name == text) {
                out = c.value;
                return;
            }
        }
        std::vector<std::string_view> names;
        for (const auto& c : choices) {
            names.push_back(c.name);
        }
        badChoice(path, names, text);
    }

    // A [table] read with its keyword table.
    template <typename T, std::size_t N>
    void table(const toml::node& node, const std::string& path, const Key<T> (&keys)[N], T& out) {
        const auto* entries = node.as_table();
        if (entries == nullptr) {
            return wrongType(node, path, "a table");
        }
        for (auto&& [name, value] : *entries) {
            std::string_view keyName = name.str(); // clang < 16 cannot capture a binding
            std::string keyPath = childPath(path, keyName);
            problems_.noteLine(keyPath, lineOf(value));
            const auto* key = std::find_if(std::begin(keys), std::end(keys),
                                           [keyName](const Key<T>& k) { return k.name == keyName; });
            if (key == std::end(keys)) {
                std::vector<std::string_view> known;
                for (const Key<T>& k : keys) {
                    known.push_back(k.name);
                }
                unknownKey(value, keyPath, known);
            } else {
                key->read(*this, value, keyPath, out);
            }
        }
        for (const Key<T>& key : keys) {
            if (key.required && !entries->contains(key.name)) {
                problems_.add(childPath(path, key.name), "required key is missing");
            }
        }
    }

    // [[section]]: each element is read by readOne into a new T.
    template <typename T, typename ReadOne>
    void tables(const toml::node& node, const std::string& path, std::vector<T>& out, ReadOne readOne) {
        const auto* items = node.as_array();
        if (items == nullptr) {
            return wrongType(node, path, "an array of tables ([[" + path + "]])");
        }
        for (std::size_t i = 0; i < items->size(); ++i) {
            std::string itemPath = indexPath(path, i);
            problems_.noteLine(itemPath, lineOf((*items)[i]));
            out.emplace_back();
            readOne(*this, (*items)[i], itemPath, out.back());
        }
    }

    // A key (or section) no table lists; `known` names the ones it does.
    void unknownKey(const toml::node& value, const std::string& path, const std::vector<std::string_view>& known);

  private:
    void badChoice(const std::string& path, const std::vector<std::string_view>& names, const std::string& got);

    Problems& problems_;
};

// Keyword-table readers: readInto<&T::member> reads one value into a member.
template <auto Member, typename T>
void readInto(Reader& reader, const toml::node& node, const std::string& path, T& out) {
    reader.get(node, path, out.*Member);
}

// readEnum<&T::member, kChoices> reads one of the spellings in kChoices.
template <auto Member, const auto& Choices, typename T>
void readEnum(Reader& reader, const toml::node& node, const std::string& path, T& out) {
    using E = std::remove_cvref_t<decltype(out.*Member)>;
    reader.getEnum<E>(node, path, std::span<const Choice<E>>(Choices), out.*Member);
}

// A [table] section of OfficeConfig: readTable<&OfficeConfig::api, apiKeys>.
template <auto Member, const auto& Keys>
void readTable(Reader& reader, const toml::node& node, const std::string& path, OfficeConfig& config) {
    reader.table(node, path, Keys, config.*Member);
}

// An [[array]] section whose elements are read with one keyword table.
template <auto Member, const auto& Keys>
void readTables(Reader& reader, const toml::node& node, const std::string& path, OfficeConfig& config) {
    reader.tables(node, path, config.*Member,
                  [](Reader& r, const toml::node& n, const std::string& p, auto& out) { r.table(n, p, Keys, out); });
}

} // namespace qmsd::config_detail
