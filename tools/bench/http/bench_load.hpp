#pragma once
// http_bench's clients: N keep-alive Boost.Beast connections on one
// io_context, each sending its script's next request as soon as the reply to
// the last one is in, with every request's latency recorded.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace qmsd::bench {

using Clock = std::chrono::steady_clock;
using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

double wallNow(); // seconds since the epoch (strace's clock)

// What one load run saw: latencies of the replies that came within the window.
struct Tally {
    std::vector<double> ms;
    long completed = 0;
    long refused = 0; // clients stopped by an unexpected reply
    std::string firstRefusal;
    Clock::time_point start{};
    Clock::time_point end{};
    Clock::time_point lastReply{};
    double wallStart = 0;
};

// What a client sends next (false: it is done) and whether a reply is what
// it expected (false: this client stops).
struct Script {
    std::function<bool(Request&)> next;
    std::function<bool(const Response&)> check;
};

// Connects `n` clients, then lets them run for `seconds` (or until their
// scripts end), measured from the moment the last one connected.
Tally runLoad(const boost::asio::ip::tcp::endpoint& ep, int n, double seconds,
              const std::function<Script(int)>& scriptFor);

// Issues tickets with unique request ids as kiosk `client % kKiosks + 1`;
// stops when `budget` (if any) runs out.
Script issueScript(int client, std::shared_ptr<long> budget);
// call-next, finish, call-next, ... at `counter` with a staff session token.
Script callScript(const std::string& token, int counter);

// Staff log in at counters 1..n (which opens them); returns their tokens.
std::vector<std::string> logIn(const boost::asio::ip::tcp::endpoint& ep, int n);

} // namespace qmsd::bench
