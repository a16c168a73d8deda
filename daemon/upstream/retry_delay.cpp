#include "upstream/retry_delay.hpp"

#include <algorithm>

namespace qmsd::upstream {

bool serverAbsent(std::string_view failure) {
    // libpq's and the server's own words (the daemon runs with the C locale;
    // a translated message only falls back to the doubling backoff).
    for (std::string_view sign : {"Connection refused", "the database system is starting up",
                                  "the database system is shutting down", "the database system is in recovery mode",
                                  "the database system is not yet accepting connections"}) {
        if (failure.find(sign) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

RetryStep nextRetry(const RetryPolicy& policy, Millis previous, std::string_view failure, double unit) {
    unit = std::clamp(unit, 0.0, 1.0);
    RetryStep step;
    if (serverAbsent(failure)) {
        step.nominal = std::min(policy.absentRetry, policy.maxBackoff);
    } else {
        step.nominal = std::min(policy.maxBackoff, std::max(Millis{1000}, previous * 2));
    }
    auto half = step.nominal.count() / 2;
    step.wait = Millis{half + static_cast<Millis::rep>(static_cast<double>(step.nominal.count() - half) * unit)};
    return step;
}

} // namespace qmsd::upstream
