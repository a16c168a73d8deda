#pragma once
// Composing decomposed Vietnamese (vietnamese_tables.cpp is generated, see README.md).
// Windows-1258 bytes need no table of ours: glibc's iconv gives them.
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

} // namespace qmsd::escpos
