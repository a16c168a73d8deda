// English names (name_en), the office's section (unit) and the demo's [demo]
// day: read, defaulted, and refused with the line and key when wrong.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

TEST_CASE("English names are optional and read where given", "[config][names]") {
    OfficeConfig c = requireValid("[[priority]]\nid = \"elderly\"\nname = \"Người cao tuổi\"\nname_en = \"Elderly\"\n"
                                  "[[field]]\nid = \"ho_tich\"\nname = \"Hộ tịch\"\nname_ascii = \"HO TICH\"\n"
                                  "name_en = \"Civil status\"\nprefix = \"A\"\n");
    CHECK(c.priority("elderly")->nameEn == "Elderly");
    CHECK(c.field("ho_tich")->nameEn == "Civil status");
    CHECK(c.field("tail")->nameEn.empty());
    // Left out, pause reasons and priority groups come with their English.
    OfficeConfig d = requireValid("");
    CHECK(d.pauseReason("urgent")->name == "Công việc đột xuất");
    CHECK(d.pauseReason("urgent")->nameEn == "Urgent task");
    CHECK(d.priority("merit")->nameEn == "People with merit to the revolution");
    CHECK(d.office.unit == "Bộ phận tiếp nhận và trả kết quả");
    CHECK(d.office.unitEn == "One-stop reception and results desk");
}

TEST_CASE("a name_en or a unit with a control character is refused", "[config][names]") {
    requireOneProblem("[[pause_reason]]\nid = \"hop\"\nname = \"Họp\"\nname_en = \"Meet\\u0007ing\"\n", 4,
                      "pause_reason[0].name_en", "contains a control character");
    requireOneProblem("[office]\nname = \"UBND\"\nunit = \"\"\n", 3, "office.unit", "must not be empty");
}

TEST_CASE("[demo] is read and its counters and fields must be the office's", "[config][demo]") {
    OfficeConfig c = requireValid("[demo]\ntickets_per_day = 120\nfree_counters = [999]\nhours = [\"08:00-12:00\"]\n"
                                  "[[demo.field]]\nid = \"tail\"\nshare = 3\nservice_minutes = 6.5\n");
    CHECK(c.demo.ticketsPerDay == 120);
    CHECK(c.demo.freeCounters == std::vector<int>{999});
    REQUIRE(c.demo.day.size() == 1);
    CHECK(c.demo.day[0].openMinute == 8 * 60);
    REQUIRE(c.demo.fields.size() == 1);
    CHECK(c.demo.fields[0].serviceMinutes == 6.5);
    requireOneProblem("[demo]\nfree_counters = [7]\n", 2, "demo.free_counters[0]", "no [[counter]] has number 7");
    requireOneProblem("[[demo.field]]\nid = \"khong_co\"\n", 2, "demo.field[0].id", "no [[field]] has id \"khong_co\"");
    requireOneProblem("[[demo.field]]\nid = \"tail\"\nshare = 0\n", 3, "demo.field[0].share", "must be above 0");
    requireOneProblem("[[demo.field]]\nid = \"tail\"\nservice_minutes = 600\n", 3, "demo.field[0].service_minutes",
                      "must be 0.5 to 240");
    requireOneProblem("[demo]\nhours = [\"07:30-11:30\", \"11:00-17:00\"]\n", 2, "demo.hours[1]", "must start after");
    requireOneProblem("[demo]\ntickets_per_day = -1\n", 2, "demo.tickets_per_day", "must be 0");
    requireOneProblem("[demo]\nspeed = 3\n", 2, "demo.speed", "unknown key");
}
