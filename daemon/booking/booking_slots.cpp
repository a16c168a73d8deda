#include "booking/booking_slots.hpp"

#include <algorithm>

namespace qmsd {

std::vector<BookingSlot> slotsOfDay(const OfficeConfig& config, const OfficeClock& clock, const std::string& day) {
    std::vector<BookingSlot> out;
    if (!isValidDay(day) ||
        std::find(config.office.closedDates.begin(), config.office.closedDates.end(), day) !=
            config.office.closedDates.end()) {
        return out;
    }
    const int length = std::max(config.booking.slotMinutes, 1);
    int weekday = clock.local(clock.instantOf(day, 12 * 60)).weekday;
    for (const Session& s : config.office.hours[static_cast<std::size_t>(weekday)]) {
        for (int m = s.openMinute; m + length <= s.closeMinute; m += length) {
            out.push_back({m, m + length});
        }
    }
    std::sort(out.begin(), out.end(), [](const BookingSlot& a, const BookingSlot& b) { return a.minute < b.minute; });
    return out;
}

std::optional<BookingSlot> slotAt(const OfficeConfig& config, const OfficeClock& clock, const std::string& day,
                                  int minute) {
    for (const BookingSlot& s : slotsOfDay(config, clock, day)) {
        if (s.minute == minute) {
            return s;
        }
    }
    return std::nullopt;
}

std::optional<int> parseClockTime(const std::string& text) {
    if (text.size() != 5 || text[2] != ':') {
        return std::nullopt;
    }
    for (int i : {0, 1, 3, 4}) {
        if (text[static_cast<std::size_t>(i)] < '0' || text[static_cast<std::size_t>(i)] > '9') {
            return std::nullopt;
        }
    }
    int h = (text[0] - '0') * 10 + (text[1] - '0');
    int m = (text[3] - '0') * 10 + (text[4] - '0');
    if (h > 23 || m > 59) {
        return std::nullopt;
    }
    return h * 60 + m;
}

} // namespace qmsd
