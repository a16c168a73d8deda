#include "app/failure_log.hpp"

#include <spdlog/spdlog.h>

namespace qmsd {

namespace {

double secondsBetween(TimePoint a, TimePoint b) { return std::chrono::duration<double>(b - a).count(); }

} // namespace

FailureLog::FailureLog(std::shared_ptr<spdlog::logger> log, std::string what, std::chrono::seconds interval)
    : log_(std::move(log)), what_(std::move(what)), interval_(interval) {}

void FailureLog::failed(const Error& e, std::size_t requests, TimePoint now) {
    ++failures_;
    requests_ += requests;
    lastMessage_ = e.message;
    if (failures_ == 1) {
        since_ = now;
        lastLine_ = now;
        log_->error("{} failed, {} refused: {} (until a {} succeeds, one line every {} s sums up the refusals)",
                    what_, requests == 1 ? "1 request" : std::to_string(requests) + " requests", e.message, what_,
                    interval_.count());
        return;
    }
    ++unlogged_;
    unloggedRequests_ += requests;
    if (now - lastLine_ >= interval_) {
        log_->error("{} still failing: {} more refused ({} requests) in the last {:.0f} s: {}", what_, unlogged_,
                    unloggedRequests_, secondsBetween(lastLine_, now), lastMessage_);
        lastLine_ = now;
        unlogged_ = 0;
        unloggedRequests_ = 0;
    }
}

void FailureLog::succeeded(TimePoint now) {
    if (failures_ == 0) {
        return;
    }
    log_->info("{} works again: {} refused ({} requests) over {:.1f} s, the last: {}", what_, failures_, requests_,
               secondsBetween(since_, now), lastMessage_);
    failures_ = requests_ = unlogged_ = unloggedRequests_ = 0;
}

} // namespace qmsd
