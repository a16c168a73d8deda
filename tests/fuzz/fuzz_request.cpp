// libFuzzer target over the HTTP request path. Bytes go through Beast's
// request parser with the server's limits, as Connection reads them, and every
// request that comes out through qmsd::http::Api::dispatch — routing, query
// parsing, the bearer token, JSON bodies, every handler — against a real
// Daemon in this process (fuzz_office.*). tests/fuzz/README.md has the input
// format and how to run it.
//
// It aborts when a reply is not valid HTTP, has a status of 500 (an internal
// error) or 600 and up, has a body that is not a JSON object (except 204),
// comes twice or never, or when an exception escapes the API.
#include "fuzz_inputs.hpp"
#include "fuzz_office.hpp"

#include "app/logging.hpp"
#include "http/reply.hpp"
#include "http/request_checks.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace qmsd;
using namespace qmsd::fuzz;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
namespace fs = std::filesystem;
using http::HttpRequest;

namespace {

constexpr int kMaxRequestsPerInput = 16;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Reads requests off `in` as Connection does (same limits), answering each,
// until the bytes run out, the parser refuses, or the connection would close.
void serveConnection(Office& o, std::string_view in, const std::string& remote) {
    for (int i = 0; i < kMaxRequestsPerInput && !in.empty(); ++i) {
        std::string_view start = in;
        bh::request_parser<bh::string_body> parser;
        // Read each time: a reload replaces the config.
        parser.body_limit(static_cast<std::size_t>(o.daemon->config().api.maxBodyBytes));
        parser.header_limit(8 * 1024);
        beast::error_code ec;
        bool stalled = false;
        while (!parser.is_done()) {
            if (in.empty() || stalled) {
                // No more bytes will come: the client closed (or would time out).
                if (parser.got_some()) {
                    parser.put_eof(ec);
                } else {
                    ec = bh::error::end_of_stream;
                }
                break;
            }
            std::size_t n = parser.put(asio::buffer(in.data(), in.size()), ec);
            in.remove_prefix(n);
            if (ec == bh::error::need_more) {
                ec = {};
                stalled = n == 0; // needs more than there is
                continue;
            }
            if (ec) {
                break;
            }
        }
        if (ec == bh::error::end_of_stream) {
            return;
        }
        std::string text(start.substr(0, start.size() - in.size()));
        std::optional<Error> refused;
        if (ec == bh::error::partial_message) {
            refused = makeError(ErrorCode::requestTimeout, "the request did not arrive whole");
        } else if (ec == bh::error::body_limit) {
            refused = makeError(ErrorCode::bodyTooLarge, "the body is too large");
        } else if (ec == bh::error::header_limit) {
            refused = makeError(ErrorCode::headersTooLarge, "the headers are too large");
        } else if (ec) {
            refused = makeError(ErrorCode::invalidArgument, "malformed HTTP request: " + ec.message());
        }
        if (refused) {
            checkReply(http::errorReply(*refused), text);
            return;
        }
        if (!parser.is_done()) {
            return;
        }
        HttpRequest req = parser.release();
        if (auto bad = http::framingError(req)) { // as Connection: refused, and the connection closed
            checkReply(http::errorReply(*bad), text);
            return;
        }
        if (beast::websocket::is_upgrade(req)) {
            return; // handed to the event stream, not to dispatch
        }
        bool keepAlive = req.keep_alive();
        o.learn(checkReply(o.exchange(std::move(req), remote, text), text));
        if (!keepAlive) {
            return;
        }
    }
}

void serveStructured(Office& o, const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    std::string remote = "192.0.2." + std::to_string(in.ConsumeIntegral<std::uint8_t>());
    for (int i = 0; i < kMaxRequestsPerInput && in.remaining_bytes() > 0; ++i) {
        bool last = false;
        std::string request = buildRequest(o, in, last);
        // One connection per request: the state it builds on (tickets seen,
        // tokens) is learnt from the replies before the next is built.
        serveConnection(o, request, remote);
        if (last) {
            break;
        }
    }
}

void removeBase() {
    std::error_code ec;
    fs::remove_all(office().base, ec);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (sodium_init() < 0) {
        std::abort();
    }
    initLogging("off");
    Office& o = office();
    // tmpfs when there is one: every commit syncs, and the fuzzer commits a lot.
    const char* env = std::getenv("QMSD_FUZZ_DATA_DIR");
    fs::path root = env != nullptr ? fs::path(env)
                    : fs::is_directory("/dev/shm") && ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm")
                                                                                       : fs::temp_directory_path();
    // A crashed run cannot clean up after itself: remove what dead ones left.
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind("qmsd-fuzz-", 0) == 0 && name.find_first_not_of("0123456789", 10) == std::string::npos &&
            !fs::exists("/proc/" + name.substr(10))) {
            fs::remove_all(it->path(), ec);
        }
    }
    o.base = root / ("qmsd-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(o.base);
    std::atexit(removeBase);
    o.trace = std::getenv("QMSD_FUZZ_TRACE") != nullptr;
    if (const char* every = std::getenv("QMSD_FUZZ_RESET_EVERY")) {
        o.resetEvery = std::max(1L, std::atol(every));
    }
    std::string demo = readFile(QMSD_DEMO_CONFIG);
    if (demo.empty()) {
        std::cerr << "fuzz_request: cannot read " << QMSD_DEMO_CONFIG << std::endl;
        std::abort();
    }
    std::ofstream(o.base / "office.toml") << fuzzOfficeToml(demo);
    o.start();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Office& o = office();
    // A fresh office now and then: bounded state, and inputs that mostly
    // reproduce on their own.
    if (++o.inputs % o.resetEvery == 0 || o.daemon->journal().engine().tickets().size() > 400) {
        o.stop();
        o.start();
    }
    o.repair();
    if (size == 0) {
        return 0;
    }
    if (data[0] >= 'A' && data[0] <= 'Z') {
        serveConnection(o, std::string_view(reinterpret_cast<const char*>(data), size), "127.0.0.1");
    } else {
        serveStructured(o, data, size);
    }
    return 0;
}
