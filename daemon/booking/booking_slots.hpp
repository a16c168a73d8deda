#pragma once
// The slot grid of a day: on the office's open days (its weekly hours, not
// a closed date), inside each session, from its opening every slot_minutes
// while the slot ends by the session's close.
#include "booking/booking_book.hpp"
#include "clock/office_clock.hpp"
#include "config/office_config.hpp"
#include "core/result.hpp"

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
// Whether the slot at `minute` of `day` (one of slotsOfDay's) can still be
// booked at `at`: a day that can be booked (today and days_ahead − 1 after),
// at least min_notice_minutes ahead, and a place of the field left. The one
// rule the engine books by and the booking page shows slots open by.
Status slotBookable(const OfficeConfig& config, const OfficeClock& clock, const BookingBook& book,
                    const std::string& field, const std::string& day, int minute, TimePoint at);
// 0 = Monday … 6 = Sunday, of a "YYYY-MM-DD".
int weekdayOf(const OfficeClock& clock, const std::string& day);
// "HH:MM" → minutes after midnight; nullopt when it is not a time of day.
std::optional<int> parseClockTime(const std::string& text);

} // namespace qmsd
