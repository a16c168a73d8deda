// The Host rule (DNS rebinding) and the framing rule (RFC 9112 §6), on
// requests built in memory; tests/integration/api/test_bad_input.py sends
// them over sockets.
#include "http/request_checks.hpp"

#include <boost/beast/http/field.hpp>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::http;
namespace bh = boost::beast::http;

namespace {

HttpRequest request(const std::string& target, const std::string& host, unsigned version = 11) {
    HttpRequest req{bh::verb::get, target, version};
    if (!host.empty()) {
        req.set(bh::field::host, host);
    }
    return req;
}

HostRule rule(const std::string& publicUrl, std::vector<std::string> extra = {}) {
    ApiSettings api;
    api.publicUrl = publicUrl;
    api.allowedHosts = std::move(extra);
    HostRule r;
    r.configure(api);
    return r;
}

} // namespace

TEST_CASE("the host part of a Host value", "[http][host]") {
    CHECK(HostRule::hostOf("Example.VN:8080") == "example.vn");
    CHECK(HostRule::hostOf("qms.example.vn.") == "qms.example.vn");
    CHECK(HostRule::hostOf("[::1]:80") == "::1");
    CHECK(HostRule::hostOf("::1") == "::1");
    CHECK(HostRule::hostOf("127.0.0.1") == "127.0.0.1");
    CHECK(HostRule::hostOf("a b").empty());
    CHECK(HostRule::hostOf("host:port").empty());
    CHECK(HostRule::hostOf("[::1").empty());
    CHECK(HostRule::hostOf("").empty());
}

TEST_CASE("names of this server pass, IP literals pass, other names do not", "[http][host]") {
    auto r = rule("https://qms.ubnd-bennghe.vn", {"quay.local"});
    for (const char* ok : {"qms.ubnd-bennghe.vn", "QMS.ubnd-bennghe.vn:443", "quay.local:8080", "localhost",
                           "10.0.0.5:8080", "[fe80::1]", "127.0.0.1"}) {
        INFO(ok);
        CHECK(r.check(request("/api/v1/health", ok)).ok());
    }
    for (const char* bad : {"evil.example", "qms.ubnd-bennghe.vn.evil.example", "10.0.0.5.nip.io", "local"}) {
        INFO(bad);
        auto st = r.check(request("/api/v1/health", bad));
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().message.find("allowed_hosts") != std::string::npos);
    }
}

TEST_CASE("a Host is required in HTTP/1.1; an absolute target's authority stands for it", "[http][host]") {
    auto r = rule("http://127.0.0.1:8080");
    CHECK_FALSE(r.check(request("/", "")).ok());
    CHECK(r.check(request("/", "", 10)).ok());
    CHECK(r.check(request("http://127.0.0.1/api/v1/fields", "evil.example")).ok());
    CHECK_FALSE(r.check(request("http://evil.example/api/v1/fields", "127.0.0.1")).ok());
    auto twice = request("/", "127.0.0.1");
    twice.insert(bh::field::host, "evil.example");
    CHECK_FALSE(r.check(twice).ok());
}

TEST_CASE("transfer codings other than chunked alone are refused", "[http][framing]") {
    auto with = [](const std::string& te, unsigned version = 11) {
        auto req = request("/", "127.0.0.1", version);
        req.set(bh::field::transfer_encoding, te);
        return framingError(req);
    };
    CHECK_FALSE(framingError(request("/", "127.0.0.1")).has_value());
    CHECK_FALSE(with("chunked").has_value());
    CHECK_FALSE(with(" Chunked ").has_value());
    for (const char* bad : {"gzip", "gzip, chunked", "chunked, gzip", "identity", ""}) {
        INFO(bad);
        auto e = with(bad);
        REQUIRE(e.has_value());
        CHECK(e->code == ErrorCode::invalidArgument);
        CHECK(e->message.find("Transfer-Encoding") != std::string::npos);
    }
    CHECK(with("chunked", 10).has_value());
    auto both = request("/", "127.0.0.1");
    both.set(bh::field::transfer_encoding, "chunked");
    both.set(bh::field::content_length, "5");
    CHECK(framingError(both).has_value());
}
