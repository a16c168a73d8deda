#pragma once
// Office-local wall-clock text ↔ instants, for CSV cells and command-line
// arguments. Times carry no offset: they are read in the office's time zone.
#include "clock/office_clock.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

#include <string>
#include <string_view>

namespace qmsd::replay {

// "YYYY-MM-DD HH:MM[:SS[.fff]]", a 'T' allowed instead of the space.
Result<TimePoint> parseLocalDateTime(std::string_view text, const OfficeClock& clock);

// "HH" or "HH:MM" (also "HHhMM") → minute of day; 24:00 allowed as the end of a day.
Result<int> parseHourMinute(std::string_view text);

// "7:03.250": minutes, seconds and milliseconds of a duration in seconds.
std::string formatDuration(double seconds);

} // namespace qmsd::replay
