#pragma once
// SQLite's page caches in a region of their own, set once at start-up.
//
// Each connection's page cache takes a heap block per 4 KiB page, up to
// 2 MB a connection, and gives them all back whenever another connection's
// commit makes its pages stale (the loop's reader after every group commit).
// At 53,000 tickets the commit thread's arena held 2.4 MB of them. With one
// region of page slots shared by every connection, the pages in use together
// (134 at memory_bench's busiest) are all there is, reused slot by slot.
// SQLite falls back to the heap when every slot is taken (a long report on
// two threads), so a small region is never wrong, only less tidy.
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
