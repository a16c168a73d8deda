// [booking]: appointments (daemon/booking/README.md), and the fields' own
// booking keys checked against it: every bookable field must give at least
// one place a slot, and walk-ins always keep a share of each field.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"
#include "messages/sms_text.hpp"

#include <cmath>

namespace qmsd::config_detail {
namespace {

constexpr Key<BookingSettings> bookingKeys[] = {
    {"enabled", false, &readInto<&BookingSettings::enabled>},
    {"days_ahead", false, &readInto<&BookingSettings::daysAhead>},
    {"slot_minutes", false, &readInto<&BookingSettings::slotMinutes>},
    {"min_notice_minutes", false, &readInto<&BookingSettings::minNoticeMinutes>},
    {"checkin_early_minutes", false, &readInto<&BookingSettings::checkinEarlyMinutes>},
    {"checkin_late_minutes", false, &readInto<&BookingSettings::checkinLateMinutes>},
    {"reminder_minutes", false, &readInto<&BookingSettings::reminderMinutes>},
    {"per_address_per_hour", false, &readInto<&BookingSettings::perAddressPerHour>},
    {"text_confirmed", false, &readInto<&BookingSettings::textConfirmed>},
    {"text_reminder", false, &readInto<&BookingSettings::textReminder>},
};

void readBooking(Reader& reader, const toml::node& node, const std::string& path, OfficeConfig& config) {
    reader.table(node, path, bookingKeys, config.booking);
}

void checkBookingTemplate(const std::string& path, const std::string& text, Problems& problems) {
    if (text.empty()) {
        return;
    }
    if (auto st = checkTemplate(text, {"field", "time", "date", "booking", "office"}); !st) {
        problems.add(path, st.error().message);
    }
}

void checkBooking(const OfficeConfig& config, Problems& problems) {
    const BookingSettings& b = config.booking;
    checkRange("booking.days_ahead", b.daysAhead, 1, 90, "14 is usual", problems);
    checkRange("booking.slot_minutes", b.slotMinutes, 5, 120, "15 is usual", problems);
    checkRange("booking.min_notice_minutes", b.minNoticeMinutes, 0, 7 * 24 * 60, "30 is usual", problems);
    checkRange("booking.checkin_early_minutes", b.checkinEarlyMinutes, 0, 240, "20 is usual", problems);
    checkRange("booking.checkin_late_minutes", b.checkinLateMinutes, 0, 240, "15 is usual", problems);
    checkRange("booking.reminder_minutes", b.reminderMinutes, 0, 600, "120 is usual; 0 sends none (a reminder is sent on the day of the slot only)", problems);
    checkRange("booking.per_address_per_hour", b.perAddressPerHour, 1, 10000, "6 is usual", problems);
    checkBookingTemplate("booking.text_confirmed", b.textConfirmed, problems);
    checkBookingTemplate("booking.text_reminder", b.textReminder, problems);
    for (std::size_t i = 0; i < config.fields.size(); ++i) {
        const FieldConfig& f = config.fields[i];
        if (!f.bookingCapacityPerHour) {
            continue;
        }
        std::string path = indexPath("field", i);
        checkRange(path + ".booking_capacity_per_hour", *f.bookingCapacityPerHour, 1, 1000,
                   "the people this field serves an hour, all its counters together", problems);
        if (!(f.bookingShare > 0.0 && f.bookingShare <= 0.8)) {
            problems.add(path + ".booking_share",
                         "must be above 0 and at most 0.8, so walk-ins keep a share of the field; got " +
                             std::to_string(f.bookingShare));
        } else if (b.enabled && *f.bookingCapacityPerHour >= 1 && b.slotMinutes >= 5 &&
                   placesPerSlot(f, b) < 1) {
            problems.add(path + ".booking_capacity_per_hour",
                         "gives no place in a " + std::to_string(b.slotMinutes) + "-minute slot (" +
                             std::to_string(*f.bookingCapacityPerHour) + " an hour × " +
                             std::to_string(f.bookingShare) + "): raise it, the share or booking.slot_minutes");
        }
    }
}

} // namespace

extern const ConfigSection bookingSection{"booking", false, &readBooking, nullptr, &checkBooking};

} // namespace qmsd::config_detail
