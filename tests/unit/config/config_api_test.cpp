// [api], [display] and [[client]]: the HTTP API's settings and client tokens.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

namespace {
const std::string kHash = "blake2b:2341e0c49799420284f7b539ac93d0a0fc1e5074993b16299ad381d7088bc623";
}

TEST_CASE("api defaults, and public_url derived from bind and port", "[config][api]") {
    auto cfg = requireValid("[api]\nbind = \"0.0.0.0\"\nport = 9000\n");
    CHECK(cfg.api.port == 9000);
    CHECK(cfg.api.publicUrl == "http://0.0.0.0:9000");
    CHECK(cfg.api.maxConnections == 1000);
    CHECK(cfg.api.reservedConnections == 100); // a tenth, when not set
    CHECK(cfg.api.maxConnectionsPerAddress == 32);
    CHECK(cfg.api.maxStreamsPerAddress == 16);
    CHECK(cfg.api.maxStreamsPerTicket == 4);
    CHECK(cfg.api.headerTimeoutSeconds == 5);
    CHECK(cfg.api.requestTimeoutSeconds == 10);
    CHECK(cfg.api.allowedHosts.empty());
    auto explicitUrl = requireValid("[api]\npublic_url = \"https://qms.example.vn\"\n");
    CHECK(explicitUrl.api.publicUrl == "https://qms.example.vn");
}

TEST_CASE("api values out of range are refused with their key and line", "[config][api]") {
    requireOneProblem("[api]\nport = 70000\n", 2, "api.port", "between 1 and 65535");
    requireOneProblem("[api]\nbind = \"office-pc\"\n", 2, "api.bind", "IPv4 or IPv6");
    requireOneProblem("[api]\npublic_url = \"qms.local\"\n", 2, "api.public_url", "http://");
    requireOneProblem("[api]\nmax_connections = 0\n", 2, "api.max_connections", "");
    requireOneProblem("[api]\nrequest_timeout_seconds = \"10\"\n", 2, "api.request_timeout_seconds",
                      "expected an integer");
    requireOneProblem("[api]\nlisten = 1\n", 2, "api.listen", "unknown key");
}

TEST_CASE("the API's flood limits and host names", "[config][api]") {
    auto cfg = requireValid("[api]\nmax_connections = 300\nmax_connections_per_address = 8\n"
                            "allowed_hosts = [\"qms.ubnd.local\"]\n");
    CHECK(cfg.api.reservedConnections == 30);
    CHECK(cfg.api.maxConnectionsPerAddress == 8);
    CHECK(cfg.api.allowedHosts == std::vector<std::string>{"qms.ubnd.local"});
    CHECK(requireValid("[api]\nreserved_connections = 0\n").api.reservedConnections == 0);
    requireOneProblem("[api]\nmax_connections = 50\nreserved_connections = 50\n", 3, "api.reserved_connections",
                      "less than api.max_connections");
    requireOneProblem("[api]\nheader_timeout_seconds = 0\n", 2, "api.header_timeout_seconds", "");
    requireOneProblem("[api]\nmax_streams_per_ticket = 0\n", 2, "api.max_streams_per_ticket", "");
    requireOneProblem("[api]\nallowed_hosts = [\"http://qms.local:8080\"]\n", 2, "api.allowed_hosts[0]",
                      "without scheme or port");
}

TEST_CASE("clients need a known role and a token hash", "[config][client]") {
    auto cfg = requireValid("[[client]]\nid = \"kiosk1\"\nrole = \"kiosk\"\ntoken_hash = \"" + kHash + "\"\n");
    REQUIRE(cfg.clients.size() == 1);
    CHECK(cfg.clients[0].role == ClientRole::kiosk);
    requireOneProblem("[[client]]\nid = \"tv\"\nrole = \"television\"\ntoken_hash = \"" + kHash + "\"\n", 3,
                      "client[0].role", "kiosk");
    requireOneProblem("[[client]]\nid = \"tv\"\nrole = \"display\"\ntoken_hash = \"secret-token\"\n", 4,
                      "client[0].token_hash", "qmsd hash-token");
    requireOneProblem("[[client]]\nid = \"tv\"\nrole = \"display\"\n", 1, "client[0].token_hash", "required");
    requireOneProblem("[[client]]\nid = \"a\"\nrole = \"admin\"\ntoken_hash = \"" + kHash +
                          "\"\n[[client]]\nid = \"a\"\nrole = \"leader\"\ntoken_hash = \"" + kHash + "\"\n",
                      6, "client[1].id", "duplicate");
}

TEST_CASE("display messages are text lines", "[config][display]") {
    auto cfg = requireValid("[display]\nmessages = [\"Đường dây nóng: 1022\"]\nlatest_calls = 4\n");
    CHECK(cfg.display.messages == std::vector<std::string>{"Đường dây nóng: 1022"});
    CHECK(cfg.display.latestCalls == 4);
    requireOneProblem("[display]\nlatest_calls = 0\n", 2, "display.latest_calls", "");
}

TEST_CASE("the staffing flags' assessment period is set in [analytics]", "[config][analytics]") {
    CHECK(requireValid("").analytics.flagCheckSeconds == 5);
    CHECK(requireValid("[analytics]\nflag_check_seconds = 60\n").analytics.flagCheckSeconds == 60);
    requireOneProblem("[analytics]\nflag_check_seconds = 0\n", 2, "analytics.flag_check_seconds", "");
    requireOneProblem("[analytics]\nflag_check_seconds = 7200\n", 2, "analytics.flag_check_seconds", "3600");
    requireOneProblem("[analytics]\nflag_check_sec = 5\n", 2, "analytics.flag_check_sec", "");
}

TEST_CASE("a rating screen client faces one known counter", "[config][client][rating]") {
    auto cfg = requireValid("[[client]]\nid = \"rate1\"\nrole = \"rating_screen\"\ncounter = 999\ntoken_hash = \"" +
                            kHash + "\"\n");
    REQUIRE(cfg.clients.size() == 1);
    CHECK(cfg.clients[0].role == ClientRole::ratingScreen);
    CHECK(cfg.clients[0].counter == 999);
    requireOneProblem("[[client]]\nid = \"rate1\"\nrole = \"rating_screen\"\ntoken_hash = \"" + kHash + "\"\n", 1,
                      "client[0].counter", "needs the counter");
    requireOneProblem("[[client]]\nid = \"rate1\"\nrole = \"rating_screen\"\ncounter = 7\ntoken_hash = \"" + kHash +
                          "\"\n",
                      4, "client[0].counter", "unknown counter 7");
    requireOneProblem("[[client]]\nid = \"k\"\nrole = \"kiosk\"\ncounter = 999\ntoken_hash = \"" + kHash + "\"\n", 4,
                      "client[0].counter", "only a rating_screen");
}

TEST_CASE("[rating] and the SIPAS questions", "[config][rating]") {
    auto cfg = requireValid("");
    CHECK(cfg.rating.counterMinutes == 10);
    CHECK(cfg.rating.commentMaxChars == 500);
    CHECK(cfg.ratingQuestions.empty());
    cfg = requireValid("[rating]\ncounter_minutes = 5\ncomment_max_chars = 200\n"
                       "[[rating_question]]\nid = \"officer\"\nelement = \"officer\"\n"
                       "text = \"Thái độ của công chức?\"\n");
    CHECK(cfg.rating.counterMinutes == 5);
    REQUIRE(cfg.ratingQuestions.size() == 1);
    CHECK(cfg.ratingQuestions[0].textEn == "Thái độ của công chức?"); // English defaults to Vietnamese
    requireOneProblem("[rating]\ncounter_minutes = 0\n", 2, "rating.counter_minutes", "");
    requireOneProblem("[rating]\ncomment_max_chars = 5000\n", 2, "rating.comment_max_chars", "");
    requireOneProblem("[[rating_question]]\nid = \"q\"\nelement = \"parking\"\ntext = \"Chỗ để xe?\"\n", 3,
                      "rating_question[0].element", "unknown SIPAS element");
    requireOneProblem("[[rating_question]]\nid = \"q\"\nelement = \"result\"\n", 1, "rating_question[0].text",
                      "required");
}
