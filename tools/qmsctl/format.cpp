#include "format.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cmath>

namespace qmsctl {

namespace {

bool digits(const std::string& s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(s.data() + at, s.data() + at + n, out);
    return ec == std::errc{} && ptr == s.data() + at + n;
}

} // namespace

const nlohmann::json& member(const nlohmann::json& object, const char* key) {
    static const nlohmann::json null;
    if (!object.is_object()) {
        return null;
    }
    auto it = object.find(key);
    return it == object.end() ? null : *it;
}

std::string cell(const nlohmann::json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_null()) {
        return "-";
    }
    if (value.is_number_float()) {
        return std::to_string(std::lround(value.get<double>()));
    }
    if (value.is_array()) {
        std::string out;
        for (const auto& item : value) {
            out += (out.empty() ? "" : ",") + cell(item);
        }
        return out.empty() ? "-" : out;
    }
    return value.dump();
}

std::string cell(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) {
        return "-";
    }
    auto it = object.find(key);
    return it == object.end() ? "-" : cell(*it);
}

std::string clockTime(const nlohmann::json& iso, bool seconds) {
    if (!iso.is_string()) {
        return "-";
    }
    const auto& s = iso.get_ref<const std::string&>();
    if (s.size() < 19 || s[10] != 'T') {
        return s;
    }
    return s.substr(11, seconds ? 8 : 5);
}

std::optional<long long> epochSeconds(const std::string& iso) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(iso, 0, 4, y) || !digits(iso, 5, 2, mo) || !digits(iso, 8, 2, d) ||
        !digits(iso, 11, 2, h) || !digits(iso, 14, 2, mi) || !digits(iso, 17, 2, sec)) {
        return std::nullopt;
    }
    std::size_t at = 19;
    if (at < iso.size() && iso[at] == '.') { // fractions: not sent today, harmless later
        while (++at < iso.size() && std::isdigit(static_cast<unsigned char>(iso[at])) != 0) {
        }
    }
    long long offset = 0;
    if (at < iso.size() && (iso[at] == '+' || iso[at] == '-')) {
        int oh = 0, om = 0;
        if (!digits(iso, at + 1, 2, oh) || !digits(iso, at + 4, 2, om)) {
            return std::nullopt;
        }
        offset = (iso[at] == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
    } else if (at >= iso.size() || iso[at] != 'Z') {
        return std::nullopt;
    }
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    long long days = sys_days{ymd}.time_since_epoch().count();
    return days * 86400 + h * 3600LL + mi * 60LL + sec - offset;
}

std::string duration(const nlohmann::json& seconds) {
    if (!seconds.is_number()) {
        return "-";
    }
    long long s = std::llround(seconds.get<double>());
    char buf[32];
    if (s < 3600) {
        std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
    }
    return buf;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (char c : text) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

} // namespace qmsctl
