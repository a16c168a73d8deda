#include "config/config_validate.hpp"

#include <arpa/inet.h>
#include <cctype>

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <utility>

namespace qmsd::config_detail {

int digitCount(long long value) {
    int digits = 1;
    for (value = value < 0 ? -value : value; value >= 10; value /= 10) {
        ++digits;
    }
    return digits;
}

namespace {

std::string quote(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

std::string twoDigits(int value) {
    return (value < 10 ? "0" : "") + std::to_string(value);
}

std::string hhmm(int minute) {
    return twoDigits(minute / 60) + ":" + twoDigits(minute % 60);
}

// "HH:MM" → minutes since midnight, or -1.
int parseTime(std::string_view text) {
    if (text.size() != 5 || text[2] != ':' || !isDigit(text[0]) || !isDigit(text[1]) ||
        !isDigit(text[3]) || !isDigit(text[4])) {
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

std::string parseSession(std::string_view text, Session& out) {
    auto dash = text.find('-');
    if (dash != 5 || text.size() != 11) {
        return "expected \"HH:MM-HH:MM\", got " + quote(text);
    }
    int open = parseTime(text.substr(0, 5));
    int close = parseTime(text.substr(6));
    if (open < 0 || close < 0) {
        return quote(open < 0 ? text.substr(0, 5) : text.substr(6)) +
               " is not a time between 00:00 and 24:00";
    }
    if (close <= open) {
        return "session " + quote(text) + " ends at or before its start";
    }
    out = Session{open, close};
    return {};
}

namespace {

// ---- value checks -----------------------------------------------------------

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

// Display names are free UTF-8 (toml++ already rejects malformed UTF-8), but
// must show something and not carry control characters onto a screen.
void checkText(const std::string& path, const std::string& text, Problems& problems) {
    if (text.empty()) {
        problems.add(path, "must not be empty");
    } else if (std::any_of(text.begin(), text.end(), [](char c) {
                   return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
               })) {
        problems.add(path, "contains a control character");
    }
}

// LED hardware shows only printable ASCII.
void checkAscii(const std::string& path, const std::string& text, Problems& problems) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte > 0x7e) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", byte);
            problems.add(path, "must be printable ASCII (LED displays), found byte " +
                                   std::string(hex) + " at offset " + std::to_string(i));
            return;
        }
    }
}

void checkAtLeast(const std::string& path, int value, int least, Problems& problems) {
    if (value < least) {
        problems.add(path, "must be at least " + std::to_string(least) + ", got " +
                               std::to_string(value));
    }
}

std::string display(const std::string& key) {
    return quote(key);
}
std::string display(int key) {
    return std::to_string(key);
}

// Reports every item whose key an earlier item already has.
template <typename T, typename KeyFn>
void checkUnique(const std::vector<T>& items, const std::string& section, std::string_view name,
                 KeyFn keyOf, Problems& problems) {
    std::map<std::decay_t<decltype(keyOf(items.front()))>, std::size_t> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto [it, inserted] = seen.emplace(keyOf(items[i]), i);
        if (!inserted) {
            std::string first = indexPath(section, it->second);
            problems.add(childPath(indexPath(section, i), name),
                         "duplicate " + std::string(name) + " " + display(it->first) + " (also " +
                             first + ", line " + std::to_string(problems.lineOf(first)) + ")");
        }
    }
}

// ---- sections ---------------------------------------------------------------

void checkDaemon(const DaemonSettings& daemon, Problems& problems) {
    checkText("daemon.data_dir", daemon.dataDir, problems);
    static const std::string_view levels[] = {"trace", "debug", "info", "warn", "error"};
    if (std::find(std::begin(levels), std::end(levels), daemon.logLevel) == std::end(levels)) {
        problems.add("daemon.log_level", "must be one of trace, debug, info, warn, error; got " +
                                             quote(daemon.logLevel));
    }
}

// Loading the zone database is slow and throws on an unknown name; that is
// acceptable here because config loading is start-up/reload code (STYLE.md 6).
void checkTimeZone(const std::string& zone, Problems& problems) {
    try {
        (void)date::locate_zone(zone);
    } catch (const std::exception&) {
        problems.add("office.time_zone", "unknown time zone " + quote(zone) +
                                             " (use an IANA name such as \"Asia/Ho_Chi_Minh\")");
    }
}

void checkClosedDate(const std::string& path, const std::string& text, Problems& problems) {
    bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
    for (std::size_t i = 0; shaped && i < text.size(); ++i) {
        shaped = i == 4 || i == 7 || isDigit(text[i]);
    }
    if (!shaped) {
        problems.add(path, "expected a date \"YYYY-MM-DD\", got " + quote(text));
        return;
    }
    using namespace std::chrono;
    year_month_day ymd{year{std::stoi(text.substr(0, 4))},
                       month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                       day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (!ymd.ok()) {
        problems.add(path, quote(text) + " is not a real date");
    }
}

// Sessions that failed to parse are zero-length placeholders and never overlap.
void checkOverlaps(const std::string& dayPath, const std::vector<Session>& sessions,
                   Problems& problems) {
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            const Session& a = sessions[i];
            const Session& b = sessions[j];
            if (a.openMinute < b.closeMinute && b.openMinute < a.closeMinute) {
                problems.add(indexPath(dayPath, i), "overlaps " + indexPath(dayPath, j) + " (" +
                                                        hhmm(b.openMinute) + "-" +
                                                        hhmm(b.closeMinute) + ")");
            }
        }
    }
}

void checkOffice(const OfficeSettings& office, Problems& problems) {
    checkText("office.name", office.name, problems);
    checkTimeZone(office.timeZone, problems);
    checkAtLeast("office.cutoff_minutes", office.cutoffMinutes, 0, problems);
    checkAtLeast("office.issue_early_minutes", office.issueEarlyMinutes, 0, problems);
    checkAtLeast("office.max_recalls", office.maxRecalls, 0, problems);
    checkAtLeast("office.priority_every", office.priorityEvery, 1, problems);
    for (std::size_t i = 0; i < office.closedDates.size(); ++i) {
        checkClosedDate(indexPath("office.closed_dates", i), office.closedDates[i], problems);
    }
    static const char* const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (std::size_t d = 0; d < office.hours.size(); ++d) {
        checkOverlaps(childPath("office.hours", days[d]), office.hours[d], problems);
    }
}

void checkNumbering(const std::string& path, const Numbering& n, Problems& problems) {
    checkAscii(path + ".prefix", n.prefix, problems);
    checkAtLeast(path + ".first", n.first, 0, problems);
    checkAtLeast(path + ".last", n.last, 0, problems);
    if (n.last >= 0 && digitCount(n.last) > 9) {
        problems.add(path + ".last", "must have at most 9 digits, got " + std::to_string(n.last));
    } else if (n.last >= 0 && (n.width < digitCount(n.last) || n.width > 9)) {
        problems.add(path + ".width", "must be between " + std::to_string(digitCount(n.last)) +
                                          " (the digits of last) and 9, got " +
                                          std::to_string(n.width));
    }
    if (n.first >= 0 && n.last >= 0 && n.first > n.last) {
        problems.add(path + ".first", "first (" + std::to_string(n.first) +
                                          ") is greater than last (" + std::to_string(n.last) +
                                          ")");
    }
}

void checkField(const std::string& path, const FieldConfig& field, Problems& problems) {
    checkId(path + ".id", field.id, problems);
    checkText(path + ".name", field.name, problems);
    checkText(path + ".name_ascii", field.nameAscii, problems);
    checkAscii(path + ".name_ascii", field.nameAscii, problems);
    checkNumbering(path, field.numbering, problems);
    checkAtLeast(path + ".target_wait_minutes", field.targetWaitMinutes, 1, problems);
    if (!(field.serviceLevelTarget > 0.0 && field.serviceLevelTarget < 1.0)) {
        problems.add(path + ".service_level", "must be between 0 and 1 (exclusive), got " +
                                                  std::to_string(field.serviceLevelTarget));
    }
    if (field.dailyQuota) {
        checkAtLeast(path + ".daily_quota", *field.dailyQuota, 1, problems);
    }
    if (field.cutoffMinutes) {
        checkAtLeast(path + ".cutoff_minutes", *field.cutoffMinutes, 0, problems);
    }
}

bool validRange(const Numbering& n) {
    return n.first >= 0 && n.first <= n.last;
}

std::string describeRange(const Numbering& n) {
    return std::to_string(n.first) + "-" + std::to_string(n.last) +
           (n.prefix.empty() ? std::string(" with no prefix") : " with prefix " + quote(n.prefix));
}

// Same prefix and overlapping numbers would print the same ticket code twice.
void checkPrefixClashes(const std::vector<FieldConfig>& fields, Problems& problems) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const Numbering& a = fields[i].numbering;
        for (std::size_t j = 0; j < i && validRange(a); ++j) {
            const Numbering& b = fields[j].numbering;
            if (validRange(b) && a.prefix == b.prefix && a.first <= b.last && b.first <= a.last) {
                std::string other = indexPath("field", j);
                problems.add(indexPath("field", i) + ".prefix",
                             "numbers " + describeRange(a) + " overlap " + other + " " +
                                 quote(fields[j].id) + " (" + describeRange(b) + ", line " +
                                 std::to_string(problems.lineOf(other)) +
                                 "): their tickets would look alike");
            }
        }
    }
}

void checkFields(const OfficeConfig& config, Problems& problems) {
    if (config.fields.empty()) {
        problems.add("field", "at least one [[field]] is required");
    }
    for (std::size_t i = 0; i < config.fields.size(); ++i) {
        checkField(indexPath("field", i), config.fields[i], problems);
    }
    checkUnique(
        config.fields, "field", "id", [](const FieldConfig& f) { return f.id; }, problems);
    checkPrefixClashes(config.fields, problems);
}

// A counter's or staff member's list of field ids.
void checkFieldList(const std::string& path, const std::vector<std::string>& ids,
                    const OfficeConfig& config, Problems& problems) {
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

void checkCounters(const OfficeConfig& config, Problems& problems) {
    if (config.counters.empty()) {
        problems.add("counter", "at least one [[counter]] is required");
    }
    for (std::size_t i = 0; i < config.counters.size(); ++i) {
        const CounterConfig& counter = config.counters[i];
        std::string path = indexPath("counter", i);
        if (counter.number < 1 || counter.number > 999) {
            problems.add(path + ".number",
                         "must be between 1 and 999, got " + std::to_string(counter.number));
        }
        checkText(path + ".name", counter.name, problems);
        checkFieldList(path + ".fields", counter.fields, config, problems);
    }
    checkUnique(
        config.counters, "counter", "number", [](const CounterConfig& c) { return c.number; },
        problems);
}

void checkStaff(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.staff.size(); ++i) {
        const StaffConfig& member = config.staff[i];
        std::string path = indexPath("staff", i);
        checkId(path + ".id", member.id, problems);
        checkText(path + ".name", member.name, problems);
        if (member.pinHash.rfind("$argon2", 0) != 0) {
            problems.add(path + ".pin_hash",
                         "is not an argon2 hash (expected \"$argon2id$...\" from `qmsd hash-pin`)");
        }
        checkFieldList(path + ".fields", member.fields, config, problems);
    }
    checkUnique(
        config.staff, "staff", "id", [](const StaffConfig& s) { return s.id; }, problems);
}

void checkApi(const ApiSettings& api, Problems& problems) {
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, api.bind.c_str(), &v4) != 1 &&
        ::inet_pton(AF_INET6, api.bind.c_str(), &v6) != 1) {
        problems.add("api.bind", "must be an IPv4 or IPv6 address, got " + quote(api.bind));
    }
    if (api.port < 1 || api.port > 65535) {
        problems.add("api.port", "must be between 1 and 65535, got " + std::to_string(api.port));
    }
    if (api.publicUrl.rfind("http://", 0) != 0 && api.publicUrl.rfind("https://", 0) != 0) {
        problems.add("api.public_url", "must start with http:// or https://");
    }
    checkAtLeast("api.max_connections", api.maxConnections, 1, problems);
    if (api.maxConnections >= 1 && (api.reservedConnections < 0 || api.reservedConnections >= api.maxConnections)) {
        problems.add("api.reserved_connections", "must be at least 0 and less than api.max_connections (" +
                                                     std::to_string(api.maxConnections) + "), got " +
                                                     std::to_string(api.reservedConnections));
    }
    checkAtLeast("api.max_connections_per_address", api.maxConnectionsPerAddress, 1, problems);
    checkAtLeast("api.max_streams_per_address", api.maxStreamsPerAddress, 1, problems);
    checkAtLeast("api.max_streams_per_ticket", api.maxStreamsPerTicket, 1, problems);
    checkAtLeast("api.header_timeout_seconds", api.headerTimeoutSeconds, 1, problems);
    for (std::size_t i = 0; i < api.allowedHosts.size(); ++i) {
        const std::string& h = api.allowedHosts[i];
        bool ok = !h.empty() && h.size() <= 253 && std::all_of(h.begin(), h.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
        });
        if (!ok) {
            problems.add("api.allowed_hosts[" + std::to_string(i) + "]",
                         "must be a host name (letters, digits, '-' and '.'), without scheme or port, got " +
                             quote(h));
        }
    }
    checkAtLeast("api.max_body_bytes", api.maxBodyBytes, 1024, problems);
    checkAtLeast("api.request_timeout_seconds", api.requestTimeoutSeconds, 1, problems);
    checkAtLeast("api.idle_timeout_seconds", api.idleTimeoutSeconds, 1, problems);
    checkAtLeast("api.kiosk_rate_per_minute", api.kioskRatePerMinute, 1, problems);
}

void checkClients(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.clients.size(); ++i) {
        const ClientConfig& client = config.clients[i];
        std::string path = indexPath("client", i);
        checkId(path + ".id", client.id, problems);
        const std::string& h = client.tokenHash;
        bool hex = h.size() == 8 + 64 && std::all_of(h.begin() + 8, h.end(), [](char c) {
                       return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                   });
        if (h.rfind("blake2b:", 0) != 0 || !hex) {
            problems.add(path + ".token_hash",
                         "is not a token hash (expected \"blake2b:<64 hex>\" from `qmsd hash-token`)");
        }
    }
    checkUnique(
        config.clients, "client", "id", [](const ClientConfig& c) { return c.id; }, problems);
}

// The bus types the driver registry knows (drivers/registry.cpp checks that
// each has a factory).
constexpr std::string_view kBusTypes[] = {"modbus_rtu", "modbus_tcp", "rs485_0107", "caller_ff68"};

// Keypad actions (daemon/devices/keypad_actions.cpp maps them to commands).
bool isKeyAction(const std::string& a) {
    static constexpr std::string_view actions[] = {"call_next", "next",  "recall", "start",
                                                   "finish",    "no_show", "park", "pause",
                                                   "resume",    "rate"};
    if (a.rfind("transfer:", 0) == 0) {
        return a.size() > 9;
    }
    return std::find(std::begin(actions), std::end(actions), a) != std::end(actions);
}

void checkBuses(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.buses.size(); ++i) {
        const BusConfig& b = config.buses[i];
        std::string path = indexPath("bus", i);
        checkId(path + ".id", b.id, problems);
        if (std::find(std::begin(kBusTypes), std::end(kBusTypes), b.type) == std::end(kBusTypes)) {
            problems.add(path + ".type", "unknown bus type " + quote(b.type) +
                                             " (known: modbus_rtu, modbus_tcp, rs485_0107, caller_ff68)");
        }
        bool tcp = b.type == "modbus_tcp";
        if (tcp && b.host.empty()) {
            problems.add(path + ".host", "a modbus_tcp bus needs the gateway's host");
        }
        if (!tcp && b.port.empty()) {
            problems.add(path + ".port", "a serial bus needs its port (e.g. /dev/serial/by-id/...)");
        }
        static constexpr int bauds[] = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
        if (!tcp && std::find(std::begin(bauds), std::end(bauds), b.baud) == std::end(bauds)) {
            problems.add(path + ".baud", "unsupported baud rate " + std::to_string(b.baud));
        }
        if (b.parity != "none" && b.parity != "even" && b.parity != "odd") {
            problems.add(path + ".parity", "must be none, even or odd");
        }
        if (b.dataBits < 7 || b.dataBits > 8) {
            problems.add(path + ".data_bits", "must be 7 or 8");
        }
        if (b.stopBits < 1 || b.stopBits > 2) {
            problems.add(path + ".stop_bits", "must be 1 or 2");
        }
        if (b.responseTimeoutMs < 20 || b.responseTimeoutMs > 5000) {
            problems.add(path + ".response_timeout_ms", "must be 20 to 5000 (100–300 suits RS-485)");
        }
        checkAtLeast(path + ".byte_timeout_ms", b.byteTimeoutMs, 1, problems);
        checkAtLeast(path + ".poll_interval_ms", b.pollIntervalMs, 10, problems);
        checkAtLeast(path + ".retry_backoff_ms", b.retryBackoffMs, 100, problems);
        if (b.probeIntervalMs != 0 && b.probeIntervalMs < 100) {
            problems.add(path + ".probe_interval_ms", "must be 0 (never) or at least 100");
        }
    }
    checkUnique(
        config.buses, "bus", "id", [](const BusConfig& b) { return b.id; }, problems);
}

void checkDevices(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.devices.size(); ++i) {
        const DeviceConfig& d = config.devices[i];
        std::string path = indexPath("device", i);
        checkId(path + ".id", d.id, problems);
        if (config.bus(d.bus) == nullptr) {
            problems.add(path + ".bus", "unknown bus " + quote(d.bus));
        }
        if (d.address < 0 || d.address > 247) {
            problems.add(path + ".address", "must be 0 to 247");
        }
        bool needsCounter = d.role != DeviceRole::mainBoard;
        if (needsCounter && config.counter(d.counter) == nullptr) {
            problems.add(path + ".counter", d.counter == 0 ? "this role needs the counter it belongs to"
                                                           : "unknown counter " + std::to_string(d.counter));
        }
        if (d.digits < 1 || d.digits > 64) {
            problems.add(path + ".digits", "must be 1 to 64");
        }
        if (d.lines < 0 || d.lines > 9) {
            problems.add(path + ".lines", "must be 1 to 9 (0 or absent: every line the board is sent)");
        } else if (d.lines != 0 && d.role != DeviceRole::mainBoard) {
            problems.add(path + ".lines", "only a main_board has lines");
        }
        for (const auto& [code, action] : d.keys) {
            if (!isKeyAction(action)) {
                problems.add(path + ".keys." + code,
                             "unknown action " + quote(action) +
                                 " (call_next, next, recall, start, finish, no_show, park, pause, resume, "
                                 "rate, transfer:<field>)");
            } else if (action.rfind("transfer:", 0) == 0 && config.field(action.substr(9)) == nullptr) {
                problems.add(path + ".keys." + code, "unknown field in " + quote(action));
            }
        }
    }
    checkUnique(
        config.devices, "device", "id", [](const DeviceConfig& d) { return d.id; }, problems);
}

// [[priority]] and [[pause_reason]] share their shape.
template <typename T>
void checkNamedList(const std::vector<T>& items, const std::string& section, Problems& problems) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        checkId(indexPath(section, i) + ".id", items[i].id, problems);
        checkText(indexPath(section, i) + ".name", items[i].name, problems);
    }
    checkUnique(
        items, section, "id", [](const T& item) { return item.id; }, problems);
}

} // namespace

void validateConfig(const OfficeConfig& config, Problems& problems) {
    checkDaemon(config.daemon, problems);
    checkOffice(config.office, problems);
    checkFields(config, problems);
    checkCounters(config, problems);
    checkStaff(config, problems);
    checkApi(config.api, problems);
    checkAtLeast("display.latest_calls", config.display.latestCalls, 1, problems);
    checkAtLeast("analytics.flag_check_seconds", config.analytics.flagCheckSeconds, 1, problems);
    if (config.analytics.flagCheckSeconds > 3600) {
        problems.add("analytics.flag_check_seconds", "must be at most 3600 (flags would go stale)");
    }
    checkAtLeast("voice.max_backlog", config.voice.maxBacklog, 0, problems);
    checkAtLeast("voice.max_wait_seconds", config.voice.maxWaitSeconds, 1, problems);
    if (config.voice.zeroTens != "linh" && config.voice.zeroTens != "le") {
        problems.add("voice.zero_tens", "must be \"linh\" or \"le\"");
    }
    if (config.voice.thousand != "nghin" && config.voice.thousand != "ngan") {
        problems.add("voice.thousand", "must be \"nghin\" or \"ngan\"");
    }
    if (config.voice.codeReading != "number" && config.voice.codeReading != "digits") {
        problems.add("voice.code_reading", "must be \"number\" or \"digits\"");
    }
    for (std::size_t i = 0; i < config.display.messages.size(); ++i) {
        checkText(indexPath("display.messages", i), config.display.messages[i], problems);
    }
    checkClients(config, problems);
    checkBuses(config, problems);
    checkDevices(config, problems);
    checkPrinters(config, problems);
    checkNamedList(config.priorities, "priority", problems);
    if (config.pauseReasons.empty()) {
        problems.add("pause_reason",
                     "must list at least one reason (leave it out for the defaults)");
    }
    checkNamedList(config.pauseReasons, "pause_reason", problems);
}

} // namespace qmsd::config_detail
