#include "config/config_checks.hpp"

#include <algorithm>
#include <cstdio>

namespace qmsd::config_detail {

int digitCount(long long value) {
    int digits = 1;
    for (value = value < 0 ? -value : value; value >= 10; value /= 10) {
        ++digits;
    }
    return digits;
}

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

std::string twoDigits(int value) {
    return (value < 10 ? "0" : "") + std::to_string(value);
}

// "HH:MM" → minutes since midnight, or -1.
int parseTime(std::string_view text) {
    if (text.size() != 5 || text[2] != ':' || !isDigit(text[0]) || !isDigit(text[1]) || !isDigit(text[3]) ||
        !isDigit(text[4])) {
        return -1;
    }
    int hour = (text[0] - '0') * 10 + (text[1] - '0');
    int minute = (text[3] - '0') * 10 + (text[4] - '0');
    if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) {
        return -1;
    }
    return hour * 60 + minute;
}

} // namespace

std::string hhmm(int minute) {
    return twoDigits(minute / 60) + ":" + twoDigits(minute % 60);
}

std::string parseSession(std::string_view text, Session& out) {
    auto dash = text.find('-');
    if (dash != 5 || text.size() != 11) {
        return "expected \"HH:MM-HH:MM\", got " + quote(text);
    }
    int open = parseTime(text.substr(0, 5));
    int close = parseTime(text.substr(6));
    if (open < 0 || close < 0) {
        return quote(open < 0 ? text.substr(0, 5) : text.substr(6)) + " is not a time between 00:00 and 24:00";
    }
    if (close <= open) {
        return "session " + quote(text) + " ends at or before its start";
    }
    out = Session{open, close};
    return {};
}

std::string quote(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

bool isIdentifier(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c) || c == '_';
    });
}

void checkId(const std::string& path, const std::string& id, Problems& problems) {
    if (!isIdentifier(id)) {
        problems.add(path, "must match [a-z0-9_]+, got " + quote(id));
    }
}

void checkText(const std::string& path, const std::string& text, Problems& problems) {
    if (text.empty()) {
        problems.add(path, "must not be empty");
    } else if (std::any_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        problems.add(path, "contains a control character");
    }
}

void checkAscii(const std::string& path, const std::string& text, Problems& problems) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte > 0x7e) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", byte);
            problems.add(path, "must be printable ASCII (LED displays), found byte " + std::string(hex) +
                                   " at offset " + std::to_string(i));
            return;
        }
    }
}

void checkAtLeast(const std::string& path, int value, int least, Problems& problems) {
    if (value < least) {
        problems.add(path, "must be at least " + std::to_string(least) + ", got " + std::to_string(value));
    }
}

void checkRange(const std::string& path, int value, int low, int high, const std::string& hint,
                Problems& problems) {
    if (value < low || value > high) {
        problems.add(path, "must be " + std::to_string(low) + " to " + std::to_string(high) +
                               (hint.empty() ? "" : " (" + hint + ")") + ", got " + std::to_string(value));
    }
}

void checkFieldList(const std::string& path, const std::vector<std::string>& ids, const OfficeConfig& config,
                    Problems& problems) {
    if (ids.empty()) {
        problems.add(path, "must list at least one field");
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::string itemPath = indexPath(path, i);
        if (config.field(ids[i]) == nullptr) {
            problems.add(itemPath, "unknown field " + quote(ids[i]));
        } else if (std::find(ids.begin(), ids.begin() + static_cast<long>(i), ids[i]) !=
                   ids.begin() + static_cast<long>(i)) {
            problems.add(itemPath, quote(ids[i]) + " is listed twice");
        }
    }
}

} // namespace qmsd::config_detail
