#pragma once
// The slot grid of a day: on the office's open days (its weekly hours, not
// a closed date), inside each session, from its opening every slot_minutes
// while the slot ends by the session's close.
#include "clock/office_clock.hpp"
#include "config/office_config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qmsd {

struct BookingSlot {
    int minute = 0;    // start, minutes after local midnight
    int endMinute = 0;
};

// Empty when the office is closed that day (or the day is not a date).
std::vector<BookingSlot> slotsOfDay(const OfficeConfig& config, const OfficeClock& clock, const std::string& day);
// The slot starting at `minute` that day, if there is one.
std::optional<BookingSlot> slotAt(const OfficeConfig& config, const OfficeClock& clock, const std::string& day,
                                  int minute);
// "HH:MM" → minutes after midnight; nullopt when it is not a time of day.
std::optional<int> parseClockTime(const std::string& text);

} // namespace qmsd
