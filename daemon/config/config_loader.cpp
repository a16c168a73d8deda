// Walks the TOML tree with one keyword table per TOML table (Kea style): every
// key is known, typed and read into a local OfficeConfig; anything else is a
// problem with its line. config_validate.cpp then checks values and references.
#include "config/config_loader.hpp"

#include "config/config_problems.hpp"
#include "config/config_validate.hpp"

// Debian ships toml++ as a compiled library; the CMake target also sets this.
#ifndef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 0
#endif
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

namespace qmsd {

std::string ConfigErrors::joined() const {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) {
            out += '\n';
        }
        out += line;
    }
    return out;
}

namespace {

using config_detail::childPath;
using config_detail::indexPath;
using config_detail::Problems;

std::string_view typeName(toml::node_type type) {
    switch (type) {
    case toml::node_type::string:
        return "string";
    case toml::node_type::integer:
        return "integer";
    case toml::node_type::floating_point:
        return "float";
    case toml::node_type::boolean:
        return "boolean";
    case toml::node_type::date:
        return "date";
    case toml::node_type::time:
        return "time";
    case toml::node_type::date_time:
        return "date-time";
    case toml::node_type::array:
        return "array";
    case toml::node_type::table:
        return "table";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

int lineOf(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

class Reader;

// One row of a keyword table: the TOML key, whether it must be present, and
// how to read its value into T.
template <typename T> struct Key {
    std::string_view name;
    bool required;
    void (*read)(Reader&, const toml::node&, const std::string& path, T& out);
};

class Reader {
  public:
    explicit Reader(Problems& problems) : problems_(problems) {}
    Problems& problems() { return problems_; }

    void wrongType(const toml::node& node, const std::string& path, std::string_view expected) {
        problems_.add(path, "expected " + std::string(expected) + ", got " +
                                std::string(typeName(node.type())));
    }

    bool get(const toml::node& node, const std::string& path, std::string& out) {
        if (const auto* text = node.as_string()) {
            out = text->get();
            return true;
        }
        wrongType(node, path, "a string");
        return false;
    }

    bool get(const toml::node& node, const std::string& path, int& out) {
        const auto* number = node.as_integer();
        if (number == nullptr) {
            wrongType(node, path, "an integer");
            return false;
        }
        if (number->get() < INT_MIN || number->get() > INT_MAX) {
            problems_.add(path, "integer out of range");
            return false;
        }
        out = static_cast<int>(number->get());
        return true;
    }

    void get(const toml::node& node, const std::string& path, std::optional<int>& out) {
        int value = 0;
        if (get(node, path, value)) {
            out = value;
        }
    }

    // An integer is accepted too, so `service_level = 1` gets the range message.
    void get(const toml::node& node, const std::string& path, double& out) {
        if (const auto* real = node.as_floating_point()) {
            out = real->get();
        } else if (const auto* whole = node.as_integer()) {
            out = static_cast<double>(whole->get());
        } else {
            wrongType(node, path, "a number");
        }
    }

    // Elements of the wrong type stay as "" so indices keep matching the file.
    void get(const toml::node& node, const std::string& path, std::vector<std::string>& out) {
        const auto* items = node.as_array();
        if (items == nullptr) {
            return wrongType(node, path, "an array of strings");
        }
        for (std::size_t i = 0; i < items->size(); ++i) {
            std::string itemPath = indexPath(path, i);
            problems_.noteLine(itemPath, lineOf((*items)[i]));
            out.emplace_back();
            get((*items)[i], itemPath, out.back());
        }
    }

    // An inline table of strings: keys = { "1" = "call_next", "0x0C" = "recall" }.
    void get(const toml::node& node, const std::string& path, std::map<std::string, std::string>& out) {
        const auto* entries = node.as_table();
        if (entries == nullptr) {
            return wrongType(node, path, "a table of strings");
        }
        for (auto&& [key, value] : *entries) {
            std::string itemPath = childPath(path, key.str());
            problems_.noteLine(itemPath, lineOf(value));
            get(value, itemPath, out[std::string(key.str())]);
        }
    }

    void get(const toml::node& node, const std::string& path, DeviceRole& out) {
        getEnum(node, path,
                {{"counter_display", DeviceRole::counterDisplay},
                 {"main_board", DeviceRole::mainBoard},
                 {"keypad", DeviceRole::keypad},
                 {"rating", DeviceRole::rating}},
                out);
    }

    void get(const toml::node& node, const std::string& path, bool& out) {
        if (const auto* b = node.as_boolean()) {
            out = b->get();
            return;
        }
        wrongType(node, path, "true or false");
    }

    void get(const toml::node& node, const std::string& path, CallPolicy& out) {
        getEnum(
            node, path,
            {{"longest_wait", CallPolicy::longestWait}, {"field_order", CallPolicy::fieldOrder}},
            out);
    }

    void get(const toml::node& node, const std::string& path, ClientRole& out) {
        getEnum(node, path,
                {{"kiosk", ClientRole::kiosk},
                 {"display", ClientRole::display},
                 {"leader", ClientRole::leader},
                 {"admin", ClientRole::admin}},
                out);
    }

    void get(const toml::node& node, const std::string& path, PrinterTransport& out) {
        getEnum(node, path,
                {{"usb", PrinterTransport::usb},
                 {"serial", PrinterTransport::serial},
                 {"tcp", PrinterTransport::tcp}},
                out);
    }

    void get(const toml::node& node, const std::string& path, PrinterTextMode& out) {
        getEnum(node, path,
                {{"raster", PrinterTextMode::raster},
                 {"codepage", PrinterTextMode::codepage},
                 {"ascii", PrinterTextMode::ascii}},
                out);
    }

    void get(const toml::node& node, const std::string& path, PrinterQrMode& out) {
        getEnum(node, path, {{"native", PrinterQrMode::native}, {"raster", PrinterQrMode::raster}},
                out);
    }

    void get(const toml::node& node, const std::string& path, PrinterCut& out) {
        getEnum(node, path, {{"partial", PrinterCut::partial}, {"full", PrinterCut::full}}, out);
    }

    void get(const toml::node& node, const std::string& path, PriorityRule& out) {
        getEnum(node, path, {{"strict", PriorityRule::strict}, {"every_n", PriorityRule::everyN}},
                out);
    }

    template <typename T, std::size_t N>
    void table(const toml::node& node, const std::string& path, const Key<T> (&keys)[N], T& out) {
        const auto* entries = node.as_table();
        if (entries == nullptr) {
            return wrongType(node, path, "a table");
        }
        for (auto&& [name, value] : *entries) {
            std::string_view keyName = name.str(); // clang < 16 cannot capture a binding
            std::string keyPath = childPath(path, keyName);
            problems_.noteLine(keyPath, lineOf(value));
            const auto* key =
                std::find_if(std::begin(keys), std::end(keys),
                             [keyName](const Key<T>& k) { return k.name == keyName; });
            if (key == std::end(keys)) {
                unknownKey(value, keyPath, keys);
            } else {
                key->read(*this, value, keyPath, out);
            }
        }
        for (const Key<T>& key : keys) {
            if (key.required && !entries->contains(key.name)) {
                problems_.add(childPath(path, key.name), "required key is missing");
            }
        }
    }

    // [[section]]: each element is read by readOne into a new T.
    template <typename T, typename ReadOne>
    void tables(const toml::node& node, const std::string& path, std::vector<T>& out,
                ReadOne readOne) {
        const auto* items = node.as_array();
        if (items == nullptr) {
            return wrongType(node, path, "an array of tables ([[" + path + "]])");
        }
        for (std::size_t i = 0; i < items->size(); ++i) {
            std::string itemPath = indexPath(path, i);
            problems_.noteLine(itemPath, lineOf((*items)[i]));
            out.emplace_back();
            readOne(*this, (*items)[i], itemPath, out.back());
        }
    }

  private:
    template <typename E>
    void getEnum(const toml::node& node, const std::string& path,
                 std::initializer_list<std::pair<std::string_view, E>> choices, E& out) {
        std::string text;
        if (!get(node, path, text)) {
            return;
        }
        std::string names;
        for (const auto& [name, value] : choices) {
            if (name == text) {
                out = value;
                return;
            }
            names += (names.empty() ? "\"" : " or \"") + std::string(name) + "\"";
        }
        problems_.add(path, "must be " + names + ", got \"" + text + "\"");
    }

    template <typename T, std::size_t N>
    void unknownKey(const toml::node& value, const std::string& path, const Key<T> (&keys)[N]) {
        std::string known;
        for (const Key<T>& key : keys) {
            known += (known.empty() ? "" : ", ") + std::string(key.name);
        }
        bool section = value.is_table() || value.is_array_of_tables();
        problems_.add(path, std::string(section ? "unknown section" : "unknown key") +
                                " (known: " + known + ")");
    }

    Problems& problems_;
};

// Keyword-table readers: readInto<&T::member> reads one value into a member.
template <auto Member, typename T>
void readInto(Reader& reader, const toml::node& node, const std::string& path, T& out) {
    reader.get(node, path, out.*Member);
}

template <auto Member>
void readNumbering(Reader& reader, const toml::node& node, const std::string& path,
                   FieldConfig& out) {
    reader.get(node, path, out.numbering.*Member);
}

void readHours(Reader& reader, const toml::node& node, const std::string& path,
               OfficeSettings& out);

constexpr Key<DaemonSettings> daemonKeys[] = {
    {"data_dir", false, &readInto<&DaemonSettings::dataDir>},
    {"log_level", false, &readInto<&DaemonSettings::logLevel>},
};

constexpr Key<ApiSettings> apiKeys[] = {
    {"bind", false, &readInto<&ApiSettings::bind>},
    {"port", false, &readInto<&ApiSettings::port>},
    {"public_url", false, &readInto<&ApiSettings::publicUrl>},
    {"max_connections", false, &readInto<&ApiSettings::maxConnections>},
    {"reserved_connections", false, &readInto<&ApiSettings::reservedConnections>},
    {"max_connections_per_address", false, &readInto<&ApiSettings::maxConnectionsPerAddress>},
    {"max_streams_per_address", false, &readInto<&ApiSettings::maxStreamsPerAddress>},
    {"max_streams_per_ticket", false, &readInto<&ApiSettings::maxStreamsPerTicket>},
    {"header_timeout_seconds", false, &readInto<&ApiSettings::headerTimeoutSeconds>},
    {"allowed_hosts", false, &readInto<&ApiSettings::allowedHosts>},
    {"max_body_bytes", false, &readInto<&ApiSettings::maxBodyBytes>},
    {"request_timeout_seconds", false, &readInto<&ApiSettings::requestTimeoutSeconds>},
    {"idle_timeout_seconds", false, &readInto<&ApiSettings::idleTimeoutSeconds>},
    {"kiosk_rate_per_minute", false, &readInto<&ApiSettings::kioskRatePerMinute>},
};

constexpr Key<DisplaySettings> displayKeys[] = {
    {"messages", false, &readInto<&DisplaySettings::messages>},
    {"latest_calls", false, &readInto<&DisplaySettings::latestCalls>},
};

constexpr Key<AnalyticsSettings> analyticsKeys[] = {
    {"flag_check_seconds", false, &readInto<&AnalyticsSettings::flagCheckSeconds>},
};

constexpr Key<VoiceConfig> voiceKeys[] = {
    {"enabled", false, &readInto<&VoiceConfig::enabled>},
    {"template", false, &readInto<&VoiceConfig::templateText>},
    {"clip_dir", false, &readInto<&VoiceConfig::clipDir>},
    {"device", false, &readInto<&VoiceConfig::device>},
    {"max_backlog", false, &readInto<&VoiceConfig::maxBacklog>},
    {"max_wait_seconds", false, &readInto<&VoiceConfig::maxWaitSeconds>},
    {"zero_tens", false, &readInto<&VoiceConfig::zeroTens>},
    {"thousand", false, &readInto<&VoiceConfig::thousand>},
    {"four_as_tu", false, &readInto<&VoiceConfig::fourAsTu>},
    {"code_reading", false, &readInto<&VoiceConfig::codeReading>},
};

constexpr Key<BusConfig> busKeys[] = {
    {"id", true, &readInto<&BusConfig::id>},
    {"type", true, &readInto<&BusConfig::type>},
    {"port", false, &readInto<&BusConfig::port>},
    {"baud", false, &readInto<&BusConfig::baud>},
    {"parity", false, &readInto<&BusConfig::parity>},
    {"data_bits", false, &readInto<&BusConfig::dataBits>},
    {"stop_bits", false, &readInto<&BusConfig::stopBits>},
    {"host", false, &readInto<&BusConfig::host>},
    {"tcp_port", false, &readInto<&BusConfig::tcpPort>},
    {"response_timeout_ms", false, &readInto<&BusConfig::responseTimeoutMs>},
    {"byte_timeout_ms", false, &readInto<&BusConfig::byteTimeoutMs>},
    {"poll_interval_ms", false, &readInto<&BusConfig::pollIntervalMs>},
    {"retry_backoff_ms", false, &readInto<&BusConfig::retryBackoffMs>},
    {"probe_interval_ms", false, &readInto<&BusConfig::probeIntervalMs>},
};

constexpr Key<DeviceConfig> deviceKeys[] = {
    {"id", true, &readInto<&DeviceConfig::id>},
    {"bus", true, &readInto<&DeviceConfig::bus>},
    {"address", true, &readInto<&DeviceConfig::address>},
    {"role", true, &readInto<&DeviceConfig::role>},
    {"counter", false, &readInto<&DeviceConfig::counter>},
    {"profile", false, &readInto<&DeviceConfig::profile>},
    {"register", false, &readInto<&DeviceConfig::baseRegister>},
    {"digits", false, &readInto<&DeviceConfig::digits>},
    {"unicode", false, &readInto<&DeviceConfig::unicode>},
    {"lines", false, &readInto<&DeviceConfig::lines>},
    {"keys", false, &readInto<&DeviceConfig::keys>},
};

constexpr Key<PrintingSettings> printingKeys[] = {
    {"note", false, &readInto<&PrintingSettings::note>},
};

constexpr Key<PrinterConfig> printerKeys[] = {
    {"id", true, &readInto<&PrinterConfig::id>},
    {"kiosk", true, &readInto<&PrinterConfig::kiosk>},
    {"transport", true, &readInto<&PrinterConfig::transport>},
    {"host", false, &readInto<&PrinterConfig::host>},
    {"port", false, &readInto<&PrinterConfig::port>},
    {"path", false, &readInto<&PrinterConfig::path>},
    {"baud", false, &readInto<&PrinterConfig::baud>},
    {"width_dots", false, &readInto<&PrinterConfig::widthDots>},
    {"text_mode", false, &readInto<&PrinterConfig::textMode>},
    {"code_page", false, &readInto<&PrinterConfig::codePage>},
    {"qr_mode", false, &readInto<&PrinterConfig::qrMode>},
    {"qr_module_dots", false, &readInto<&PrinterConfig::qrModuleDots>},
    {"cut", false, &readInto<&PrinterConfig::cut>},
    {"timeout_ms", false, &readInto<&PrinterConfig::timeoutMs>},
    {"query_status", false, &readInto<&PrinterConfig::queryStatus>},
    {"status_poll_ms", false, &readInto<&PrinterConfig::statusPollMs>},
};

constexpr Key<ClientConfig> clientKeys[] = {
    {"id", true, &readInto<&ClientConfig::id>},
    {"role", true, &readInto<&ClientConfig::role>},
    {"token_hash", true, &readInto<&ClientConfig::tokenHash>},
};

constexpr Key<OfficeSettings> officeKeys[] = {
    {"name", true, &readInto<&OfficeSettings::name>},
    {"time_zone", false, &readInto<&OfficeSettings::timeZone>},
    {"cutoff_minutes", false, &readInto<&OfficeSettings::cutoffMinutes>},
    {"issue_early_minutes", false, &readInto<&OfficeSettings::issueEarlyMinutes>},
    {"max_recalls", false, &readInto<&OfficeSettings::maxRecalls>},
    {"call_policy", false, &readInto<&OfficeSettings::callPolicy>},
    {"priority_rule", false, &readInto<&OfficeSettings::priorityRule>},
    {"priority_every", false, &readInto<&OfficeSettings::priorityEvery>},
    {"hotline", false, &readInto<&OfficeSettings::hotline>},
    {"closed_dates", false, &readInto<&OfficeSettings::closedDates>},
    {"hours", false, &readHours},
};

constexpr Key<FieldConfig> fieldKeys[] = {
    {"id", true, &readInto<&FieldConfig::id>},
    {"name", true, &readInto<&FieldConfig::name>},
    {"name_ascii", true, &readInto<&FieldConfig::nameAscii>},
    {"prefix", false, &readNumbering<&Numbering::prefix>},
    {"first", false, &readNumbering<&Numbering::first>},
    {"last", false, &readNumbering<&Numbering::last>},
    {"width", false, &readNumbering<&Numbering::width>},
    {"target_wait_minutes", false, &readInto<&FieldConfig::targetWaitMinutes>},
    {"service_level", false, &readInto<&FieldConfig::serviceLevelTarget>},
    {"daily_quota", false, &readInto<&FieldConfig::dailyQuota>},
    {"cutoff_minutes", false, &readInto<&FieldConfig::cutoffMinutes>},
};

constexpr Key<CounterConfig> counterKeys[] = {
    {"number", true, &readInto<&CounterConfig::number>},
    {"name", true, &readInto<&CounterConfig::name>},
    {"fields", true, &readInto<&CounterConfig::fields>},
};

constexpr Key<StaffConfig> staffKeys[] = {
    {"id", true, &readInto<&StaffConfig::id>},
    {"name", true, &readInto<&StaffConfig::name>},
    {"pin_hash", true, &readInto<&StaffConfig::pinHash>},
    {"fields", true, &readInto<&StaffConfig::fields>},
};

// [[priority]] and [[pause_reason]] have the same two keys.
template <typename T>
constexpr Key<T> namedKeys[] = {
    {"id", true, &readInto<&T::id>},
    {"name", true, &readInto<&T::name>},
};

void readHours(Reader& reader, const toml::node& node, const std::string& path,
               OfficeSettings& out) {
    static constexpr std::string_view days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const auto* entries = node.as_table();
    if (entries == nullptr) {
        return reader.wrongType(node, path, "a table");
    }
    for (auto&& [name, value] : *entries) {
        std::string dayPath = childPath(path, name.str());
        reader.problems().noteLine(dayPath, lineOf(value));
        const auto* day = std::find(std::begin(days), std::end(days), name.str());
        if (day == std::end(days)) {
            reader.problems().add(dayPath,
                                  "unknown weekday (use mon, tue, wed, thu, fri, sat, sun)");
            continue;
        }
        std::vector<std::string> texts;
        reader.get(value, dayPath, texts);
        auto& sessions = out.hours[static_cast<std::size_t>(day - std::begin(days))];
        for (std::size_t i = 0; i < texts.size(); ++i) {
            Session session; // stays zero-length if bad, so indices keep matching
            std::string what = config_detail::parseSession(texts[i], session);
            if (!what.empty()) {
                reader.problems().add(indexPath(dayPath, i), what);
            }
            sessions.push_back(session);
        }
    }
}

template <typename T, std::size_t N> auto tableReader(const Key<T> (&keys)[N]) {
    return [&keys](Reader& reader, const toml::node& node, const std::string& path, T& out) {
        reader.table(node, path, keys, out);
    };
}

void readField(Reader& reader, const toml::node& node, const std::string& path, FieldConfig& out) {
    reader.table(node, path, fieldKeys, out);
    const auto* entries = node.as_table();
    if (entries != nullptr && !entries->contains("width")) {
        out.numbering.width = config_detail::digitCount(out.numbering.last);
    }
}

constexpr Key<OfficeConfig> rootKeys[] = {
    {"daemon", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, daemonKeys, c.daemon);
     }},
    {"office", true,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, officeKeys, c.office);
     }},
    {"api", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, apiKeys, c.api);
     }},
    {"display", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, displayKeys, c.display);
     }},
    {"analytics", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, analyticsKeys, c.analytics);
     }},
    {"voice", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, voiceKeys, c.voice);
     }},
    {"client", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.clients, tableReader(clientKeys));
     }},
    {"bus", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.buses, tableReader(busKeys));
     }},
    {"device", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.devices, tableReader(deviceKeys));
     }},
    {"printing", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.table(n, p, printingKeys, c.printing);
     }},
    {"printer", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.printers, tableReader(printerKeys));
     }},
    {"priority", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.priorities, tableReader(namedKeys<PriorityClass>));
     }},
    {"pause_reason", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.pauseReasons, tableReader(namedKeys<PauseReason>));
     }},
    {"field", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.fields, readField);
     }},
    {"counter", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.counters, tableReader(counterKeys));
     }},
    {"staff", false,
     [](Reader& r, const toml::node& n, const std::string& p, OfficeConfig& c) {
         r.tables(n, p, c.staff, tableReader(staffKeys));
     }},
};

std::vector<PriorityClass> defaultPriorities() {
    return {{"elderly", "Người cao tuổi"},
            {"disabled", "Người khuyết tật"},
            {"pregnant", "Phụ nữ mang thai"},
            {"merit", "Người có công với cách mạng"}};
}

std::vector<PauseReason> defaultPauseReasons() {
    return {{"break", "Nghỉ giải lao"},
            {"meeting", "Họp"},
            {"urgent", "Công việc đột xuất"},
            {"helping", "Hỗ trợ đồng nghiệp"}};
}

// Left out means the defaults; `priority = []` means the office has none.
void applyDefaults(const toml::table& root, OfficeConfig& config) {
    if (!root.contains("priority")) {
        config.priorities = defaultPriorities();
    }
    if (!root.contains("pause_reason")) {
        config.pauseReasons = defaultPauseReasons();
    }
}

// The engine walks sessions in time order; the file may list them in any order.
void sortSessions(OfficeConfig& config) {
    for (auto& sessions : config.office.hours) {
        std::sort(sessions.begin(), sessions.end(),
                  [](const Session& a, const Session& b) { return a.openMinute < b.openMinute; });
    }
}

Error configError(const Problems& problems) {
    return makeError(ErrorCode::configInvalid, ConfigErrors{problems.formatted()}.joined());
}

} // namespace

Result<OfficeConfig> loadConfigText(const std::string& text, const std::string& sourceName) {
    Problems problems(sourceName);
    toml::table root;
    try {
        root = toml::parse(std::string_view(text), std::string_view(sourceName));
    } catch (const toml::parse_error& err) {
        // toml++ stops at the first syntax error, so there is only ever one.
        problems.addAt(static_cast<int>(err.source().begin.line), "",
                       "syntax error: " + std::string(err.description()) + " (column " +
                           std::to_string(err.source().begin.column) + ")");
        return configError(problems);
    }
    OfficeConfig local;
    local.sourcePath = sourceName;
    Reader reader(problems);
    problems.noteLine("", 1);
    reader.table(root, "", rootKeys, local);
    applyDefaults(root, local);
    if (local.api.reservedConnections == -1) {
        local.api.reservedConnections = local.api.maxConnections / 10;
    }
    if (local.api.publicUrl.empty()) {
        local.api.publicUrl = "http://" + local.api.bind + ":" + std::to_string(local.api.port);
    }
    if (local.printing.note.empty() && !local.office.hotline.empty()) {
        local.printing.note = "Đường dây nóng: " + local.office.hotline;
    }
    config_detail::validateConfig(local, problems);
    if (!problems.empty()) {
        return configError(problems);
    }
    sortSessions(local);
    return local;
}

Result<OfficeConfig> loadConfigFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return makeError(ErrorCode::configInvalid, path + ": is a directory, not a config file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::configInvalid,
                         path + ": cannot open: " + std::string(std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return makeError(ErrorCode::configInvalid, path + ": read error");
    }
    return loadConfigText(text.str(), path);
}

} // namespace qmsd
