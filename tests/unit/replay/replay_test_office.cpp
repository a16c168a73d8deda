#include "replay_test_office.hpp"

#include <catch2/catch.hpp>

namespace qmsd::test {

const OfficeClock& replayClock() {
    static const OfficeClock clock = *OfficeClock::forZone("Asia/Ho_Chi_Minh");
    return clock;
}

replay::Arrivals arrivalsOf(const std::string& csv, const OfficeConfig& cfg) {
    auto a = replay::parseArrivals(csv, "arrivals.csv", cfg, replayClock());
    if (!a) {
        FAIL("arrivals did not parse: " << a.error().message);
    }
    return *a;
}

std::string arrivalsErrorOf(const std::string& csv, const OfficeConfig& cfg) {
    auto a = replay::parseArrivals(csv, "arrivals.csv", cfg, replayClock());
    REQUIRE_FALSE(a.ok());
    return a.error().message;
}

} // namespace qmsd::test
