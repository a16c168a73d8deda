#pragma once
// A counter-plan change: "FIELD:WEEKDAYS:FROM-TO:+N", e.g.
//   dat_dai:mon:07:30-11:30:+1     one more counter for Đất đai on Monday mornings
//   "Hộ tịch:mon-fri:13-17:+2"     the field by its Vietnamese name, whole hours
//   chung_thuc:sat:07-12:-1        (or --remove chung_thuc:sat:07-12:1) one counter fewer
// Weekdays: mon tue wed thu fri sat sun, lists (mon,wed) and ranges (mon-fri).
// Times are local; FROM-TO is [FROM, TO).
#include "config/office_config.hpp"
#include "core/result.hpp"

#include <array>
#include <string>
#include <string_view>

namespace qmsd::replay {

struct PlanChange {
    std::string field;              // id
    std::array<bool, 7> weekdays{}; // [0] = Monday
    int fromMinute = 0;
    int toMinute = 0;
    int delta = 0;    // > 0 extra counters serving only `field`; < 0 counters taken away
    std::string text; // as given, for the output
};

// `removal`: from --remove, where "N" and "-N" both mean N counters fewer.
Result<PlanChange> parsePlanChange(std::string_view spec, bool removal, const OfficeConfig& cfg);

Result<std::array<bool, 7>> parseWeekdays(std::string_view text);

} // namespace qmsd::replay
