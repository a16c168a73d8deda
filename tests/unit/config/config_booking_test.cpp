// [booking] and the fields' booking keys: every bookable field gives at least
// one place a slot, and walk-ins always keep a share.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

namespace {

std::string bookableField(const std::string& keys) {
    return "[[field]]\nid = \"ho_tich\"\nname = \"Hộ tịch\"\nname_ascii = \"HO TICH\"\nprefix = \"A\"\n" + keys;
}

} // namespace

TEST_CASE("booking is off by default and reads every key", "[config][booking]") {
    CHECK_FALSE(requireValid("").booking.enabled);
    auto cfg = requireValid("[booking]\nenabled = true\ndays_ahead = 10\nslot_minutes = 20\nmin_notice_minutes = 60\n"
                            "checkin_early_minutes = 10\ncheckin_late_minutes = 5\nreminder_minutes = 90\n"
                            "per_address_per_hour = 3\n" +
                            bookableField("booking_capacity_per_hour = 12\nbooking_share = 0.25\n"));
    CHECK(cfg.booking.enabled);
    CHECK(cfg.booking.daysAhead == 10);
    CHECK(cfg.booking.slotMinutes == 20);
    CHECK(cfg.booking.minNoticeMinutes == 60);
    CHECK(cfg.booking.checkinEarlyMinutes == 10);
    CHECK(cfg.booking.checkinLateMinutes == 5);
    CHECK(cfg.booking.reminderMinutes == 90);
    CHECK(cfg.booking.perAddressPerHour == 3);
    const FieldConfig* f = cfg.field("ho_tich");
    REQUIRE(f != nullptr);
    CHECK(f->bookingCapacityPerHour == 12);
    CHECK(placesPerSlot(*f, cfg.booking) == 1); // 12 × 20/60 × 0.25
    CHECK(placesPerSlot(*cfg.field("tail"), cfg.booking) == 0);
}

TEST_CASE("booking settings that would squeeze walk-ins out or give no place are refused", "[config][booking]") {
    requireOneProblem(bookableField("booking_capacity_per_hour = 8\nbooking_share = 0.9\n"), 7,
                      "field[0].booking_share", "walk-ins");
    requireOneProblem("[booking]\nenabled = true\n" + bookableField("booking_capacity_per_hour = 2\n"), 8,
                      "field[0].booking_capacity_per_hour", "no place");
    requireOneProblem("[booking]\nslot_minutes = 2\n", 2, "booking.slot_minutes", "");
    requireOneProblem("[booking]\nreminder_minutes = 1440\n", 2, "booking.reminder_minutes", "");
    requireOneProblem("[booking]\ntext_reminder = \"Hẹn {when}\"\n", 2, "booking.text_reminder", "when");
}
