#pragma once
// The daemon the fuzz target talks to: a real qmsd::Daemon in this process on
// the demo office (open all day, cheap PIN hashes, a temp data dir, port 0),
// a second http::Api on it to dispatch to without a socket, and what inputs
// may refer to: live staff tokens and tickets seen in replies.
#include "app/daemon.hpp"
#include "http/api.hpp"

#include <boost/asio/io_context.hpp>

#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace qmsd::fuzz {

constexpr int kCounters = 6;
inline constexpr const char* kKioskToken = "demo-kiosk-token-0001";
inline constexpr const char* kDisplayToken = "demo-display-token-0001";
inline constexpr const char* kLeaderToken = "demo-leader-token-0001";
inline constexpr const char* kAdminToken = "demo-admin-token-0001";

struct Office {
    std::filesystem::path base; // office.toml, and one data dir per generation
    std::filesystem::path dir;
    std::unique_ptr<boost::asio::io_context> io;
    std::unique_ptr<Daemon> daemon;
    std::unique_ptr<http::Api> api;
    std::string staffTokens[kCounters + 1]; // by counter
    std::deque<std::string> publicIds;
    std::deque<std::string> codes;
    std::deque<std::int64_t> ids;
    long inputs = 0;
    long resetEvery = 2000; // QMSD_FUZZ_RESET_EVERY
    bool trace = false;     // QMSD_FUZZ_TRACE: each request line and its reply on stderr
    long requestIds = 0;
    int generation = 0;

    // A fresh daemon: six staff logged in, twelve tickets, two called.
    void start();
    void stop();
    // Logs staff back in where the fuzzer logged them out or closed the counter.
    void repair();
    // Dispatches one request and runs the loop until it is answered (aborts
    // if it is not, or is answered twice, or an exception escapes).
    http::HttpResponse exchange(http::HttpRequest req, const std::string& remote, const std::string& text);
    // Remembers tickets and staff tokens from a reply.
    void learn(const http::Json& reply);
};

Office& office();

// The demo office, open all day, with cheap PIN hashes and a high kiosk rate.
std::string fuzzOfficeToml(const std::string& demo);

// Checks a reply as Connection::write would send it; returns its JSON body.
http::Json checkReply(http::HttpResponse res, std::string_view request);

[[noreturn]] void fail(const std::string& what, std::string_view request, std::string_view reply);
std::string escaped(std::string_view bytes);

} // namespace qmsd::fuzz
