#include "core/shared_name.hpp"

#include <functional>
#include <mutex>
#include <ostream>
#include <unordered_set>

namespace qmsd {

namespace {

struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

} // namespace

const std::string* sharedText(std::string_view text) {
    static const std::string empty; // every default SharedName: no lock, no hash
    if (text.empty()) {
        return &empty;
    }
    static std::mutex mutex;
    // Never destroyed: names in static objects may outlive any destruction order.
    static auto* pool = new std::unordered_set<std::string, TextHash, std::equal_to<>>();
    std::lock_guard lock(mutex);
    auto it = pool->find(text);
    if (it == pool->end()) {
        it = pool->emplace(text).first;
    }
    return &*it;
}

std::ostream& operator<<(std::ostream& out, const SharedName& name) { return out << name.str(); }

} // namespace qmsd
