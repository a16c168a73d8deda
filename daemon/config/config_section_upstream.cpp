// [upstream]: shipping the event log to the city's PostgreSQL server
// (daemon/upstream/README.md). Checked only when enabled; the connection
// string's syntax is checked again by libpq when the daemon starts.
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

#include <regex>

namespace qmsd::config_detail {
namespace {

constexpr Key<UpstreamSettings> upstreamKeys[] = {
    {"enabled", false, &readInto<&UpstreamSettings::enabled>},
    {"conninfo", false, &readInto<&UpstreamSettings::conninfo>},
    {"password_file", false, &readInto<&UpstreamSettings::passwordFile>},
    {"password_env", false, &readInto<&UpstreamSettings::passwordEnv>},
    {"office_id", false, &readInto<&UpstreamSettings::officeId>},
    {"batch_size", false, &readInto<&UpstreamSettings::batchSize>},
    {"status_seconds", false, &readInto<&UpstreamSettings::statusSeconds>},
};

// A password written into the connection string would end up wherever the
// config file goes (backups, support tickets, logs of check-config).
bool holdsPassword(const std::string& conninfo) {
    static const std::regex keyword(R"((^|\s)password\s*=)", std::regex::icase);
    static const std::regex uri(R"(^postgres(ql)?://[^/@?]*:[^/@?]*@)", std::regex::icase);
    static const std::regex uriParam(R"([?&]password=)", std::regex::icase);
    return std::regex_search(conninfo, keyword) || std::regex_search(conninfo, uri) ||
           std::regex_search(conninfo, uriParam);
}

void checkUpstream(const OfficeConfig& config, Problems& problems) {
    const UpstreamSettings& up = config.upstream;
    if (!up.enabled) {
        return;
    }
    if (up.conninfo.empty()) {
        problems.add("upstream.conninfo", "required when upstream.enabled = true "
                                          "(e.g. \"host=city.example dbname=qmsd user=ben_nghe\")");
    } else if (holdsPassword(up.conninfo)) {
        problems.add("upstream.conninfo", "holds a password: put it in upstream.password_file or "
                                          "upstream.password_env instead");
    }
    static const std::regex officeId("^[a-z0-9][a-z0-9_-]{0,63}$");
    if (up.officeId.empty()) {
        problems.add("upstream.office_id", "required when upstream.enabled = true: the office's stable id "
                                           "at the centre, e.g. \"q1_ben_nghe\"");
    } else if (!std::regex_match(up.officeId, officeId)) {
        problems.add("upstream.office_id", "must be 1 to 64 of a-z, 0-9, '_' and '-', starting with a "
                                           "letter or digit; got " + quote(up.officeId));
    }
    if (!up.passwordFile.empty() && !up.passwordEnv.empty()) {
        problems.add("upstream.password_env", "set password_file or password_env, not both");
    }
    checkRange("upstream.batch_size", up.batchSize, 1, 10000, "1000 is usual", problems);
    checkRange("upstream.status_seconds", up.statusSeconds, 5, 3600, "30 is usual", problems);
}

} // namespace

extern const ConfigSection upstreamSection{"upstream", false, &readTable<&OfficeConfig::upstream, upstreamKeys>,
                                           nullptr, &checkUpstream};

} // namespace qmsd::config_detail
