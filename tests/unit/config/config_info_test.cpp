// [display]'s information settings (issue 13) and the editor role.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

TEST_CASE("the apology and page times have Vietnamese and readable defaults", "[config][display]") {
    auto cfg = requireValid("");
    CHECK(cfg.display.apology == "Thành thật xin lỗi công dân vì sự chờ đợi.");
    CHECK(cfg.display.boardPageSeconds == 6);
    CHECK(cfg.display.tvPageSeconds == 12);
    auto set = requireValid("[display]\napology = \"Mong công dân thông cảm.\"\nboard_page_seconds = 8\n"
                            "tv_page_seconds = 20\n");
    CHECK(set.display.apology == "Mong công dân thông cảm.");
    CHECK(set.display.boardPageSeconds == 8);
    CHECK(set.display.tvPageSeconds == 20);
}

TEST_CASE("bad information settings are refused with their key and line", "[config][display]") {
    requireOneProblem("[display]\napology = \"\"\n", 2, "display.apology", "must not be empty");
    requireOneProblem("[display]\nboard_page_seconds = 1\n", 2, "display.board_page_seconds", "2");
    requireOneProblem("[display]\ntv_page_seconds = 1000\n", 2, "display.tv_page_seconds", "120");
}

TEST_CASE("an editor is a client role", "[config][client]") {
    auto cfg = requireValid("[[client]]\nid = \"bientap\"\nrole = \"editor\"\ntoken_hash = "
                            "\"blake2b:7f58c5a704f6a819adbcae2d2fc5a53977ea7a1b46d08375c42435b229575866\"\n");
    REQUIRE(cfg.clients.size() == 1);
    CHECK(cfg.clients[0].role == ClientRole::editor);
}
