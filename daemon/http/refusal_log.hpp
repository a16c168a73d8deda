#pragma once
// Refusals (a full server, an address over its share, a throttled login) are
// what a flood produces by the thousand: logging each one filled 11 MB in 40 s.
// The first refusal after a quiet spell is logged in full; the ones after it
// are counted and summed up in one line per period, with the addresses that
// caused most of them.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace qmsd::http {

class RefusalLog {
  public:
    RefusalLog(boost::asio::io_context& io, std::shared_ptr<spdlog::logger> log,
               std::chrono::milliseconds period = std::chrono::seconds{10});
    ~RefusalLog();
    RefusalLog(const RefusalLog&) = delete;
    RefusalLog& operator=(const RefusalLog&) = delete;
    // `what`: a short stable name ("address_full", "server_full", ...).
    void note(const std::string& what, const std::string& address, const std::string& detail);

  private:
    void summarize();

    boost::asio::steady_timer timer_;
    std::shared_ptr<spdlog::logger> log_;
    std::chrono::milliseconds period_;
    bool open_ = false; // a refusal was logged in full; the rest are counted until quiet again
    std::map<std::string, long> byKind_;
    std::map<std::string, long> byAddress_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace qmsd::http
