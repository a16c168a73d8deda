#include "config/config_reader.hpp"

#include <climits>

namespace qmsd::config_detail {

int lineOf(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

std::optional<toml::table> parseDocument(const std::string& text, const std::string& sourceName, Problems& problems) {
    try {
        return toml::parse(std::string_view(text), std::string_view(sourceName));
    } catch (const toml::parse_error& err) {
        problems.addAt(static_cast<int>(err.source().begin.line), "",
                       "syntax error: " + std::string(err.description()) + " (column " +
                           std::to_string(err.source().begin.column) + ")");
        return std::nullopt;
    }
}

std::string_view typeName(toml::node_type type) {
    switch (type) {
    case toml::node_type::string:
        return "string";
    case toml::node_type::integer:
        return "integer";
    case toml::node_type::floating_point:
        return "float";
    case toml::node_type::boolean:
        return "boolean";
    case toml::node_type::date:
        return "date";
    case toml::node_type::time:
        return "time";
    case toml::node_type::date_time:
        return "date-time";
    case toml::node_type::array:
        return "array";
    case toml::node_type::table:
        return "table";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

void Reader::wrongType(const toml::node& node, const std::string& path, std::string_view expected) {
    problems_.add(path, "expected " + std::string(expected) + ", got " + std::string(typeName(node.type())));
}

bool Reader::get(const toml::node& node, const std::string& path, std::string& out) {
    if (const auto* text = node.as_string()) {
        out = text->get();
        return true;
    }
    wrongType(node, path, "a string");
    return false;
}

bool Reader::get(const toml::node& node, const std::string& path, int& out) {
    const auto* number = node.as_integer();
    if (number == nullptr) {
        wrongType(node, path, "an integer");
        return false;
    }
    if (number->get() < INT_MIN || number->get() > INT_MAX) {
        problems_.add(path, "integer out of range");
        return false;
    }
    out = static_cast<int>(number->get());
    return true;
}

void Reader::get(const toml::node& node, const std::string& path, std::optional<int>& out) {
    int value = 0;
    if (get(node, path, value)) {
        out = value;
    }
}

void Reader::get(const toml::node& node, const std::string& path, double& out) {
    if (const auto* real = node.as_floating_point()) {
        out = real->get();
    } else if (const auto* whole = node.as_integer()) {
        out = static_cast<double>(whole->get());
    } else {
        wrongType(node, path, "a number");
    }
}

void Reader::get(const toml::node& node, const std::string& path, bool& out) {
    if (const auto* b = node.as_boolean()) {
        out = b->get();
        return;
    }
    wrongType(node, path, "true or false");
}

void Reader::get(const toml::node& node, const std::string& path, std::vector<std::string>& out) {
    const auto* items = node.as_array();
    if (items == nullptr) {
        return wrongType(node, path, "an array of strings");
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        std::string itemPath = indexPath(path, i);
        problems_.noteLine(itemPath, lineOf((*items)[i]));
        out.emplace_back();
        get((*items)[i], itemPath, out.back());
    }
}

void Reader::get(const toml::node& node, const std::string& path, std::vector<int>& out) {
    const auto* items = node.as_array();
    if (items == nullptr) {
        return wrongType(node, path, "an array of integers");
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        std::string itemPath = indexPath(path, i);
        problems_.noteLine(itemPath, lineOf((*items)[i]));
        out.emplace_back();
        get((*items)[i], itemPath, out.back());
    }
}

void Reader::get(const toml::node& node, const std::string& path, std::map<std::string, std::string>& out) {
    const auto* entries = node.as_table();
    if (entries == nullptr) {
        return wrongType(node, path, "a table of strings");
    }
    for (auto&& [key, value] : *entries) {
        std::string itemPath = childPath(path, key.str());
        problems_.noteLine(itemPath, lineOf(value));
        get(value, itemPath, out[std::string(key.str())]);
    }
}

void Reader::unknownKey(const toml::node& value, const std::string& path,
                        const std::vector<std::string_view>& known) {
    std::string list;
    for (std::string_view k : known) {
        list += (list.empty() ? "" : ", ") + std::string(k);
    }
    bool section = value.is_table() || value.is_array_of_tables();
    problems_.add(path, std::string(section ? "unknown section" : "unknown key") + " (known: " + list + ")");
}

void Reader::badChoice(const std::string& path, const std::vector<std::string_view>& names,
                       const std::string& got) {
    std::string list;
    for (std::string_view n : names) {
        list += (list.empty() ? "\"" : " or \"") + std::string(n) + "\"";
    }
    problems_.add(path, "must be " + list + ", got \"" + got + "\"");
}

} // namespace qmsd::config_detail
