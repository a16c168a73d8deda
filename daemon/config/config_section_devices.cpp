// [[bus]] (an RS-485 line or a Modbus TCP gateway) and [[device]] (a display,
// board, keypad or rating box at an address on a bus).
#include "config/config_checks.hpp"
#include "config/config_section.hpp"
#include "engine/rating.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace qmsd::config_detail {
namespace {

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

constexpr Choice<DeviceRole> deviceRoles[] = {{"counter_display", DeviceRole::counterDisplay},
                                              {"main_board", DeviceRole::mainBoard},
                                              {"keypad", DeviceRole::keypad},
                                              {"rating", DeviceRole::rating}};

constexpr Key<DeviceConfig> deviceKeys[] = {
    {"id", true, &readInto<&DeviceConfig::id>},
    {"bus", true, &readInto<&DeviceConfig::bus>},
    {"address", true, &readInto<&DeviceConfig::address>},
    {"role", true, &readEnum<&DeviceConfig::role, deviceRoles>},
    {"counter", false, &readInto<&DeviceConfig::counter>},
    {"profile", false, &readInto<&DeviceConfig::profile>},
    {"register", false, &readInto<&DeviceConfig::baseRegister>},
    {"digits", false, &readInto<&DeviceConfig::digits>},
    {"unicode", false, &readInto<&DeviceConfig::unicode>},
    {"lines", false, &readInto<&DeviceConfig::lines>},
    {"keys", false, &readInto<&DeviceConfig::keys>},
};

// The bus types the driver registry knows (drivers/registry.cpp checks that
// each has a factory).
constexpr std::string_view kBusTypes[] = {"modbus_rtu", "modbus_tcp", "rs485_0107", "caller_ff68"};

// Keypad actions (daemon/devices/keypad_actions.cpp maps them to commands).
bool isKeyAction(const std::string& a) {
    static constexpr std::string_view actions[] = {"call_next", "next",    "recall", "start", "finish",
                                                   "no_show",   "park",    "pause",  "resume", "rate"};
    if (a.rfind("transfer:", 0) == 0) {
        return a.size() > 9;
    }
    if (a.rfind("rate:", 0) == 0) { // a four-button rating box: "rate:very_satisfied" … "rate:dissatisfied"
        return parseRatingLevel(a.substr(5)).has_value();
    }
    return std::find(std::begin(actions), std::end(actions), a) != std::end(actions);
}

void checkBus(const std::string& path, const BusConfig& b, Problems& problems) {
    checkId(path + ".id", b.id, problems);
    if (std::find(std::begin(kBusTypes), std::end(kBusTypes), b.type) == std::end(kBusTypes)) {
        problems.add(path + ".type",
                     "unknown bus type " + quote(b.type) + " (known: modbus_rtu, modbus_tcp, rs485_0107, caller_ff68)");
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

void checkBuses(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.buses.size(); ++i) {
        checkBus(indexPath("bus", i), config.buses[i], problems);
    }
    checkUnique(config.buses, "bus", "id", [](const BusConfig& b) { return b.id; }, problems);
}

void checkKeys(const std::string& path, const DeviceConfig& d, const OfficeConfig& config, Problems& problems) {
    for (const auto& [code, action] : d.keys) {
        if (!isKeyAction(action)) {
            problems.add(path + ".keys." + code,
                         "unknown action " + quote(action) +
                             " (call_next, next, recall, start, finish, no_show, park, pause, resume, "
                             "rate, rate:<very_satisfied|satisfied|neutral|dissatisfied>, transfer:<field>)");
        } else if (action.rfind("transfer:", 0) == 0 && config.field(action.substr(9)) == nullptr) {
            problems.add(path + ".keys." + code, "unknown field in " + quote(action));
        }
    }
}

void checkDevice(const std::string& path, const DeviceConfig& d, const OfficeConfig& config, Problems& problems) {
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
    checkKeys(path, d, config, problems);
}

// Two units at one address on one bus would both answer one Modbus request,
// or both show the frames meant for one. On a serial line a keypad and a
// display may share an address (an FF 68 caller is one box: frames to it and
// from it go different ways); a 01..07 text board takes one address a line.
void checkAddresses(const OfficeConfig& config, Problems& problems) {
    std::map<std::tuple<std::string, int, bool>, std::size_t> seen; // (bus, address, input) -> device
    for (std::size_t i = 0; i < config.devices.size(); ++i) {
        const DeviceConfig& d = config.devices[i];
        const BusConfig* bus = config.bus(d.bus);
        if (bus == nullptr || d.address < 0 || d.address > 247) {
            continue; // reported above
        }
        bool serial = bus->type.rfind("modbus", 0) != 0;
        bool input = serial && (d.role == DeviceRole::keypad || d.role == DeviceRole::rating);
        int span = serial && d.role == DeviceRole::mainBoard ? std::max(d.lines, 1) : 1;
        for (int k = 0; k < span; ++k) {
            auto [it, inserted] = seen.emplace(std::tuple{d.bus, d.address + k, input}, i);
            if (!inserted) {
                std::string first = indexPath("device", it->second);
                problems.add(indexPath("device", i) + ".address",
                             "address " + std::to_string(d.address + k) + " on bus " + quote(d.bus) +
                                 " is already device " + quote(config.devices[it->second].id) + " (" + first +
                                 ", line " + std::to_string(problems.lineOf(first)) + "): one address, one unit");
                break;
            }
        }
    }
}

void checkDevices(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.devices.size(); ++i) {
        checkDevice(indexPath("device", i), config.devices[i], config, problems);
    }
    checkUnique(config.devices, "device", "id", [](const DeviceConfig& d) { return d.id; }, problems);
    checkAddresses(config, problems);
}

} // namespace

extern const ConfigSection busSection{"bus", false, &readTables<&OfficeConfig::buses, busKeys>, nullptr,
                                      &checkBuses};
extern const ConfigSection deviceSection{"device", false, &readTables<&OfficeConfig::devices, deviceKeys>, nullptr,
                                         &checkDevices};

} // namespace qmsd::config_detail
