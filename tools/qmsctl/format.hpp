#pragma once
// Turning API values into table cells: absent values as "-", times as the
// office's local clock, durations in minutes.
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace qmsctl {

// object[key], or null when it is absent or `object` is no object: the
// const operator[] of nlohmann-json must not meet a missing key.
const nlohmann::json& member(const nlohmann::json& object, const char* key);

// A string as is, a number in decimal, null or absent as "-".
std::string cell(const nlohmann::json& value);
// The member `key` of an object, as cell() shows it.
std::string cell(const nlohmann::json& object, const char* key);

// "2026-11-23T08:15:02+07:00" → "08:15" (HH:MM:SS with seconds): the
// office's local time, which is what the string carries. "-" for null.
std::string clockTime(const nlohmann::json& iso, bool seconds = false);

// Seconds since the epoch of an ISO 8601 time with offset.
std::optional<long long> epochSeconds(const std::string& iso);

// 75 → "1m15s", 3700 → "1h01m"; "-" for null.
std::string duration(const nlohmann::json& seconds);

// One CSV field (RFC 4180): quoted when it holds a comma, quote or newline.
std::string csvField(const std::string& text);

} // namespace qmsctl
