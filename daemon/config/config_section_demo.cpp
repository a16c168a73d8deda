// [demo]: the simulated ward day `qmsd --simulate` plays (tools/demo.sh). Its
// counters and fields must be the office's, its figures ones a day can have.
// Nothing but the demo reads it.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

#include <set>

namespace qmsd::config_detail {
namespace {

constexpr Key<DemoFieldSettings> demoFieldKeys[] = {
    {"id", true, &readInto<&DemoFieldSettings::field>},
    {"share", false, &readInto<&DemoFieldSettings::share>},
    {"service_minutes", false, &readInto<&DemoFieldSettings::serviceMinutes>},
};

// hours = ["07:30-11:30", "13:30-17:00"]: the simulated day's sessions.
void readSessions(Reader& reader, const toml::node& node, const std::string& path, DemoSettings& out) {
    std::vector<std::string> texts;
    reader.get(node, path, texts);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        Session session; // stays zero-length if bad, so indices keep matching
        std::string what = parseSession(texts[i], session);
        if (!what.empty()) {
            reader.problems().add(indexPath(path, i), what);
        }
        out.day.push_back(session);
    }
}

void readDemoFields(Reader& reader, const toml::node& node, const std::string& path, DemoSettings& out) {
    reader.tables(node, path, out.fields,
                  [](Reader& r, const toml::node& n, const std::string& p, DemoFieldSettings& f) {
                      r.table(n, p, demoFieldKeys, f);
                  });
}

constexpr Key<DemoSettings> demoKeys[] = {
    {"tickets_per_day", false, &readInto<&DemoSettings::ticketsPerDay>},
    {"free_counters", false, &readInto<&DemoSettings::freeCounters>},
    {"hours", false, &readSessions},
    {"field", false, &readDemoFields},
};

void checkDemoFields(const OfficeConfig& config, Problems& problems) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < config.demo.fields.size(); ++i) {
        const DemoFieldSettings& f = config.demo.fields[i];
        const std::string path = indexPath("demo.field", i);
        if (config.field(f.field) == nullptr) {
            problems.add(path + ".id", "no [[field]] has id " + quote(f.field));
        } else if (!seen.insert(f.field).second) {
            problems.add(path + ".id", "field " + quote(f.field) + " is listed twice");
        }
        if (!(f.share > 0.0 && f.share <= 1000.0)) {
            problems.add(path + ".share", "must be above 0 and at most 1000, got " + std::to_string(f.share));
        }
        if (!(f.serviceMinutes >= 0.5 && f.serviceMinutes <= 240.0)) {
            problems.add(path + ".service_minutes",
                         "must be 0.5 to 240 (minutes), got " + std::to_string(f.serviceMinutes));
        }
    }
}

void checkDemo(const OfficeConfig& config, Problems& problems) {
    const DemoSettings& demo = config.demo;
    if (demo.ticketsPerDay < 0 || demo.ticketsPerDay > 10000) {
        problems.add("demo.tickets_per_day",
                     "must be 0 (15 per counter) to 10000, got " + std::to_string(demo.ticketsPerDay));
    }
    for (std::size_t i = 0; i < demo.freeCounters.size(); ++i) {
        if (config.counter(demo.freeCounters[i]) == nullptr) {
            problems.add(indexPath("demo.free_counters", i),
                         "no [[counter]] has number " + std::to_string(demo.freeCounters[i]));
        }
    }
    for (std::size_t i = 1; i < demo.day.size(); ++i) {
        const Session& a = demo.day[i - 1];
        const Session& b = demo.day[i];
        if (b.openMinute < a.closeMinute && a.closeMinute > a.openMinute && b.closeMinute > b.openMinute) {
            problems.add(indexPath("demo.hours", i), "must start after the session before it ends (" +
                                                         hhmm(a.openMinute) + "-" + hhmm(a.closeMinute) + ")");
        }
    }
    checkDemoFields(config, problems);
}

} // namespace

extern const ConfigSection demoSection{"demo", false, &readTable<&OfficeConfig::demo, demoKeys>, nullptr, &checkDemo};

} // namespace qmsd::config_detail
