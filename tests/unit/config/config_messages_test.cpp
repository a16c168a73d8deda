// [messages]: SMS to citizens; checked only as far as the chosen sender needs.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

TEST_CASE("messages are off by default and read every key", "[config][messages]") {
    CHECK_FALSE(requireValid("").messages.enabled);
    auto cfg = requireValid("[messages]\nenabled = true\nsender = \"gammu\"\nnear_ahead = 4\n"
                            "without_diacritics = true\nquiet_hours = \"21:30-06:45\"\ndaily_cap = 3\n"
                            "gammu_outbox = \"/var/spool/gammu/outbox/\"\ngammu_sent = \"/var/spool/gammu/sent/\"\n"
                            "gammu_error = \"/var/spool/gammu/error/\"\n"
                            "text_called = \"Moi {code} den {counter}\"\n");
    CHECK(cfg.messages.enabled);
    CHECK(cfg.messages.sender == MessageSender::gammu);
    CHECK(cfg.messages.nearAhead == 4);
    CHECK(cfg.messages.withoutDiacritics);
    CHECK(cfg.messages.quiet.openMinute == 21 * 60 + 30);
    CHECK(cfg.messages.quiet.closeMinute == 6 * 60 + 45);
    CHECK(cfg.messages.dailyCap == 3);
    CHECK(cfg.messages.retentionDays == 30);
}

TEST_CASE("a sender without what it needs is refused, naming the key", "[config][messages]") {
    requireOneProblem("[messages]\nenabled = true\nsender = \"webhook\"\n", 1, "messages.webhook_url", "required");
    requireOneProblem("[messages]\nenabled = true\nsender = \"webhook\"\nwebhook_url = \"https://sms.example.vn/send\"\n",
                      4, "messages.webhook_url", "TLS relay");
    requireOneProblem("[messages]\nsender = \"zalo\"\n", 2, "messages.sender", "zalo");
    requireOneProblem("[messages]\nquiet_hours = \"21:00\"\n", 2, "messages.quiet_hours", "HH:MM-HH:MM");
    requireOneProblem("[messages]\ndaily_cap = 0\n", 2, "messages.daily_cap", "");
    requireOneProblem("[messages]\ntext_turn_near = \"Số {code}: còn {people} người\"\n", 2, "messages.text_turn_near",
                      "people");
}
