#include "fuzz_office.hpp"

#include "http/reply.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>

namespace qmsd::fuzz {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
namespace fs = std::filesystem;
using http::HttpRequest;
using http::HttpResponse;
using http::Json;

// Printable, one line: for the report of a failure.
std::string escaped(std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

[[noreturn]] void fail(const std::string& what, std::string_view request, std::string_view reply) {
    std::cerr << "\nfuzz_request: " << what << "\n  request: " << escaped(request)
              << "\n  reply:   " << escaped(reply) << std::endl;
    std::abort();
}

namespace {

// An argon2id hash that takes microseconds to check (the demo's take 64 MiB
// and a good part of a second under ASan): logins stay cheap to fuzz.
std::string cheapPinHash(const std::string& pin) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_MIN,
                          crypto_pwhash_MEMLIMIT_MIN) != 0) {
        std::abort();
    }
    return out;
}

} // namespace

// Same PINs as the demo (nv0N → NNNN); a kiosk rate high enough to issue
// freely that the limit can still be reached.
std::string fuzzOfficeToml(const std::string& demo) {
    std::string text = std::regex_replace(demo, std::regex(R"((\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*)"),
                                          "$1= [\"00:00-24:00\"]");
    text = std::regex_replace(text, std::regex(R"(\ncutoff_minutes *= *\d+)"), "\ncutoff_minutes = 0");
    text = std::regex_replace(text, std::regex(R"(\nclosed_dates = \[[^\]]*\])"), "");
    text = std::regex_replace(text, std::regex(R"(\n\[api\]\n)"), "\n[api]\nkiosk_rate_per_minute = 6000\n");
    std::istringstream in(text);
    std::string line;
    std::string out;
    std::string digit = "0";
    const std::regex staffId(R"re(id\s*=\s*"nv0(\d)".*)re");
    const std::regex pinHash(R"(pin_hash\s*=.*)");
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, staffId)) {
            digit = m[1];
        } else if (std::regex_match(line, pinHash)) {
            line = "pin_hash = \"" + cheapPinHash(std::string(4, digit[0])) + "\"";
        }
        out += line + "\n";
    }
    return out;
}

Office& office() {
    static Office o;
    return o;
}

namespace {

void remember(std::deque<std::string>& list, const std::string& v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) {
        list.push_back(v);
        if (list.size() > 32) {
            list.pop_front();
        }
    }
}

} // namespace

void Office::learn(const Json& reply) {
    auto ticket = reply.find("ticket");
    if (ticket != reply.end() && ticket->is_object()) {
        if (auto p = ticket->find("public_id"); p != ticket->end() && p->is_string()) {
            remember(publicIds, p->get<std::string>());
        }
        if (auto c = ticket->find("code"); c != ticket->end() && c->is_string()) {
            remember(codes, c->get<std::string>());
        }
        if (auto i = ticket->find("id"); i != ticket->end() && i->is_number_integer()) {
            ids.push_back(i->get<std::int64_t>());
            if (ids.size() > 32) {
                ids.pop_front();
            }
        }
    }
    auto token = reply.find("token");
    auto counter = reply.find("counter");
    if (token != reply.end() && token->is_string() && counter != reply.end() && counter->is_number_integer()) {
        int n = counter->get<int>();
        if (n >= 1 && n <= kCounters) {
            staffTokens[n] = token->get<std::string>();
        }
    }
}

Json checkReply(HttpResponse res, std::string_view request) {
    res.keep_alive(true);
    res.set(bh::field::server, "qmsd");
    res.prepare_payload();
    std::ostringstream os;
    os << res;
    std::string wire = os.str();
    bh::response_parser<bh::string_body> parser;
    parser.eager(true);
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code ec;
    parser.put(asio::buffer(wire), ec);
    if (ec || !parser.is_done()) {
        fail("reply is not valid HTTP (" + ec.message() + ")", request, wire);
    }
    unsigned status = res.result_int();
    if (status < 100 || status >= 600) {
        fail("reply status " + std::to_string(status), request, wire);
    }
    if (status == 500) {
        fail("internal error (500)", request, wire);
    }
    if (status == 204) {
        if (!res.body().empty()) {
            fail("204 with a body", request, wire);
        }
        return Json::object();
    }
    if (res[bh::field::content_type].substr(0, 16) != "application/json") {
        // Web pages are the one exception: GET or HEAD of an origin-form path
        // outside /api/, answered 200 or 304 (errors are JSON there too).
        std::string_view line = request.substr(0, request.find("\r\n"));
        bool pageRequest = (line.starts_with("GET /") || line.starts_with("HEAD /")) &&
                           line.find(" /api/") == std::string_view::npos;
        if (!pageRequest || (status != 200 && status != 304)) {
            fail("reply is not application/json", request, wire);
        }
        return Json::object();
    }
    Json body = Json::parse(res.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        fail("reply body is not a JSON object", request, wire);
    }
    auto error = body.find("error");
    if ((status >= 400) != (error != body.end())) {
        fail("an error status without an error object, or the other way round", request, wire);
    }
    if (error != body.end()) {
        for (const char* key : {"code", "message", "vi", "en"}) {
            auto it = error->find(key);
            if (it == error->end() || !it->is_string() || it->get<std::string>().empty()) {
                fail(std::string("error without '") + key + "'", request, wire);
            }
        }
        if ((*error)["code"] == "internal") {
            fail("internal error", request, wire);
        }
    }
    return body;
}

HttpResponse Office::exchange(HttpRequest req, const std::string& remote, const std::string& text) {
    auto calls = std::make_shared<int>(0);
    auto out = std::make_shared<std::optional<HttpResponse>>();
    try {
        api->dispatch(std::move(req), remote, [calls, out](HttpResponse res) {
            if (++*calls == 1) {
                *out = std::move(res);
            }
        });
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{20};
        while (*calls == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                fail("no reply within 20 s", text, "");
            }
            if (io->stopped()) {
                io->restart();
            }
            io->run_one_for(std::chrono::milliseconds{50});
        }
        io->poll(); // a second reply, if any, would come now
    } catch (const std::exception& e) {
        fail(std::string("exception escaped the API: ") + e.what(), text, "");
    }
    if (*calls != 1) {
        fail("replied " + std::to_string(*calls) + " times", text, "");
    }
    if (trace) {
        std::cerr << escaped(text.substr(0, text.find('\r'))) << " -> " << (*out)->result_int() << " "
                  << escaped((*out)->body().substr(0, 160)) << "\n";
    }
    return std::move(**out);
}

// --- the daemon's lifetime ---------------------------------------------------

namespace {

HttpRequest makeRequest(bh::verb method, const std::string& target, const std::string& bearer, const Json& body) {
    HttpRequest req{method, target, 11};
    req.set(bh::field::host, "127.0.0.1");
    if (!bearer.empty()) {
        req.set(bh::field::authorization, "Bearer " + bearer);
    }
    if (!body.is_null()) {
        req.set(bh::field::content_type, "application/json");
        req.body() = body.dump();
    }
    req.prepare_payload();
    return req;
}

// Set-up traffic that must succeed, so every input starts from a live office.
void must(Office& o, HttpRequest req, unsigned status) {
    std::string text(req.target());
    HttpResponse res = o.exchange(std::move(req), "127.0.0.1", text);
    if (res.result_int() != status) {
        fail("set-up request refused", text, res.body());
    }
    o.learn(checkReply(std::move(res), text));
}

HttpRequest loginRequest(int counter) {
    std::string digit = std::to_string(counter);
    return makeRequest(bh::verb::post, "/api/v1/sessions", "",
                       Json{{"staff", "nv0" + digit}, {"pin", std::string(4, digit[0])}, {"counter", counter}});
}

} // namespace

void Office::start() {
    ++generation;
    dir = base / ("office-" + std::to_string(generation));
    fs::create_directories(dir);
    io = std::make_unique<asio::io_context>();
    DaemonOptions options{(base / "office.toml").string(), (dir / "data").string(), "off", false, 0};
    daemon = std::make_unique<Daemon>(*io, options);
    if (auto st = daemon->start(); !st) {
        std::cerr << "fuzz_request: the daemon did not start: " << st.error().message << std::endl;
        std::abort();
    }
    // A second Api on the same daemon: the real class, without a socket.
    api = std::make_unique<http::Api>(*io, *daemon, daemon->store());
    for (int c = 1; c <= kCounters; ++c) {
        must(*this, loginRequest(c), 201);
    }
    const char* fields[] = {"ho_tich", "chung_thuc", "dat_dai", "kinh_doanh", "ldtbxh", "phan_anh"};
    for (int i = 0; i < 12; ++i) {
        must(*this,
             makeRequest(bh::verb::post, "/api/v1/tickets", kKioskToken,
                         Json{{"field", fields[i % 6]}, {"request_id", "setup-" + std::to_string(i)}}),
             201);
    }
    must(*this, makeRequest(bh::verb::post, "/api/v1/counters/1/call-next", staffTokens[1], nullptr), 200);
    must(*this, makeRequest(bh::verb::post, "/api/v1/counters/3/call-next", staffTokens[3], nullptr), 200);
    must(*this, makeRequest(bh::verb::post, "/api/v1/counters/3/start", staffTokens[3], nullptr), 200);
}

void Office::stop() {
    api.reset();
    daemon.reset();
    io.reset(); // drops handlers still queued for the objects above
    std::error_code ec;
    fs::remove_all(dir, ec);
    publicIds.clear();
    codes.clear();
    ids.clear();
    for (auto& t : staffTokens) {
        t.clear();
    }
}

// Without this the fuzzer soon logs everyone out or closes every counter, and
// staff requests stop at 401. Refusals (a PIN lock-out, the staff member busy
// at another counter) are fine: the inputs go on as they are.
void Office::repair() {
    TimePoint now = systemNow();
    for (int c = 1; c <= kCounters; ++c) {
        const Counter* counter = daemon->journal().engine().counter(c);
        auto caller = api->context().auth.identify(staffTokens[c], now);
        if (caller && caller->role == http::Role::staff && counter != nullptr && counter->open) {
            continue;
        }
        HttpRequest req = loginRequest(c);
        std::string text(req.target());
        learn(checkReply(exchange(std::move(req), "198.51.100.1", text), text));
    }
}

} // namespace qmsd::fuzz
