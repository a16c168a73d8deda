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
    for (const Session& s : config.office.hours[static_cast<std::size_t>(weekdayOf(clock, day))]) {
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

int weekdayOf(const OfficeClock& clock, const std::string& day) {
    return clock.local(clock.instantOf(day, 12 * 60)).weekday; // noon: never in a DST gap
}

Status slotBookable(const OfficeConfig& config, const OfficeClock& clock, const BookingBook& book,
                    const std::string& field, const std::string& day, int minute, TimePoint at) {
    const BookingSettings& settings = config.booking;
    const std::string when = day + " " + minuteText(minute);
    const std::string today = clock.localDay(at);
    const std::string last = addDays(today, settings.daysAhead - 1);
    if (day < today || day > last) {
        return makeError(ErrorCode::slotClosed, "appointments can be made from " + today + " to " + last);
    }
    if (clock.instantOf(day, minute) < at + std::chrono::minutes{settings.minNoticeMinutes}) {
        return makeError(ErrorCode::slotClosed, when + " is past or starts in less than " +
                                                    std::to_string(settings.minNoticeMinutes) + " minutes");
    }
    const FieldConfig* f = config.field(field);
    const int places = f != nullptr ? placesPerSlot(*f, settings) : 0;
    if (book.taken(field, day, minute) >= places) {
        return makeError(ErrorCode::slotFull, when + " in '" + field + "' has no place left (" +
                                                  std::to_string(places) + " a slot)");
    }
    return Ok{};
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
