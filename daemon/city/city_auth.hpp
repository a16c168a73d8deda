#pragma once
// Who reads the city view: tokens from [[user]] (only their BLAKE2b hashes are
// configured, like the office's clients). A city leader sees every office, an
// office leader only their own — in the office list, the live stream and
// the reports alike.
#include "city/city_config.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qmsd::city {

struct CityCaller {
    std::string id; // empty: anonymous
    CityRole role = CityRole::officeLeader;
    std::string office;

    bool anonymous() const { return id.empty(); }
    bool canSee(const std::string& officeId) const {
        return !anonymous() && (role == CityRole::cityLeader || office == officeId);
    }
};

class CityAuth {
  public:
    explicit CityAuth(const std::vector<CityUser>& users);
    // No token: anonymous; an unknown token: unauthenticated.
    Result<CityCaller> identify(std::string_view token) const;
    // The caller a handler runs for (ids are unique); anonymous when unknown.
    CityCaller byId(const std::string& id) const;

  private:
    std::unordered_map<std::string, CityCaller> byHash_;
    std::unordered_map<std::string, CityCaller> byId_;
};

} // namespace qmsd::city
