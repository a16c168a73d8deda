#pragma once
// Vietnamese phone numbers as citizens type them at the kiosk or on a booking
// form, brought to one national form ("0901234567") so the outbox, the store
// and the leader's list all compare the same string.
#include <optional>
#include <string>
#include <string_view>

namespace qmsd {

// "+84 90 123 4567", "84901234567", "0901.234.567", "(028) 3829 1234" →
// "0901234567" / "02838291234". Spaces, tabs, dots, dashes and parentheses
// are ignored; "+84" (also written "+84 (0)"), "84" or "0" must lead. Only
// allocated mobile prefixes (10 digits) and area codes (11 digits) pass;
// anything else, letters or over-long input included, is nullopt.
std::optional<std::string> normalizePhone(std::string_view input);

// Whether a normalized number is a mobile, i.e. can receive an SMS.
bool isMobile(std::string_view normalized);

// "0901234567" → "090****567": enough for a person to recognise their own
// number on a screen or a log line, not enough to call it. Anything shorter
// than a real number is all '*'.
std::string maskPhone(std::string_view normalized);

} // namespace qmsd
