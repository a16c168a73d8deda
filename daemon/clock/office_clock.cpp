#include "clock/office_clock.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace qmsd {
namespace {

std::string formatDay(date::year_month_day ymd) {
    return dayText(std::chrono::sys_days{std::chrono::days{date::sys_days{ymd}.time_since_epoch().count()}});
}

bool parseDay(const std::string& text, date::year_month_day& out) {
    auto d = calendarDay(text);
    if (!d) {
        return false;
    }
    out = date::year_month_day{date::sys_days{date::days{d->time_since_epoch().count()}}};
    return true;
}

} // namespace

Result<OfficeClock> OfficeClock::forZone(const std::string& zoneName) {
    try {
        return OfficeClock{date::locate_zone(zoneName), zoneName};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::configInvalid, "unknown time zone '" + zoneName + "'");
    }
}

LocalTime OfficeClock::local(TimePoint t) const {
    auto lt = zone_->to_local(t);
    auto dayStart = date::floor<date::days>(lt);
    auto sinceMidnight = std::chrono::duration_cast<std::chrono::seconds>(lt - dayStart);
    LocalTime out;
    out.day = formatDay(date::year_month_day{dayStart});
    out.secondOfDay = static_cast<int>(sinceMidnight.count());
    out.minuteOfDay = out.secondOfDay / 60;
    // date::weekday: Sunday = 0; ours: Monday = 0.
    out.weekday = static_cast<int>((date::weekday{dayStart}.c_encoding() + 6) % 7);
    return out;
}

TimePoint OfficeClock::nextMidnight(TimePoint t) const {
    return instantOf(nextDay(localDay(t)), 0);
}

TimePoint OfficeClock::instantOf(const std::string& day, int minuteOfDay) const {
    date::year_month_day ymd{};
    if (!parseDay(day, ymd)) {
        return TimePoint{};
    }
    auto local = date::local_days{ymd} + std::chrono::minutes{minuteOfDay};
    auto info = zone_->get_info(local);
    date::sys_seconds sys{};
    switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous: // the earlier instant
        sys = date::sys_seconds{(local - info.first.offset).time_since_epoch()};
        break;
    case date::local_info::nonexistent: // in a gap: the first instant after it
        sys = info.second.begin;
        break;
    }
    return std::chrono::time_point_cast<Millis>(sys);
}

std::string OfficeClock::formatHourMinute(TimePoint t) const {
    auto lt = local(t);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", lt.minuteOfDay / 60, lt.minuteOfDay % 60);
    return buf;
}

std::string OfficeClock::formatDateTime(TimePoint t) const {
    auto lt = local(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", lt.day.c_str(), lt.secondOfDay / 3600,
                  (lt.secondOfDay / 60) % 60, lt.secondOfDay % 60);
    return buf;
}

std::string OfficeClock::formatIso(TimePoint t) const {
    auto lt = local(t);
    auto offset = std::chrono::duration_cast<std::chrono::minutes>(
                      zone_->get_info(std::chrono::time_point_cast<std::chrono::seconds>(t)).offset)
                      .count();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", lt.day.c_str(), lt.secondOfDay / 3600,
                  (lt.secondOfDay / 60) % 60, lt.secondOfDay % 60, offset < 0 ? '-' : '+',
                  static_cast<int>(std::abs(offset) / 60), static_cast<int>(std::abs(offset) % 60));
    return buf;
}

std::optional<std::chrono::sys_days> calendarDay(const std::string& day) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    char tail = 0; // "2026-1-051" is ten characters too: nothing may follow the day
    if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
        return std::nullopt;
    }
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    return ymd.ok() ? std::optional<std::chrono::sys_days>(std::chrono::sys_days{ymd}) : std::nullopt;
}

std::string dayText(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

bool isValidDay(const std::string& day) {
    date::year_month_day ymd{};
    return parseDay(day, ymd);
}

std::string nextDay(const std::string& day) { return addDays(day, 1); }

std::string addDays(const std::string& day, int days) {
    date::year_month_day ymd{};
    if (!parseDay(day, ymd)) {
        return day;
    }
    return formatDay(date::year_month_day{date::sys_days{ymd} + date::days{days}});
}

} // namespace qmsd
