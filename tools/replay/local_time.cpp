#include "local_time.hpp"

#include <cmath>
#include <cstdio>

namespace qmsd::replay {
namespace {

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

Error badTime(std::string_view text, const std::string& why) {
    return makeError(ErrorCode::invalidArgument, "'" + std::string(text) +
                                                     "' is not a local time " +
                                                     "YYYY-MM-DD HH:MM:SS (" + why + ")");
}

} // namespace

Result<TimePoint> parseLocalDateTime(std::string_view text, const OfficeClock& clock) {
    // 0123456789012345678
    // 2026-11-02 08:03:15.250
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (text.size() < 16 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, mo) ||
        text[7] != '-' || !digits(text, 8, 2, d) || (text[10] != ' ' && text[10] != 'T') ||
        !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi)) {
        return badTime(text, "wrong shape");
    }
    std::string day(text.substr(0, 10));
    if (!isValidDay(day)) {
        return badTime(text, "no such date");
    }
    std::size_t pos = 16;
    int ms = 0;
    if (pos < text.size() && text[pos] == ':') {
        if (!digits(text, pos + 1, 2, sec)) {
            return badTime(text, "seconds");
        }
        pos += 3;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
            ++pos;
            int scale = 100;
            std::size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                ms += (text[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) {
                return badTime(text, "fraction of a second");
            }
        }
    }
    if (pos != text.size()) {
        return badTime(text, "unexpected '" + std::string(text.substr(pos)) +
                                 "'; times are local, without an offset");
    }
    if (h > 23 || mi > 59 || sec > 59) {
        return badTime(text, "hour, minute or second out of range");
    }
    return clock.instantOf(day, h * 60 + mi) + std::chrono::seconds{sec} + Millis{ms};
}

Result<int> parseHourMinute(std::string_view text) {
    int h = 0, m = 0;
    std::size_t hourDigits = text.size() >= 2 && text[1] >= '0' && text[1] <= '9' ? 2 : 1;
    if (!digits(text, 0, hourDigits, h)) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + std::string(text) + "' is not an hour HH or HH:MM");
    }
    std::string_view rest = text.substr(hourDigits);
    if (!rest.empty()) {
        if ((rest[0] != ':' && rest[0] != 'h') || rest.size() != 3 || !digits(rest, 1, 2, m)) {
            return makeError(ErrorCode::invalidArgument,
                             "'" + std::string(text) + "' is not an hour HH or HH:MM");
        }
    }
    if (m > 59 || h * 60 + m > 24 * 60) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + std::string(text) + "' is not a time of day");
    }
    return h * 60 + m;
}

std::string formatDuration(double seconds) {
    auto ms = static_cast<long long>(std::llround(seconds * 1000.0));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lld:%02lld.%03lld", ms / 60000, (ms / 1000) % 60, ms % 1000);
    return buf;
}

} // namespace qmsd::replay
