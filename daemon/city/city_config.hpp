#pragma once
// qmsd-city's own TOML file (config/city.toml.example): where it listens,
// the centre's PostgreSQL, and who may read what. Read like the office's
// config: every key known and typed, all problems at once as FILE:LINE: key.
#include "core/result.hpp"

#include <string>
#include <vector>

namespace qmsd::city {

enum class CityRole { cityLeader, officeLeader };

struct CityUser {
    std::string id;
    CityRole role = CityRole::officeLeader;
    std::string office;    // officeLeader: the one office they see
    std::string tokenHash; // "blake2b:<64 hex>" from `qmsd-city hash-token`
};

struct CityConfig {
    std::string sourcePath;
    std::string name = "Trung tâm";                 // shown on the page
    std::string bind = "127.0.0.1";
    int port = 8090;
    std::string timeZone = "Asia/Ho_Chi_Minh";       // the page's clock
    int workers = 2;                                 // report threads, each with its own connection
    std::string conninfo;                            // libpq, without the password
    std::string passwordFile;
    std::string passwordEnv;
    int maxConnections = 200;
    std::vector<CityUser> users;
};

Result<CityConfig> loadCityConfig(const std::string& path);
Result<CityConfig> loadCityConfigText(const std::string& text, const std::string& sourceName);

} // namespace qmsd::city
