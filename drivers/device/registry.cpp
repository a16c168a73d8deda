// The driver registry: one line per driver.
#include "device/bus.hpp"
#include "modbus/modbus_bus.hpp"
#include "serial/serial_bus.hpp"

#include <map>

namespace qmsd::drivers {
namespace {

const std::map<std::string, BusFactory>& factories() {
    static const std::map<std::string, BusFactory> table{
        {"modbus_rtu", &makeModbusBus},
        {"modbus_tcp", &makeModbusBus},
        {"rs485_0107", &serial::makeRs485Bus},
        {"caller_ff68", &serial::makeCallerFf68Bus},
    };
    return table;
}

} // namespace

const BusFactory* findBusFactory(const std::string& type) {
    auto it = factories().find(type);
    return it == factories().end() ? nullptr : &it->second;
}

std::vector<std::string> busTypes() {
    std::vector<std::string> out;
    for (const auto& [name, f] : factories()) {
        out.push_back(name);
    }
    return out;
}

} // namespace qmsd::drivers
