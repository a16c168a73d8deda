#pragma once
// An enum's stable names (stored in SQLite and sent on the wire) as a table
// of {value, name} pairs, read both ways by the same two functions.
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

namespace qmsd {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
std::string_view nameOf(const NameTable<E, N>& table, E value, std::string_view otherwise = "unknown") {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return otherwise;
}

template <typename E, std::size_t N>
bool parseName(const NameTable<E, N>& table, std::string_view name, E& out) {
    for (const auto& [v, n] : table) {
        if (n == name) {
            out = v;
            return true;
        }
    }
    return false;
}

} // namespace qmsd
