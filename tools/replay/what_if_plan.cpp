#include "what_if_plan.hpp"

#include "local_time.hpp"

#include <charconv>
#include <vector>

namespace qmsd::replay {
namespace {

constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int dayIndex(std::string_view name) {
    for (std::size_t i = 0; i < kDays.size(); ++i) {
        if (kDays[i] == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t from = 0;
    while (true) {
        std::size_t at = s.find(sep, from);
        out.push_back(
            s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) {
            return out;
        }
        from = at + 1;
    }
}

Error bad(std::string_view spec, const std::string& why) {
    return makeError(ErrorCode::invalidArgument, "plan change '" + std::string(spec) + "': " + why +
                                                     " (expected FIELD:WEEKDAYS:HH-HH:+N)");
}

} // namespace

Result<std::array<bool, 7>> parseWeekdays(std::string_view text) {
    std::array<bool, 7> out{};
    for (auto part : split(text, ',')) {
        auto range = split(part, '-');
        int from = dayIndex(range.front());
        int to = dayIndex(range.back());
        if (range.size() > 2 || from < 0 || to < 0) {
            return makeError(ErrorCode::invalidArgument,
                             "'" + std::string(part) +
                                 "' is not a weekday (mon … sun) or a range mon-fri");
        }
        for (int d = from;; d = (d + 1) % 7) { // sat-mon wraps over Sunday
            out[static_cast<std::size_t>(d)] = true;
            if (d == to) {
                break;
            }
        }
    }
    return out;
}

Result<PlanChange> parsePlanChange(std::string_view spec, bool removal, const OfficeConfig& cfg) {
    auto parts = split(spec, ':');
    if (parts.size() < 4) {
        return bad(spec, "too few parts");
    }
    PlanChange c;
    c.text = std::string(spec);
    for (const auto& f : cfg.fields) {
        if (f.id == parts.front() || f.name == parts.front()) {
            c.field = f.id;
        }
    }
    if (c.field.empty()) {
        return bad(spec, "'" + std::string(parts.front()) + "' is no field id or name");
    }
    auto days = parseWeekdays(parts[1]);
    if (!days) {
        return bad(spec, days.error().message);
    }
    c.weekdays = *days;
    // The hours may hold colons themselves (07:30-11:30): everything between
    // the weekdays and the count.
    std::string_view hours = spec.substr(parts[0].size() + parts[1].size() + 2);
    hours = hours.substr(0, hours.size() - parts.back().size() - 1);
    auto ends = split(hours, '-');
    if (ends.size() != 2) {
        return bad(spec, "'" + std::string(hours) + "' is not FROM-TO");
    }
    auto from = parseHourMinute(ends[0]);
    auto to = parseHourMinute(ends[1]);
    if (!from || !to) {
        return bad(spec, (!from ? from.error() : to.error()).message);
    }
    if (*to <= *from) {
        return bad(spec, "the hours end before they start");
    }
    c.fromMinute = *from;
    c.toMinute = *to;
    std::string_view n = parts.back();
    bool plus = !n.empty() && n.front() == '+';
    bool minus = !n.empty() && n.front() == '-';
    if (plus || minus) {
        n.remove_prefix(1);
    }
    int count = 0;
    auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), count);
    if (ec != std::errc{} || p != n.data() + n.size() || count <= 0 || count > 50) {
        return bad(spec,
                   "'" + std::string(parts.back()) + "' is not a number of counters (+1 … +50)");
    }
    if (removal && plus) {
        return bad(spec, "--remove takes a count of counters to take away, not '+'");
    }
    if (!removal && !plus && !minus) {
        // Without a sign, "07:30-11:30" missing its count would read as 07:30-11, 30 counters.
        return bad(spec, "the count needs its sign: +N more counters or -N fewer");
    }
    c.delta = removal || minus ? -count : count;
    return c;
}

} // namespace qmsd::replay
