// The webhook transport against Python's http.server (webhook_receiver.py),
// which records every request it gets and answers with the status the path
// asks for.
#include "messages/webhook_transport.hpp"
#include "support/child_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

using namespace qmsd;
using namespace qmsd::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kVietnamese = "Mời công dân số A012 đến quầy 3. Xin cảm ơn!";

struct Receiver {
    Receiver()
        : dir(makeDir()),
          child({"/usr/bin/python3", std::string(QMSD_MESSAGES_TEST_DIR) + "/webhook_receiver.py",
                 dir + "/requests.jsonl"},
                dir + "/receiver.out") {
        REQUIRE(waitForText(dir + "/receiver.out", "\n", 10s));
        std::string out = readFile(dir + "/receiver.out");
        REQUIRE(out.rfind("PORT ", 0) == 0);
        port = std::stoi(out.substr(5));
    }
    ~Receiver() {
        child.signal(SIGTERM);
        child.wait(5s);
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    static std::string makeDir() {
        char tmpl[] = "/tmp/qmsd-webhook-XXXXXX";
        return ::mkdtemp(tmpl);
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port) + path;
    }
    std::vector<nlohmann::json> requests() const {
        std::vector<nlohmann::json> out;
        std::istringstream in(readFile(dir + "/requests.jsonl"));
        for (std::string line; std::getline(in, line);) {
            out.push_back(nlohmann::json::parse(line));
        }
        return out;
    }

    std::string dir;
    ChildProcess child;
    int port = 0;
};

std::unique_ptr<MessageTransport> webhook(const std::string& url,
                                          std::string token = "s3cret-token",
                                          std::chrono::milliseconds timeout = 5000ms) {
    auto made = makeWebhook({url, std::move(token), timeout, "hcm-q1"});
    std::string why = made.ok() ? "" : made.error().message;
    INFO(why);
    REQUIRE(made.ok());
    return std::move(made.value());
}

// A port with nothing listening: bound once by us, then let go.
int freePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

} // namespace

TEST_CASE("the webhook posts the message as the gateway expects it", "[messages][webhook]") {
    Receiver rx;
    auto t = webhook(rx.url("/status/200/sms"));
    CHECK(t->name() == "webhook");

    auto h = t->send({42, "0901234567", kVietnamese, "called"});
    CHECK(h.result == HandoffResult::accepted);
    CHECK(h.why.find("200") != std::string::npos);
    CHECK(t->status(42).state == DeliveryState::sent);
    CHECK(t->status(43).state == DeliveryState::unknown);

    auto reqs = rx.requests();
    REQUIRE(reqs.size() == 1);
    const auto& r = reqs[0];
    CHECK(r["path"] == "/status/200/sms");
    CHECK(r["utf8"] == true);
    CHECK(r["headers"]["content-type"] == "application/json; charset=utf-8");
    CHECK(r["headers"]["idempotency-key"] == "hcm-q1-42");
    CHECK(r["headers"]["authorization"] == "Bearer s3cret-token");
    CHECK(r["headers"]["host"] == "127.0.0.1:" + std::to_string(rx.port));
    auto body = nlohmann::json::parse(r["body"].get<std::string>());
    CHECK(body["id"] == "hcm-q1-42");
    CHECK(body["to"] == "0901234567");
    CHECK(body["text"] == kVietnamese);
    CHECK(body["kind"] == "called");
    CHECK(body.size() == 4);
}

TEST_CASE("the webhook sends no Authorization without a token", "[messages][webhook]") {
    Receiver rx;
    auto t = webhook(rx.url("/status/201"), "");
    CHECK(t->send({1, "0901234567", "Hello", "turn_near"}).result == HandoffResult::accepted);
    auto reqs = rx.requests();
    REQUIRE(reqs.size() == 1);
    CHECK_FALSE(reqs[0]["headers"].contains("authorization"));
}

TEST_CASE("the webhook reads the gateway's status", "[messages][webhook]") {
    Receiver rx;
    SECTION("busy or down: try again") {
        for (const char* code : {"503", "500", "429", "408"}) {
            auto h = webhook(rx.url(std::string("/status/") + code))
                         ->send({2, "0901234567", "Hello", "called"});
            CHECK(h.result == HandoffResult::retry);
            CHECK(h.why.find(code) != std::string::npos);
        }
    }
    SECTION("refused for good: the why carries the start of the body") {
        auto t = webhook(rx.url("/status/400"));
        auto h = t->send({3, "0901234567", "Hello", "called"});
        CHECK(h.result == HandoffResult::rejected);
        CHECK(h.why.find("400") != std::string::npos);
        CHECK(h.why.find("invalid recipient: the number is not a Vietnamese mobile number.") !=
              std::string::npos);
        CHECK(h.why.size() < 260); // 200 bytes of the body, not all 360
        CHECK(t->status(3).state == DeliveryState::unknown);
    }
    SECTION("the token never shows in a why") {
        auto h = webhook(rx.url("/status/401"))->send({4, "0901234567", "Hello", "called"});
        CHECK(h.result == HandoffResult::rejected);
        CHECK(h.why.find("s3cret") == std::string::npos);
    }
}

TEST_CASE("the webhook when the gateway is unreachable or silent", "[messages][webhook]") {
    SECTION("nothing listening: try again") {
        auto h = webhook("http://127.0.0.1:" + std::to_string(freePort()) + "/sms")
                     ->send({5, "0901234567", "Hi", "called"});
        CHECK(h.result == HandoffResult::retry);
        CHECK(h.why.find("cannot connect") != std::string::npos);
    }
    SECTION("a name that does not resolve: try again") {
        auto h = webhook("http://qmsd-no-such-host.invalid/sms")
                     ->send({5, "0901234567", "Hi", "called"});
        CHECK(h.result == HandoffResult::retry);
        CHECK(h.why.find("cannot resolve") != std::string::npos);
    }
    SECTION("the request arrived but no answer came: uncertain") {
        Receiver rx;
        auto t = webhook(rx.url("/hang"), "s3cret-token", 300ms);
        auto start = std::chrono::steady_clock::now();
        auto h = t->send({6, "0901234567", "Hi", "called"});
        auto took = std::chrono::steady_clock::now() - start;
        CHECK(h.result == HandoffResult::uncertain);
        CHECK(h.why.find("timed out") != std::string::npos);
        CHECK(took < 2s);
        CHECK(rx.requests().size() == 1);
        CHECK(t->status(6).state == DeliveryState::unknown);
    }
}

TEST_CASE("makeWebhook refuses a bad configuration", "[messages][webhook]") {
    auto refusal = [](const std::string& url, const std::string& office = "hcm-q1") {
        auto made = makeWebhook({url, "", 5000ms, office});
        REQUIRE_FALSE(made.ok());
        CHECK(made.error().code == ErrorCode::configInvalid);
        return made.error().message;
    };
    CHECK(refusal("https://gw.example.vn/sms").find("local TLS relay") != std::string::npos);
    CHECK(refusal("ftp://gw.example.vn/sms").find("http://") != std::string::npos);
    CHECK(refusal("gw.example.vn/sms").find("gw.example.vn/sms") != std::string::npos);
    CHECK(refusal("http:///sms").find("no host") != std::string::npos);
    CHECK(refusal("http://gw:99999/sms").find("port") != std::string::npos);
    CHECK(refusal("http://gw:http/sms").find("port") != std::string::npos);
    CHECK(refusal("http://gw.example .vn/sms").find("spaces") != std::string::npos);
    CHECK(refusal("http://user:pw@gw/sms").find("bearer") != std::string::npos);
    CHECK(refusal("http://gw/sms", "").find("officeId") != std::string::npos);
    CHECK(makeWebhook({"http://gw", "", 5000ms, "x"}).ok());
    CHECK(makeWebhook({"http://[::1]:8080/sms", "", 5000ms, "x"}).ok());
    CHECK_FALSE(makeWebhook({"http://gw/sms", "bad token", 5000ms, "x"}).ok());
    CHECK_FALSE(makeWebhook({"http://gw/sms", "", 0ms, "x"}).ok());
}
