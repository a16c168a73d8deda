#pragma once
// Tables for Vietnamese text (vietnamese_tables.cpp is generated, see README.md).
#include <array>
#include <cstdint>
#include <vector>

namespace qmsd::escpos {

// A decomposed Vietnamese letter (zero-padded) and the precomposed letter it
// stands for. Both the full NFD form (e + U+0323 + U+0302) and the form
// Vietnamese keyboards type as "Unicode tổ hợp" (ê + U+0323) are listed.
struct Composition {
    std::array<std::uint32_t, 3> sequence;
    std::uint32_t composed;
};
extern const std::vector<Composition> kCompositions; // sorted by sequence

// A code point above U+007F and its Windows-1258 bytes: one byte, or a base
// letter followed by a combining tone mark (second != 0).
struct Cp1258Entry {
    std::uint32_t codePoint;
    std::uint8_t first;
    std::uint8_t second;
};
extern const std::vector<Cp1258Entry> kCp1258; // sorted by code point

} // namespace qmsd::escpos
