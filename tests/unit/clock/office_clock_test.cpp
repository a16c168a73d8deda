// Local days and times from the tz database, never from UTC.
#include "clock/office_clock.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;

namespace {

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi) {
    using namespace std::chrono;
    auto days = sys_days{year{y} / month{mo} / day{d}};
    return time_point_cast<Millis>(days + hours{h} + minutes{mi});
}

} // namespace

TEST_CASE("Hồ Chí Minh City's day starts at 17:00 UTC the day before") {
    auto clock = OfficeClock::forZone("Asia/Ho_Chi_Minh");
    REQUIRE(clock.ok());
    CHECK(clock->localDay(utc(2026, 11, 23, 16, 59)) == "2026-11-23");
    CHECK(clock->localDay(utc(2026, 11, 23, 17, 0)) == "2026-11-24");
    auto lt = clock->local(utc(2026, 11, 23, 0, 30)); // 07:30 local, a Monday
    CHECK(lt.minuteOfDay == 7 * 60 + 30);
    CHECK(lt.weekday == 0);
    CHECK(clock->nextMidnight(utc(2026, 11, 23, 3, 0)) == utc(2026, 11, 23, 17, 0));
    CHECK(clock->instantOf("2026-11-24", 0) == utc(2026, 11, 23, 17, 0));
    CHECK(clock->formatHourMinute(utc(2026, 11, 23, 6, 5)) == "13:05");
    CHECK(clock->formatDateTime(utc(2026, 11, 23, 6, 5)) == "2026-11-23 13:05:00");
}

TEST_CASE("weekdays run Monday = 0 to Sunday = 6 in local time") {
    auto clock = *OfficeClock::forZone("Asia/Ho_Chi_Minh");
    CHECK(clock.local(utc(2026, 11, 29, 2, 0)).weekday == 6);  // Sunday 09:00 local
    CHECK(clock.local(utc(2026, 11, 29, 18, 0)).weekday == 0); // Monday 01:00 local
}

TEST_CASE("a zone with daylight saving: short and long days, gaps resolved forward") {
    auto clock = OfficeClock::forZone("Europe/Berlin");
    REQUIRE(clock.ok());
    // 2026-03-29 02:00 does not exist in Berlin: the first instant after the gap.
    CHECK(clock->instantOf("2026-03-29", 2 * 60 + 30) == utc(2026, 3, 29, 1, 0));
    // Midnight to midnight is 23 hours that day.
    auto start = clock->instantOf("2026-03-29", 0);
    CHECK(clock->nextMidnight(start) - start == std::chrono::hours{23});
}

TEST_CASE("unknown zones are refused by name") {
    auto clock = OfficeClock::forZone("Asia/Hanoi_Typo");
    REQUIRE_FALSE(clock.ok());
    CHECK(clock.error().message == "unknown time zone 'Asia/Hanoi_Typo'");
}

TEST_CASE("day strings: real dates only, and the day after") {
    CHECK(isValidDay("2024-02-29"));
    CHECK_FALSE(isValidDay("2026-02-29"));
    CHECK_FALSE(isValidDay("2026-13-01"));
    CHECK_FALSE(isValidDay("26-11-23"));
    CHECK_FALSE(isValidDay("2026-1-051")); // ten characters, but not a day
    CHECK(nextDay("2026-12-31") == "2027-01-01");
    // The reports' weeks and months read and write days the same way.
    REQUIRE(calendarDay("2026-11-23"));
    CHECK(dayText(*calendarDay("2026-11-23") + std::chrono::days{8}) == "2026-12-01");
    CHECK_FALSE(calendarDay("2026-1-051"));
    CHECK_FALSE(calendarDay("2026-02-30"));
}
