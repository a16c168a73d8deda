// [[field]]: a service field (lĩnh vực) — its names, ticket numbering, wait
// target, quota and cut-off.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

template <auto Member>
void readNumbering(Reader& reader, const toml::node& node, const std::string& path, FieldConfig& out) {
    reader.get(node, path, out.numbering.*Member);
}

constexpr Key<FieldConfig> fieldKeys[] = {
    {"id", true, &readInto<&FieldConfig::id>},
    {"name", true, &readInto<&FieldConfig::name>},
    {"name_ascii", true, &readInto<&FieldConfig::nameAscii>},
    {"name_en", false, &readInto<&FieldConfig::nameEn>},
    {"prefix", false, &readNumbering<&Numbering::prefix>},
    {"first", false, &readNumbering<&Numbering::first>},
    {"last", false, &readNumbering<&Numbering::last>},
    {"width", false, &readNumbering<&Numbering::width>},
    {"target_wait_minutes", false, &readInto<&FieldConfig::targetWaitMinutes>},
    {"service_level", false, &readInto<&FieldConfig::serviceLevelTarget>},
    {"daily_quota", false, &readInto<&FieldConfig::dailyQuota>},
    {"cutoff_minutes", false, &readInto<&FieldConfig::cutoffMinutes>},
    {"sms_near_ahead", false, &readInto<&FieldConfig::nearAhead>},
    {"booking_capacity_per_hour", false, &readInto<&FieldConfig::bookingCapacityPerHour>},
    {"booking_share", false, &readInto<&FieldConfig::bookingShare>},
};

// Without `width`, numbers are as wide as `last`.
void readField(Reader& reader, const toml::node& node, const std::string& path, FieldConfig& out) {
    reader.table(node, path, fieldKeys, out);
    const auto* entries = node.as_table();
    if (entries != nullptr && !entries->contains("width")) {
        out.numbering.width = digitCount(out.numbering.last);
    }
}

void readFields(Reader& reader, const toml::node& node, const std::string& path, OfficeConfig& config) {
    reader.tables(node, path, config.fields, readField);
}

void checkNumbering(const std::string& path, const Numbering& n, Problems& problems) {
    checkAscii(path + ".prefix", n.prefix, problems);
    checkAtLeast(path + ".first", n.first, 0, problems);
    checkAtLeast(path + ".last", n.last, 0, problems);
    if (n.last >= 0 && digitCount(n.last) > 9) {
        problems.add(path + ".last", "must have at most 9 digits, got " + std::to_string(n.last));
    } else if (n.last >= 0 && (n.width < digitCount(n.last) || n.width > 9)) {
        problems.add(path + ".width", "must be between " + std::to_string(digitCount(n.last)) +
                                          " (the digits of last) and 9, got " + std::to_string(n.width));
    }
    if (n.first >= 0 && n.last >= 0 && n.first > n.last) {
        problems.add(path + ".first", "first (" + std::to_string(n.first) + ") is greater than last (" +
                                          std::to_string(n.last) + ")");
    }
}

void checkField(const std::string& path, const FieldConfig& field, Problems& problems) {
    checkId(path + ".id", field.id, problems);
    checkText(path + ".name", field.name, problems);
    checkText(path + ".name_ascii", field.nameAscii, problems);
    checkAscii(path + ".name_ascii", field.nameAscii, problems);
    checkOptionalText(path + ".name_en", field.nameEn, problems);
    checkNumbering(path, field.numbering, problems);
    checkAtLeast(path + ".target_wait_minutes", field.targetWaitMinutes, 1, problems);
    if (!(field.serviceLevelTarget > 0.0 && field.serviceLevelTarget < 1.0)) {
        problems.add(path + ".service_level",
                     "must be between 0 and 1 (exclusive), got " + std::to_string(field.serviceLevelTarget));
    }
    if (field.dailyQuota) {
        checkAtLeast(path + ".daily_quota", *field.dailyQuota, 1, problems);
    }
    if (field.nearAhead) {
        checkRange(path + ".sms_near_ahead", *field.nearAhead, 1, 50, "3 is usual", problems);
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
                             "numbers " + describeRange(a) + " overlap " + other + " " + quote(fields[j].id) + " (" +
                                 describeRange(b) + ", line " + std::to_string(problems.lineOf(other)) +
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
    checkUnique(config.fields, "field", "id", [](const FieldConfig& f) { return f.id; }, problems);
    checkPrefixClashes(config.fields, problems);
}

} // namespace

extern const ConfigSection fieldSection{"field", false, &readFields, nullptr, &checkFields};

} // namespace qmsd::config_detail
