#pragma once
// Logs a run of the same failure without flooding the log: the first one at
// once, then at most one summary line per interval saying how many followed,
// and one line when it clears. A full disk that refuses 13,000 requests in 18
// seconds writes three lines, not 13,000, and the last says how many.
#include "core/result.hpp"
#include "core/time.hpp"

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace qmsd {

class FailureLog {
  public:
    // `what` names the failing thing in the lines ("commit").
    FailureLog(std::shared_ptr<spdlog::logger> log, std::string what, std::chrono::seconds interval);

    // One more failure, refusing `requests` requests.
    void failed(const Error& e, std::size_t requests, TimePoint now);
    // It works again: says so once, with the totals, if it had failed.
    void succeeded(TimePoint now);
    bool failing() const { return failures_ > 0; }

  private:
    std::shared_ptr<spdlog::logger> log_;
    std::string what_;
    std::chrono::seconds interval_;
    std::size_t failures_ = 0, requests_ = 0; // since the run started
    std::size_t unlogged_ = 0, unloggedRequests_ = 0; // since the last line
    TimePoint since_{}, lastLine_{};
    std::string lastMessage_;
};

} // namespace qmsd
