#pragma once
// Converts instants to the office's local calendar. Every day boundary, opening
// hour and report bucket in qmsd goes through here, never through UTC.
#include "core/result.hpp"
#include "core/time.hpp"

#include <optional>
#include <string>

namespace date {
class time_zone;
}

namespace qmsd {

struct LocalTime {
    std::string day; // "YYYY-MM-DD"
    int minuteOfDay = 0;
    int weekday = 0; // 0 = Monday … 6 = Sunday
    int secondOfDay = 0;
};

class OfficeClock {
  public:
    // Looks the zone up in the system tz database (tzdata). Fails for unknown names.
    static Result<OfficeClock> forZone(const std::string& zoneName);

    LocalTime local(TimePoint t) const;
    std::string localDay(TimePoint t) const { return local(t).day; }
    // The first instant of the next local day after t.
    TimePoint nextMidnight(TimePoint t) const;
    // The instant of a local wall-clock time ("YYYY-MM-DD", minute of day). In a DST
    // gap the later instant is taken, in an overlap the earlier.
    TimePoint instantOf(const std::string& day, int minuteOfDay) const;
    // "HH:MM" in local time.
    std::string formatHourMinute(TimePoint t) const;
    // ISO 8601 with the office's offset: "2026-11-23T08:15:02+07:00".
    std::string formatIso(TimePoint t) const;
    // "YYYY-MM-DD HH:MM:SS" in local time.
    std::string formatDateTime(TimePoint t) const;
    const std::string& zoneName() const { return name_; }

  private:
    OfficeClock(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
    const date::time_zone* zone_;
    std::string name_;
};

// "YYYY-MM-DD" as a calendar day; nullopt when it is not a real date. The
// one reader of a day's text (the reports' weeks and months use it too).
std::optional<std::chrono::sys_days> calendarDay(const std::string& day);
// A calendar day as "YYYY-MM-DD".
std::string dayText(std::chrono::sys_days day);
// Parses "YYYY-MM-DD"; false if it is not a real date.
bool isValidDay(const std::string& day);
// The day after "YYYY-MM-DD".
std::string nextDay(const std::string& day);
// The day `days` after (or, negative, before) "YYYY-MM-DD".
std::string addDays(const std::string& day, int days);

} // namespace qmsd
