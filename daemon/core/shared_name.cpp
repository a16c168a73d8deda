#include "core/shared_name.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <unordered_map>

namespace qmsd {

namespace {

// The texts in blocks of 1,024 that never move, found by number without a
// lock: a block's slot is written once, before any number in it is handed
// out, and a number reaches another thread only through that thread's own
// synchronisation (a posted handler, a lock). 4,096 blocks of 1,024 hold 4
// million names: a day's name and a few staff ids a day for thousands of years.
constexpr std::uint32_t kBlockSize = 1024;
constexpr std::uint32_t kBlocks = 4096;

struct Pool {
    std::mutex mutex;
    std::unique_ptr<std::string[]> blocks[kBlocks]; // block 0, slot 0: the empty text
    std::unordered_map<std::string_view, std::uint32_t> numbers; // views into the blocks
    std::uint32_t next = 1;
};

Pool& pool() {
    // Never destroyed: names in static objects may outlive any destruction order.
    static Pool* p = [] {
        auto* made = new Pool();
        made->blocks[0] = std::make_unique<std::string[]>(kBlockSize);
        return made;
    }();
    return *p;
}

} // namespace

std::uint32_t sharedTextNumber(std::string_view text) {
    if (text.empty()) {
        return 0; // every default SharedName: no lock, no hash
    }
    Pool& p = pool();
    std::lock_guard lock(p.mutex);
    if (auto it = p.numbers.find(text); it != p.numbers.end()) {
        return it->second;
    }
    const std::uint32_t number = p.next;
    if (number / kBlockSize >= kBlocks) {
        std::fputs("qmsd: more than 4 million distinct names; cannot go on\n", stderr);
        std::abort();
    }
    auto& block = p.blocks[number / kBlockSize];
    if (!block) {
        block = std::make_unique<std::string[]>(kBlockSize);
    }
    std::string& kept = block[number % kBlockSize];
    kept.assign(text);
    p.numbers.emplace(std::string_view(kept), number);
    ++p.next;
    return number;
}

const std::string& sharedTextOf(std::uint32_t number) {
    static Pool& p = pool();
    return p.blocks[number / kBlockSize][number % kBlockSize];
}

std::ostream& operator<<(std::ostream& out, const SharedName& name) { return out << name.str(); }

} // namespace qmsd
