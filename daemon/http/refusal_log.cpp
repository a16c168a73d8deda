#include "http/refusal_log.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace qmsd::http {

namespace {
constexpr std::size_t kMaxAddresses = 1000; // beyond: counted under "other"
constexpr std::size_t kTopAddresses = 3;
} // namespace

RefusalLog::RefusalLog(boost::asio::io_context& io, std::shared_ptr<spdlog::logger> log,
                       std::chrono::milliseconds period)
    : timer_(io), log_(std::move(log)), period_(period) {}

RefusalLog::~RefusalLog() {
    *alive_ = false;
}

void RefusalLog::note(const std::string& what, const std::string& address, const std::string& detail) {
    if (!open_) {
        open_ = true;
        log_->warn("refused what={} address={}: {} (more refusals are summed up every {} s)", what, address,
                   detail, std::chrono::duration_cast<std::chrono::seconds>(period_).count());
        timer_.expires_after(period_);
        timer_.async_wait([this, alive = alive_](boost::system::error_code ec) {
            if (!ec && *alive) {
                summarize();
            }
        });
        return;
    }
    ++byKind_[what];
    if (byAddress_.size() < kMaxAddresses || byAddress_.count(address) != 0) {
        ++byAddress_[address];
    } else {
        ++byAddress_["other"];
    }
}

void RefusalLog::summarize() {
    if (byKind_.empty()) {
        open_ = false; // quiet for a whole period: the next refusal is logged in full again
        return;
    }
    long total = 0;
    std::string kinds;
    for (const auto& [kind, n] : byKind_) {
        total += n;
        kinds += (kinds.empty() ? "" : " ") + kind + "=" + std::to_string(n);
    }
    std::vector<std::pair<std::string, long>> top(byAddress_.begin(), byAddress_.end());
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string worst;
    for (std::size_t i = 0; i < top.size() && i < kTopAddresses; ++i) {
        worst += (worst.empty() ? "" : " ") + top[i].first + "=" + std::to_string(top[i].second);
    }
    log_->warn("refused {} more in the last {} s: {}; most from {}", total,
               std::chrono::duration_cast<std::chrono::seconds>(period_).count(), kinds, worst);
    byKind_.clear();
    byAddress_.clear();
    timer_.expires_after(period_);
    timer_.async_wait([this, alive = alive_](boost::system::error_code ec) {
        if (!ec && *alive) {
            summarize();
        }
    });
}

} // namespace qmsd::http
