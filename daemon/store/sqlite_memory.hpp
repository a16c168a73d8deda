#pragma once
// SQLite's page caches in a region of their own, set once at start-up.
//
// Each connection's page cache takes a heap block per 4 KiB page and gives
// them all back whenever another connection's commit makes its pages stale
// (the loop's reader after every group commit). Those blocks, taken between
// a busy day's ticket blocks and index tables, left the heap full of 4-16 KiB
// holes: at 53,000 tickets 8.6 MB of the 23.6 MB main heap was free, half of
// it in pages that could not be given back. With a fixed region of page slots
// the churn stays there, reused slot by slot, and the heap keeps only what
// lives. SQLite falls back to the heap when every slot is taken (a long
// report on two threads), so a small region is never wrong, only less tidy.
//
// Memory statistics are turned off too: they take a global mutex around
// every SQLite allocation, which the report threads and the writer share.
#include "core/result.hpp"

#include <cstddef>

namespace qmsd {

// The daemon's page slots: the writer's cache (512 KiB, 120 pages) and the
// loop's reader (at most 134 in use together in memory_bench) with room to
// spare; ~0.8 MiB. Benchmarks of the daemon's reports use as many.
constexpr std::size_t kSqlitePageSlots = 192;

// Before any connection is opened (SQLite refuses afterwards: the error says
// so). `slots` pages of up to 4 KiB (the store's page size).
Status configureSqliteMemory(std::size_t slots);

} // namespace qmsd
