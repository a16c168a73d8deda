#include "config/office_config.hpp"

#include <algorithm>

namespace qmsd {
namespace {

template <typename T, typename Key, typename Proj>
const T* findBy(const std::vector<T>& items, const Key& key, Proj proj) {
    auto it = std::find_if(items.begin(), items.end(),
                           [&key, &proj](const T& item) { return proj(item) == key; });
    return it == items.end() ? nullptr : &*it;
}

} // namespace

int placesPerSlot(const FieldConfig& field, const BookingSettings& booking) {
    if (!field.bookingCapacityPerHour) {
        return 0;
    }
    // The small epsilon keeps 8 × 15 / 60 × 0.5 at 1, not 0.999….
    double places = *field.bookingCapacityPerHour * booking.slotMinutes / 60.0 * field.bookingShare;
    return static_cast<int>(places + 1e-9);
}

const FieldConfig* OfficeConfig::field(const std::string& id) const {
    return findBy(fields, id, [](const FieldConfig& f) { return f.id; });
}
const CounterConfig* OfficeConfig::counter(int number) const {
    return findBy(counters, number, [](const CounterConfig& c) { return c.number; });
}
const StaffConfig* OfficeConfig::staffMember(const std::string& id) const {
    return findBy(staff, id, [](const StaffConfig& s) { return s.id; });
}
std::string OfficeConfig::counterName(int number) const {
    const CounterConfig* c = counter(number);
    return c != nullptr && !c->name.empty() ? c->name : "Quầy " + std::to_string(number);
}
std::string OfficeConfig::staffName(const std::string& id) const {
    const StaffConfig* s = staffMember(id);
    return s != nullptr ? s->name : id;
}
const PriorityClass* OfficeConfig::priority(const std::string& id) const {
    return findBy(priorities, id, [](const PriorityClass& p) { return p.id; });
}
const PauseReason* OfficeConfig::pauseReason(const std::string& id) const {
    return findBy(pauseReasons, id, [](const PauseReason& p) { return p.id; });
}

const ClientConfig* OfficeConfig::client(const std::string& id) const {
    return findBy(clients, id, [](const ClientConfig& c) { return c.id; });
}

const BusConfig* OfficeConfig::bus(const std::string& id) const {
    return findBy(buses, id, [](const BusConfig& b) { return b.id; });
}

const PrinterConfig* OfficeConfig::printerOfKiosk(const std::string& kiosk) const {
    return findBy(printers, kiosk, [](const PrinterConfig& p) { return p.kiosk; });
}

std::string formatTicketCode(const Numbering& numbering, int number) {
    std::string digits = std::to_string(number);
    if (static_cast<int>(digits.size()) < numbering.width) {
        digits.insert(0, static_cast<std::size_t>(numbering.width) - digits.size(), '0');
    }
    return numbering.prefix + digits;
}

} // namespace qmsd
