#pragma once
// Instants are UTC milliseconds; everything local (days, opening hours) goes
// through OfficeClock so no day boundary is ever taken from UTC.
#include <chrono>
#include <cstdint>

namespace qmsd {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

inline TimePoint fromMillis(std::int64_t ms) { return TimePoint{Millis{ms}}; }
inline std::int64_t toMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint systemNow() {
    return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

} // namespace qmsd
