#pragma once
// The text of a citizen's SMS: what it costs (GSM-7 or UCS-2, how many
// parts), a diacritic-free form for gateways or budgets that need GSM-7, and
// the office's templates with their {placeholders}.
#include "core/result.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace qmsd {

// Whether every character is in the GSM 03.38 default alphabet, basic table
// or extension table (€ [ ] { } ^ ~ \ | and form feed). Invalid UTF-8 is not.
// A few accented letters are in it (à è é ì ò ù É), so "Vé" is GSM-7; a real
// Vietnamese sentence almost always has others (ờ, ố, đ) and is not.
bool isGsm7(std::string_view utf8);

struct SmsSize {
    bool unicode = false; // UCS-2 (UTF-16) rather than GSM-7
    int characters = 0;   // GSM-7 septets (extension characters count 2) or UTF-16 code units
    int parts = 1;        // messages the network sends and bills; an empty text is still one
};

// GSM-7: 160 septets in one message, 153 a part once concatenated (the user
// data header takes 7); UCS-2: 70 code units, 67 a part. An extension
// character's two septets, or a surrogate pair, never straddle two parts, as
// phones split them.
SmsSize smsSize(std::string_view utf8);

// The text with its diacritics dropped (qmsd::toAscii: "Mời số" → "Moi so",
// đ → d) and anything left outside GSM-7 replaced: '`' → '\'', a tab → ' ',
// other control characters and what toAscii cannot map → '?'. Always GSM-7.
std::string withoutDiacritics(std::string_view utf8);

// Replaces each {name} with its value. An unknown {name} stays as written, so
// a mistake shows in the message instead of vanishing; "{{" is a literal '{'.
// A '}' needs no escape. Values are inserted as they are, never re-read.
std::string fillTemplate(std::string_view tpl, const std::map<std::string, std::string>& values);

// For config validation: configInvalid naming the first placeholder not in
// `allowed`, or the first '{' that opens no placeholder (unclosed, empty, or
// a name with characters other than letters, digits and '_').
Status checkTemplate(std::string_view tpl, const std::set<std::string>& allowed);

// The default texts (Vietnamese, UTF-8 NFC); an office may configure its own.
namespace sms_defaults {
inline constexpr std::string_view called = "Mời số {code} đến {counter}. {office}";
inline constexpr std::string_view turnNear =
    "Sắp đến lượt số {code} ({field}): còn {ahead} người trước bạn. {office}";
inline constexpr std::string_view bookingConfirmed =
    "Đã đặt lịch {field} lúc {time} ngày {date}. Mã: {booking}. {office}";
inline constexpr std::string_view reminder =
    "Nhắc lịch hẹn {field} lúc {time} ngày {date}, mã {booking}. {office}";
} // namespace sms_defaults

} // namespace qmsd
