// The same keyword-table reader as the office's config (daemon/config), over
// qmsd-city's two sections.
#include "city/city_config.hpp"

#include "config/config_checks.hpp"
#include "config/config_reader.hpp"
#include "pg/pg_connection.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace qmsd::city {
namespace {

using namespace qmsd::config_detail;

constexpr Key<CityConfig> cityKeys[] = {
    {"name", false, &readInto<&CityConfig::name>},
    {"bind", false, &readInto<&CityConfig::bind>},
    {"port", false, &readInto<&CityConfig::port>},
    {"time_zone", false, &readInto<&CityConfig::timeZone>},
    {"workers", false, &readInto<&CityConfig::workers>},
    {"conninfo", true, &readInto<&CityConfig::conninfo>},
    {"password_file", false, &readInto<&CityConfig::passwordFile>},
    {"password_env", false, &readInto<&CityConfig::passwordEnv>},
    {"max_connections", false, &readInto<&CityConfig::maxConnections>},
};

constexpr Choice<CityRole> kRoles[] = {{"city_leader", CityRole::cityLeader},
                                       {"office_leader", CityRole::officeLeader}};

constexpr Key<CityUser> userKeys[] = {
    {"id", true, &readInto<&CityUser::id>},
    {"role", true, &readEnum<&CityUser::role, kRoles>},
    {"office", false, &readInto<&CityUser::office>},
    {"token_hash", true, &readInto<&CityUser::tokenHash>},
};

void check(const CityConfig& c, Problems& problems) {
    checkText("city.name", c.name, problems);
    checkRange("city.port", c.port, 0, 65535, "", problems);
    checkRange("city.workers", c.workers, 1, 16, "2 is usual", problems);
    checkRange("city.max_connections", c.maxConnections, 1, 10000, "", problems);
    if (!c.passwordFile.empty() && !c.passwordEnv.empty()) {
        problems.add("city.password_env", "set password_file or password_env, not both");
    }
    if (!c.conninfo.empty()) {
        if (auto st = pg::checkConninfo(c.conninfo); !st) {
            problems.add("city.conninfo", st.error().message);
        }
    }
    static const std::regex hashForm("^blake2b:[0-9a-f]{64}$");
    static const std::regex officeId("^[a-z0-9][a-z0-9_-]{0,63}$");
    for (std::size_t i = 0; i < c.users.size(); ++i) {
        const CityUser& u = c.users[i];
        std::string path = indexPath("user", i);
        checkId(childPath(path, "id"), u.id, problems);
        if (!std::regex_match(u.tokenHash, hashForm)) {
            problems.add(childPath(path, "token_hash"), "must be \"blake2b:\" and 64 hex digits "
                                                        "(`qmsd-city hash-token` prints it)");
        }
        if (u.role == CityRole::officeLeader && !std::regex_match(u.office, officeId)) {
            problems.add(childPath(path, "office"), "an office_leader needs the office id they lead "
                                                    "(upstream.office_id of that office)");
        }
        if (u.role == CityRole::cityLeader && !u.office.empty()) {
            problems.add(childPath(path, "office"), "a city_leader sees every office: leave office out");
        }
    }
    checkUnique(c.users, "user", "id", [](const CityUser& u) { return u.id; }, problems);
    checkUnique(c.users, "user", "token_hash", [](const CityUser& u) { return u.tokenHash; }, problems);
}

} // namespace

Result<CityConfig> loadCityConfigText(const std::string& text, const std::string& sourceName) {
    Problems problems(sourceName);
    auto parsed = parseDocument(text, sourceName, problems);
    if (!parsed) {
        return makeError(ErrorCode::configInvalid, problems.formatted().front());
    }
    const toml::table& root = *parsed;
    CityConfig local;
    local.sourcePath = sourceName;
    Reader reader(problems);
    problems.noteLine("", 1);
    for (auto&& [name, value] : root) {
        std::string key(name.str());
        problems.noteLine(key, lineOf(value));
        if (key == "city") {
            reader.table(value, key, cityKeys, local);
        } else if (key == "user") {
            reader.tables(value, key, local.users, [](Reader& r, const toml::node& n, const std::string& p,
                                                       CityUser& out) { r.table(n, p, userKeys, out); });
        } else {
            reader.unknownKey(value, key, {"city", "user"});
        }
    }
    if (!root.contains("city")) {
        problems.add("city", "required section is missing");
    }
    check(local, problems);
    if (!problems.empty()) {
        std::string joined;
        for (const auto& line : problems.formatted()) {
            joined += (joined.empty() ? "" : "\n") + line;
        }
        return makeError(ErrorCode::configInvalid, joined);
    }
    return local;
}

Result<CityConfig> loadCityConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::configInvalid, path + ": cannot open");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return loadCityConfigText(text.str(), path);
}

} // namespace qmsd::city
