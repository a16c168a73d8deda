#include "city/city_auth.hpp"

#include "http/auth.hpp"

namespace qmsd::city {

CityAuth::CityAuth(const std::vector<CityUser>& users) {
    for (const auto& u : users) {
        byHash_[u.tokenHash] = CityCaller{u.id, u.role, u.office};
        byId_[u.id] = CityCaller{u.id, u.role, u.office};
    }
}

Result<CityCaller> CityAuth::identify(std::string_view token) const {
    if (token.empty()) {
        return CityCaller{};
    }
    auto it = byHash_.find(http::hashToken(token));
    if (it == byHash_.end()) {
        return makeError(ErrorCode::unauthenticated, "unknown token");
    }
    return it->second;
}

CityCaller CityAuth::byId(const std::string& id) const {
    auto it = byId_.find(id);
    return it == byId_.end() ? CityCaller{} : it->second;
}

} // namespace qmsd::city
