// [office]: the office's name, time zone, opening hours, closed dates and the
// rules every field shares (cut-off, recalls, calling policy, priority mixing).
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

namespace qmsd::config_detail {
namespace {

constexpr Choice<CallPolicy> callPolicies[] = {{"longest_wait", CallPolicy::longestWait},
                                               {"field_order", CallPolicy::fieldOrder}};
constexpr Choice<PriorityRule> priorityRules[] = {{"strict", PriorityRule::strict},
                                                  {"every_n", PriorityRule::everyN}};
constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// hours = { mon = ["07:30-11:30", "13:30-17:00"], ... }
void readHours(Reader& reader, const toml::node& node, const std::string& path, OfficeSettings& out) {
    const auto* entries = node.as_table();
    if (entries == nullptr) {
        return reader.wrongType(node, path, "a table");
    }
    for (auto&& [name, value] : *entries) {
        std::string dayPath = childPath(path, name.str());
        reader.problems().noteLine(dayPath, lineOf(value));
        const auto* day = std::find(std::begin(kDays), std::end(kDays), name.str());
        if (day == std::end(kDays)) {
            reader.problems().add(dayPath, "unknown weekday (use mon, tue, wed, thu, fri, sat, sun)");
            continue;
        }
        std::vector<std::string> texts;
        reader.get(value, dayPath, texts);
        auto& sessions = out.hours[static_cast<std::size_t>(day - std::begin(kDays))];
        for (std::size_t i = 0; i < texts.size(); ++i) {
            Session session; // stays zero-length if bad, so indices keep matching
            std::string what = parseSession(texts[i], session);
            if (!what.empty()) {
                reader.problems().add(indexPath(dayPath, i), what);
            }
            sessions.push_back(session);
        }
    }
}

constexpr Key<OfficeSettings> officeKeys[] = {
    {"name", true, &readInto<&OfficeSettings::name>},
    {"time_zone", false, &readInto<&OfficeSettings::timeZone>},
    {"cutoff_minutes", false, &readInto<&OfficeSettings::cutoffMinutes>},
    {"issue_early_minutes", false, &readInto<&OfficeSettings::issueEarlyMinutes>},
    {"max_recalls", false, &readInto<&OfficeSettings::maxRecalls>},
    {"call_policy", false, &readEnum<&OfficeSettings::callPolicy, callPolicies>},
    {"priority_rule", false, &readEnum<&OfficeSettings::priorityRule, priorityRules>},
    {"priority_every", false, &readInto<&OfficeSettings::priorityEvery>},
    {"hotline", false, &readInto<&OfficeSettings::hotline>},
    {"closed_dates", false, &readInto<&OfficeSettings::closedDates>},
    {"hours", false, &readHours},
};

// Loading the zone database is slow and throws on an unknown name; that is
// acceptable here because config loading is start-up/reload code (STYLE.md 6).
void checkTimeZone(const std::string& zone, Problems& problems) {
    try {
        (void)date::locate_zone(zone);
    } catch (const std::exception&) {
        problems.add("office.time_zone",
                     "unknown time zone " + quote(zone) + " (use an IANA name such as \"Asia/Ho_Chi_Minh\")");
    }
}

void checkClosedDate(const std::string& path, const std::string& text, Problems& problems) {
    bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
    for (std::size_t i = 0; shaped && i < text.size(); ++i) {
        shaped = i == 4 || i == 7 || (text[i] >= '0' && text[i] <= '9');
    }
    if (!shaped) {
        problems.add(path, "expected a date \"YYYY-MM-DD\", got " + quote(text));
        return;
    }
    using namespace std::chrono;
    year_month_day ymd{year{std::stoi(text.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                       day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (!ymd.ok()) {
        problems.add(path, quote(text) + " is not a real date");
    }
}

// Sessions that failed to parse are zero-length placeholders and never overlap.
void checkOverlaps(const std::string& dayPath, const std::vector<Session>& sessions, Problems& problems) {
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            const Session& a = sessions[i];
            const Session& b = sessions[j];
            if (a.openMinute < b.closeMinute && b.openMinute < a.closeMinute) {
                problems.add(indexPath(dayPath, i), "overlaps " + indexPath(dayPath, j) + " (" + hhmm(b.openMinute) +
                                                        "-" + hhmm(b.closeMinute) + ")");
            }
        }
    }
}

void checkOffice(const OfficeConfig& config, Problems& problems) {
    const OfficeSettings& office = config.office;
    checkText("office.name", office.name, problems);
    checkTimeZone(office.timeZone, problems);
    checkAtLeast("office.cutoff_minutes", office.cutoffMinutes, 0, problems);
    checkAtLeast("office.issue_early_minutes", office.issueEarlyMinutes, 0, problems);
    checkAtLeast("office.max_recalls", office.maxRecalls, 0, problems);
    checkAtLeast("office.priority_every", office.priorityEvery, 1, problems);
    for (std::size_t i = 0; i < office.closedDates.size(); ++i) {
        checkClosedDate(indexPath("office.closed_dates", i), office.closedDates[i], problems);
    }
    for (std::size_t d = 0; d < office.hours.size(); ++d) {
        checkOverlaps(childPath("office.hours", kDays[d]), office.hours[d], problems);
    }
}

} // namespace

extern const ConfigSection officeSection{"office", true, &readTable<&OfficeConfig::office, officeKeys>,
                                         nullptr, &checkOffice};

} // namespace qmsd::config_detail
