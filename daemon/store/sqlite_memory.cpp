#include "store/sqlite_memory.hpp"

#include <sqlite3.h>

#include <sys/mman.h>

#include <string>

namespace qmsd {

namespace {

constexpr int kPageSize = 4096; // SQLite's default, and the store's

Status refused(const char* what, int rc) {
    return makeError(ErrorCode::storageFailed, std::string("SQLite refused ") + what + ": " + sqlite3_errstr(rc) +
                                                   " (it must be set before the first connection)");
}

} // namespace

Status configureSqliteMemory(std::size_t slots) {
    if (int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); rc != SQLITE_OK) {
        return refused("to turn off its memory statistics", rc);
    }
    if (slots == 0) {
        return Ok{};
    }
    int header = 0;
    if (int rc = sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header); rc != SQLITE_OK) {
        return refused("to tell its page header size", rc);
    }
    // A slot is a page and its header, kept 8-byte aligned.
    const std::size_t slotSize = (static_cast<std::size_t>(kPageSize + header) + 7) & ~std::size_t{7};
    // Its own mapping, never freed: SQLite keeps using it until the process ends.
    void* region = ::mmap(nullptr, slotSize * slots, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
        return makeError(ErrorCode::storageFailed, "no memory for SQLite's page cache region (" +
                                                       std::to_string(slotSize * slots / 1024) + " KiB)");
    }
    if (int rc = sqlite3_config(SQLITE_CONFIG_PAGECACHE, region, static_cast<int>(slotSize), static_cast<int>(slots));
        rc != SQLITE_OK) {
        ::munmap(region, slotSize * slots);
        return refused("its page cache region", rc);
    }
    return Ok{};
}

} // namespace qmsd
