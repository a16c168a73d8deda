// Loading whole files: the shipped demo and example, defaults, Vietnamese
// text, and the errors of the file layer itself.
#include "config_test_support.hpp"

#include "config/config_loader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace qmsd;
using qmsd::test::loadSnippet;
using qmsd::test::problemLines;
using qmsd::test::requireValid;

namespace {

std::string sourcePath(const std::string& relative) {
    return std::string(QMSD_SOURCE_DIR) + "/" + relative;
}

OfficeConfig loadShipped(const std::string& relative) {
    Result<OfficeConfig> result = loadConfigFile(sourcePath(relative));
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return result.value();
}

bool sameSession(const Session& s, int open, int close) {
    return s.openMinute == open && s.closeMinute == close;
}

} // namespace

TEST_CASE("demo office loads with its 7 fields, 6 counters and 8 staff", "[config]") {
    OfficeConfig c = loadShipped("config/demo-office.toml");
    CHECK(c.sourcePath == sourcePath("config/demo-office.toml"));
    CHECK(c.daemon.dataDir == "data");
    CHECK(c.office.name == "UBND Phường Bến Nghé, Quận 1");
    CHECK(c.office.timeZone == "Asia/Ho_Chi_Minh");
    CHECK(c.office.priorityRule == PriorityRule::everyN);
    CHECK(c.fields.size() == 7);
    CHECK(c.counters.size() == 6);
    CHECK(c.staff.size() == 8);
    CHECK(c.priorities.size() == 4);
    CHECK(c.pauseReasons.size() == 4); // left out: the defaults
    CHECK(c.office.closedDates.size() == 13);

    for (std::size_t day = 0; day < 5; ++day) {
        REQUIRE(c.office.hours[day].size() == 2);
        CHECK(sameSession(c.office.hours[day][0], 7 * 60 + 30, 11 * 60 + 30));
        CHECK(sameSession(c.office.hours[day][1], 13 * 60 + 30, 17 * 60));
    }
    REQUIRE(c.office.hours[5].size() == 1);
    CHECK(c.office.hours[6].empty());
}

TEST_CASE("demo office numbering schemes and limits", "[config]") {
    OfficeConfig c = loadShipped("config/demo-office.toml");
    const FieldConfig* land = c.field("dat_dai");
    REQUIRE(land != nullptr);
    CHECK(land->numbering.prefix.empty());
    CHECK(land->numbering.first == 1001);
    CHECK(land->numbering.width == 4); // default from `last`
    CHECK(land->dailyQuota == 60);
    CHECK(land->cutoffMinutes == 45);
    CHECK(formatTicketCode(land->numbering, 1001) == "1001");

    const FieldConfig* feedback = c.field("phan_anh");
    REQUIRE(feedback != nullptr);
    CHECK(feedback->numbering.width == 2);
    CHECK(formatTicketCode(feedback->numbering, 7) == "P07");
    CHECK(formatTicketCode(c.field("ho_tich")->numbering, 1) == "A001");
    CHECK_FALSE(c.field("ho_tich")->dailyQuota.has_value());

    const CounterConfig* two = c.counter(2);
    REQUIRE(two != nullptr);
    CHECK(two->name == "Quầy 2");
    CHECK(two->fields == std::vector<std::string>{"chung_thuc", "ho_tich"});
    for (const StaffConfig& member : c.staff) {
        CHECK(member.pinHash.rfind("$argon2id$", 0) == 0);
    }
    REQUIRE(c.staffMember("nv08") != nullptr);
    CHECK(c.staffMember("nv08")->name == "Bùi Thị Thu Trang");
}

TEST_CASE("the /etc example loads as shipped", "[config]") {
    OfficeConfig c = loadShipped("config/qmsd.toml.example");
    CHECK(c.daemon.dataDir == "/var/lib/qmsd");
    CHECK(c.daemon.logLevel == "info");
    CHECK(c.fields.size() == 2);
    CHECK(c.counters.size() == 2);
    CHECK(c.staff.size() == 1);
    CHECK(c.priorities.size() == 2);
    CHECK(c.pauseReasons.size() == 4);
    CHECK(c.field("chung_thuc")->numbering.width == 3);
    CHECK(c.office.hours[6].empty()); // no `sun` key: closed
}

TEST_CASE("Vietnamese text round-trips byte for byte", "[config][utf8]") {
    OfficeConfig c = loadShipped("config/demo-office.toml");
    // Spelled as bytes so the test does not depend on the compiler's charset.
    CHECK(c.field("ho_tich")->name == "H\xe1\xbb\x99 t\xe1\xbb\x8b"
                                      "ch");
    CHECK(c.field("ldtbxh")->name ==
          "Lao \xc4\x91\xe1\xbb\x99ng \xe2\x80\x93 Th\xc6\xb0\xc6\xa1ng binh v\xc3\xa0 "
          "X\xc3\xa3 h\xe1\xbb\x99i");
    CHECK(c.staffMember("nv07")->name == "\xc4\x90\xe1\xba\xb7ng Thanh Phong");

    // Decomposed (NFD) input is kept as written: qmsd does not normalise.
    std::string decomposed = "Ho\xcc\x9b\xcc\x80"; // "Hờ" as o + horn + grave
    OfficeConfig d = requireValid("[office]\nname = \"" + decomposed + "\"\n");
    CHECK(d.office.name == decomposed);
}

TEST_CASE("toml++ rejects malformed UTF-8 with its line", "[config][utf8]") {
    // A lone lead byte, an overlong '/', an encoded surrogate: all refused.
    for (std::string bad : {"\xe1\xbb", "\xc0\xaf", "\xed\xa0\x80"}) {
        INFO("bytes: " << bad);
        auto lines = problemLines(loadConfigText(
            "[office]\n# a comment\nname = \"Ph\xc6\xb0\xe1\xbb\x9dng " + bad + "\"\n", "u.toml"));
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].rfind("u.toml:3: syntax error: ", 0) == 0);
        CHECK_THAT(lines[0], Catch::Contains("utf-8"));
    }
    auto escaped = problemLines(loadConfigText("[office]\nname = \"\\uD800\"\n", "u.toml"));
    REQUIRE(escaped.size() == 1);
    CHECK(escaped[0].rfind("u.toml:2: syntax error: ", 0) == 0);
}

TEST_CASE("a file saved by Windows Notepad (BOM, CRLF) loads, lines unchanged", "[config][utf8]") {
    const std::string head = "\xef\xbb\xbf[office]\r\nname = \"Ph\xc6\xb0\xe1\xbb\x9dng 1\"\r\n";
    OfficeConfig c = requireValid(head);
    CHECK(c.office.name == "Ph\xc6\xb0\xe1\xbb\x9dng 1");

    auto lines = problemLines(loadSnippet(head + "max_recalls = -1\r\n"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].rfind("office.toml:3: office.max_recalls: ", 0) == 0);
}

TEST_CASE("syntax errors name the file and line", "[config]") {
    auto lines = problemLines(loadConfigText("[office]\nname = \"x\"\nname = \"y\"\n", "s.toml"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].rfind("s.toml:3: syntax error: ", 0) == 0);
    CHECK_THAT(lines[0], Catch::Contains("column"));

    lines = problemLines(loadConfigText("[office\nname = 1\n", "s.toml"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].rfind("s.toml:1: syntax error: ", 0) == 0);
}

TEST_CASE("defaults are applied to keys left out", "[config][defaults]") {
    OfficeConfig c = requireValid("# only the tail\n");
    CHECK(c.daemon.dataDir == "/var/lib/qmsd");
    CHECK(c.daemon.logLevel == "info");
    CHECK(c.office.timeZone == "Asia/Ho_Chi_Minh");
    CHECK(c.office.cutoffMinutes == 15);
    CHECK(c.office.issueEarlyMinutes == 30);
    CHECK(c.office.maxRecalls == 3);
    CHECK(c.office.callPolicy == CallPolicy::longestWait);
    CHECK(c.office.priorityRule == PriorityRule::strict);
    CHECK(c.office.priorityEvery == 3);
    CHECK(c.office.hotline.empty());
    CHECK(c.office.closedDates.empty());
    for (const auto& day : c.office.hours) {
        CHECK(day.empty());
    }

    const FieldConfig& f = c.fields.at(0);
    CHECK(f.numbering.first == 1);
    CHECK(f.numbering.last == 999);
    CHECK(f.numbering.width == 3);
    CHECK(f.targetWaitMinutes == 15);
    CHECK(f.serviceLevelTarget == Approx(0.8));
    CHECK_FALSE(f.dailyQuota.has_value());
    CHECK_FALSE(f.cutoffMinutes.has_value());
    CHECK(c.staff.empty());
}

TEST_CASE("default priority classes and pause reasons", "[config][defaults]") {
    OfficeConfig c = requireValid("");
    REQUIRE(c.priorities.size() == 4);
    CHECK(c.priorities[0].id == "elderly");
    CHECK(c.priorities[0].name == "Người cao tuổi");
    CHECK(c.priority("disabled")->name == "Người khuyết tật");
    CHECK(c.priority("pregnant")->name == "Phụ nữ mang thai");
    CHECK(c.priority("merit")->name == "Người có công với cách mạng");
    REQUIRE(c.pauseReasons.size() == 4);
    CHECK(c.pauseReason("break")->name == "Nghỉ giải lao");
    CHECK(c.pauseReason("meeting")->name == "Họp");
    CHECK(c.pauseReason("urgent")->name == "Công việc đột xuất");
    CHECK(c.pauseReason("helping")->name == "Hỗ trợ đồng nghiệp");

    SECTION("an explicit empty priority list means none") {
        CHECK(requireValid("priority = []\n").priorities.empty());
    }
    SECTION("given classes replace the defaults") {
        OfficeConfig d = requireValid("[[priority]]\nid = \"veteran\"\nname = \"Cựu chiến binh\"\n"
                                      "[[pause_reason]]\nid = \"lunch\"\nname = \"Ăn trưa\"\n");
        REQUIRE(d.priorities.size() == 1);
        CHECK(d.priorities[0].name == "Cựu chiến binh");
        REQUIRE(d.pauseReasons.size() == 1);
        CHECK(d.pauseReasons[0].id == "lunch");
    }
}

TEST_CASE("width defaults to the digits of last", "[config][defaults]") {
    OfficeConfig c = requireValid("[[field]]\nid = \"a\"\nname = \"A\"\nname_ascii = \"A\"\n"
                                  "first = 0\nlast = 9\n"
                                  "[[field]]\nid = \"b\"\nname = \"B\"\nname_ascii = \"B\"\n"
                                  "first = 1000\nlast = 123456789\n");
    CHECK(c.field("a")->numbering.width == 1);
    CHECK(c.field("b")->numbering.width == 9);
}

TEST_CASE("sessions are sorted whatever order the file gives", "[config]") {
    OfficeConfig c = requireValid("[office]\nname = \"X\"\n[office.hours]\n"
                                  "tue = [\"13:30-17:00\", \"07:30-11:30\"]\n"
                                  "wed = [\"00:00-24:00\"]\n");
    REQUIRE(c.office.hours[1].size() == 2);
    CHECK(sameSession(c.office.hours[1][0], 450, 690));
    CHECK(sameSession(c.office.hours[1][1], 810, 1020));
    CHECK(sameSession(c.office.hours[2][0], 0, 24 * 60));
}

TEST_CASE("service_level accepts any number inside (0,1)", "[config]") {
    OfficeConfig c = requireValid("[[field]]\nid = \"a\"\nname = \"A\"\nname_ascii = \"A\"\n"
                                  "service_level = 0.95\n");
    CHECK(c.field("a")->serviceLevelTarget == Approx(0.95));
}

TEST_CASE("loadConfigFile reports files it cannot read", "[config]") {
    auto missing = loadConfigFile("/nonexistent/qmsd.toml");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::configInvalid);
    CHECK(missing.error().message ==
          "/nonexistent/qmsd.toml: cannot open: No such file or directory");

    auto directory = loadConfigFile(std::filesystem::temp_directory_path().string());
    REQUIRE_FALSE(directory.ok());
    CHECK_THAT(directory.error().message, Catch::Contains("is a directory"));
}

TEST_CASE("loadConfigFile names the file it read in each problem", "[config]") {
    auto path = std::filesystem::temp_directory_path() / "qmsd-config-test-bad.toml";
    {
        std::ofstream out(path);
        out << "[office]\nname = \"X\"\ncolour = \"red\"\n";
    }
    auto result = loadConfigFile(path.string());
    std::filesystem::remove(path);
    auto lines = problemLines(result);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].rfind(path.string() + ":1: field: at least one [[field]]", 0) == 0);
    CHECK(lines[1].rfind(path.string() + ":1: counter: at least one [[counter]]", 0) == 0);
    CHECK(lines[2].rfind(path.string() + ":3: office.colour: unknown key", 0) == 0);
}

TEST_CASE("ConfigErrors joins one problem per line", "[config]") {
    CHECK(ConfigErrors{{"a:1: x: y", "a:2: z: w"}}.joined() == "a:1: x: y\na:2: z: w");
    CHECK(ConfigErrors{}.joined().empty());
}
