// [[counter]] (a desk and the fields it serves, in its calling preference) and
// [[staff]] (who may log in, with the hash of their PIN and their fields).
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

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

void checkCounters(const OfficeConfig& config, Problems& problems) {
    if (config.counters.empty()) {
        problems.add("counter", "at least one [[counter]] is required");
    }
    for (std::size_t i = 0; i < config.counters.size(); ++i) {
        const CounterConfig& counter = config.counters[i];
        std::string path = indexPath("counter", i);
        if (counter.number < 1 || counter.number > 999) {
            problems.add(path + ".number", "must be between 1 and 999, got " + std::to_string(counter.number));
        }
        checkText(path + ".name", counter.name, problems);
        checkFieldList(path + ".fields", counter.fields, config, problems);
    }
    checkUnique(config.counters, "counter", "number", [](const CounterConfig& c) { return c.number; }, problems);
}

void checkStaff(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.staff.size(); ++i) {
        const StaffConfig& member = config.staff[i];
        std::string path = indexPath("staff", i);
        checkId(path + ".id", member.id, problems);
        checkText(path + ".name", member.name, problems);
        if (member.pinHash.rfind("$argon2", 0) != 0) {
            problems.add(path + ".pin_hash", "is not an argon2 hash (expected \"$argon2id$...\" from `qmsd hash-pin`)");
        }
        checkFieldList(path + ".fields", member.fields, config, problems);
    }
    checkUnique(config.staff, "staff", "id", [](const StaffConfig& s) { return s.id; }, problems);
}

} // namespace

extern const ConfigSection counterSection{"counter", false, &readTables<&OfficeConfig::counters, counterKeys>,
                                          nullptr, &checkCounters};
extern const ConfigSection staffSection{"staff", false, &readTables<&OfficeConfig::staff, staffKeys>, nullptr,
                                        &checkStaff};

} // namespace qmsd::config_detail
