#pragma once
// Names numbered as first met (a day's officers): the list in that order and
// a hash index to find a name again, since most event rows name one (a
// search with a string compare per name was a twentieth of a replay).
// Internal to the reports: DayReplay's officers and DayReader's.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qmsd::reports {

class NameNumbers {
  public:
    // `name`'s number: its place in `names`, where it is appended when first
    // met. The same list on every call until clear().
    int numberOf(std::string_view name, std::vector<std::string>& names) {
        if (auto it = index_.find(name); it != index_.end()) {
            return it->second;
        }
        int number = static_cast<int>(names.size());
        names.emplace_back(name);
        index_.emplace(names.back(), number);
        return number;
    }
    void clear() { index_.clear(); }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> index_;
};

} // namespace qmsd::reports
