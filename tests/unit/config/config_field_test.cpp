// Rules on [[field]], [[counter]], [[staff]], [[priority]] and [[pause_reason]]:
// one snippet per rule, asserting the exact line and key path. The tail added by
// loadSnippet holds field "tail" (prefix "Z", 1-999) and counter 999.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::loadSnippet;
using qmsd::test::problemLines;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

namespace {

// A valid [[field]] in four lines (header, id, name, name_ascii), then `extra`.
std::string field(const std::string& id, const std::string& extra = "") {
    return "[[field]]\nid = \"" + id + "\"\nname = \"Lĩnh vực\"\nname_ascii = \"LINH VUC\"\n" +
           extra;
}

// A valid [[counter]] serving the tail field in four lines, then `extra`.
std::string counter(int number, const std::string& extra = "") {
    return "[[counter]]\nnumber = " + std::to_string(number) + "\nname = \"Quầy " +
           std::to_string(number) + "\"\nfields = [\"tail\"]\n" + extra;
}

const std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";

// A valid [[staff]] in five lines (header, id, name, pin_hash, fields).
std::string staff(const std::string& id, const std::string& fields = "[\"tail\"]") {
    return "[[staff]]\nid = \"" + id + "\"\nname = \"Nguyễn Văn A\"\npin_hash = \"" + hash +
           "\"\nfields = " + fields + "\n";
}

} // namespace

TEST_CASE("field ids are unique and match [a-z0-9_]+", "[config][field]") {
    requireOneProblem(field("ho_tich", "prefix = \"A\"\n") + field("ho_tich", "prefix = \"B\"\n"),
                      7, "field[1].id", "duplicate id \"ho_tich\" (also field[0], line 1)");
    requireOneProblem(field("Ho-Tich"), 2, "field[0].id", "must match [a-z0-9_]+, got \"Ho-Tich\"");
    requireOneProblem(field(""), 2, "field[0].id", "must match [a-z0-9_]+, got \"\"");
    requireOneProblem(field("hộ_tịch"), 2, "field[0].id", "must match");
    CHECK(requireValid(field("linh_vuc_2")).field("linh_vuc_2") != nullptr);
}

TEST_CASE("field required keys take the line of their [[field]]", "[config][field]") {
    requireOneProblem("# x\n[[field]]\nname = \"A\"\nname_ascii = \"A\"\n", 2, "field[0].id",
                      "required key is missing");
    requireOneProblem("[[field]]\nid = \"a\"\nname_ascii = \"A\"\n", 1, "field[0].name",
                      "required key is missing");
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"A\"\n", 1, "field[0].name_ascii",
                      "required key is missing");
}

TEST_CASE("field names are non-empty text; name_ascii is printable ASCII", "[config][field]") {
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"\"\nname_ascii = \"A\"\n", 3,
                      "field[0].name", "must not be empty");
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"A\\tB\"\nname_ascii = \"A\"\n", 3,
                      "field[0].name", "contains a control character");
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"Hộ tịch\"\nname_ascii = \"HỘ TỊCH\"\n", 4,
                      "field[0].name_ascii",
                      "must be printable ASCII (LED displays), found byte 0xE1 at offset 1");
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"A\"\nname_ascii = \"\"\n", 4,
                      "field[0].name_ascii", "must not be empty");
}

TEST_CASE("number ranges: non-negative, first <= last, at most 9 digits", "[config][field]") {
    requireOneProblem(field("a", "first = 10\nlast = 5\n"), 5, "field[0].first",
                      "first (10) is greater than last (5)");
    requireOneProblem(field("a", "first = -1\n"), 5, "field[0].first",
                      "must be at least 0, got -1");
    requireOneProblem(field("a", "last = -5\n"), 5, "field[0].last", "must be at least 0, got -5");
    requireOneProblem(field("a", "last = 1000000000\n"), 5, "field[0].last",
                      "must have at most 9 digits");
}

TEST_CASE("width covers the digits of last and is at most 9", "[config][field]") {
    requireOneProblem(field("a", "first = 1001\nlast = 1999\nwidth = 3\n"), 7, "field[0].width",
                      "must be between 4 (the digits of last) and 9, got 3");
    requireOneProblem(field("a", "width = 10\n"), 5, "field[0].width",
                      "must be between 3 (the digits of last) and 9, got 10");
    CHECK(requireValid(field("a", "last = 99\nwidth = 9\n")).field("a")->numbering.width == 9);
}

TEST_CASE("prefix is printable ASCII", "[config][field]") {
    requireOneProblem(field("a", "prefix = \"Đ\"\n"), 5, "field[0].prefix",
                      "must be printable ASCII");
}

TEST_CASE("same prefix with overlapping numbers is refused", "[config][field]") {
    requireOneProblem(field("a", "prefix = \"A\"\nfirst = 1\nlast = 500\n") +
                          field("b", "prefix = \"A\"\nfirst = 500\nlast = 999\n"),
                      12, "field[1].prefix",
                      "numbers 500-999 with prefix \"A\" overlap field[0] \"a\" "
                      "(1-500 with prefix \"A\", line 1): their tickets would look alike");
    // Both without prefix: the key is absent, so the line is that of [[field]].
    requireOneProblem(
        field("a", "first = 1000\nlast = 1999\n") + field("b", "first = 1500\nlast = 2999\n"), 7,
        "field[1].prefix", "numbers 1500-2999 with no prefix overlap field[0] \"a\" (1000-1999");

    SECTION("disjoint ranges, or different prefixes, are fine") {
        OfficeConfig c = requireValid(field("a", "prefix = \"A\"\nfirst = 1\nlast = 499\n") +
                                      field("b", "prefix = \"A\"\nfirst = 500\nlast = 999\n") +
                                      field("c", "prefix = \"B\"\nfirst = 1\nlast = 999\n") +
                                      field("d", "first = 1\nlast = 999\n") +
                                      field("e", "prefix = \"a\"\nfirst = 1\nlast = 999\n"));
        CHECK(c.fields.size() == 6);
    }
}

TEST_CASE("field service targets and limits", "[config][field]") {
    requireOneProblem(field("a", "target_wait_minutes = 0\n"), 5, "field[0].target_wait_minutes",
                      "must be at least 1, got 0");
    requireOneProblem(field("a", "target_wait_minutes = -10\n"), 5, "field[0].target_wait_minutes",
                      "must be at least 1");
    for (const char* level : {"0", "0.0", "1", "1.0", "1.5", "-0.2", "nan"}) {
        requireOneProblem(field("a", std::string("service_level = ") + level + "\n"), 5,
                          "field[0].service_level", "must be between 0 and 1 (exclusive)");
    }
    requireOneProblem(field("a", "daily_quota = 0\n"), 5, "field[0].daily_quota",
                      "must be at least 1, got 0");
    requireOneProblem(field("a", "cutoff_minutes = -1\n"), 5, "field[0].cutoff_minutes",
                      "must be at least 0, got -1");
    OfficeConfig c = requireValid(field("a", "daily_quota = 1\ncutoff_minutes = 0\n"));
    CHECK(c.field("a")->dailyQuota == 1);
    CHECK(c.field("a")->cutoffMinutes == 0);
}

TEST_CASE("counter numbers are 1..999 and unique", "[config][counter]") {
    requireOneProblem(counter(0), 2, "counter[0].number", "must be between 1 and 999, got 0");
    requireOneProblem(counter(1000), 2, "counter[0].number", "must be between 1 and 999, got 1000");
    requireOneProblem(counter(3) + counter(3), 6, "counter[1].number",
                      "duplicate number 3 (also counter[0], line 1)");
}

TEST_CASE("counter required keys and name", "[config][counter]") {
    requireOneProblem("[[counter]]\nname = \"Q\"\nfields = [\"tail\"]\n", 1, "counter[0].number",
                      "required key is missing");
    requireOneProblem("[[counter]]\nnumber = 1\nfields = [\"tail\"]\n", 1, "counter[0].name",
                      "required key is missing");
    requireOneProblem("[[counter]]\nnumber = 1\nname = \"Q\"\n", 1, "counter[0].fields",
                      "required key is missing");
    requireOneProblem("[[counter]]\nnumber = 1\nname = \"\"\nfields = [\"tail\"]\n", 3,
                      "counter[0].name", "must not be empty");
}

TEST_CASE("counter field lists", "[config][counter]") {
    const std::string head = "[[counter]]\nnumber = 1\nname = \"Q\"\n";
    requireOneProblem(head + "fields = []\n", 4, "counter[0].fields",
                      "must list at least one field");
    requireOneProblem(head + "fields = [\"tail\", \"dat_dai\"]\n", 4, "counter[0].fields[1]",
                      "unknown field \"dat_dai\"");
    requireOneProblem(head + "fields = [\n  \"tail\",\n  \"tail\",\n]\n", 6, "counter[0].fields[1]",
                      "\"tail\" is listed twice");
}

TEST_CASE("staff ids, hashes and field lists", "[config][staff]") {
    requireOneProblem(staff("nv01") + staff("nv01"), 7, "staff[1].id",
                      "duplicate id \"nv01\" (also staff[0], line 1)");
    requireOneProblem(staff("NV01"), 2, "staff[0].id", "must match [a-z0-9_]+, got \"NV01\"");
    requireOneProblem(staff("nv01", "[\"tail\", \"xay_dung\"]"), 5, "staff[0].fields[1]",
                      "unknown field \"xay_dung\"");
    requireOneProblem(staff("nv01", "[]"), 5, "staff[0].fields", "must list at least one field");
    requireOneProblem(staff("nv01", "[\"tail\", \"tail\"]"), 5, "staff[0].fields[1]",
                      "listed twice");
    requireOneProblem("[[staff]]\nid = \"nv01\"\nname = \"A\"\npin_hash = \"1111\"\n"
                      "fields = [\"tail\"]\n",
                      4, "staff[0].pin_hash", "is not an argon2 hash");
    requireOneProblem("[[staff]]\nid = \"nv01\"\nname = \"A\"\npin_hash = \"$2y$10$abc\"\n"
                      "fields = [\"tail\"]\n",
                      4, "staff[0].pin_hash", "is not an argon2 hash");
    requireOneProblem("[[staff]]\nid = \"nv01\"\nname = \"A\"\nfields = [\"tail\"]\n", 1,
                      "staff[0].pin_hash", "required key is missing");
    requireOneProblem("[[staff]]\nid = \"nv01\"\nname = \"\"\npin_hash = \"" + hash +
                          "\"\nfields = [\"tail\"]\n",
                      3, "staff[0].name", "must not be empty");

    OfficeConfig c = requireValid(staff("nv01") + staff("nv_02"));
    CHECK(c.staffMember("nv_02")->pinHash == hash);
    CHECK(c.staffMember("nv01")->name == "Nguyễn Văn A");
}

TEST_CASE("priority classes and pause reasons", "[config][named]") {
    requireOneProblem("[[priority]]\nid = \"elderly\"\nname = \"A\"\n"
                      "[[priority]]\nid = \"elderly\"\nname = \"B\"\n",
                      5, "priority[1].id", "duplicate id \"elderly\" (also priority[0], line 1)");
    requireOneProblem("[[priority]]\nid = \"Elderly\"\nname = \"A\"\n", 2, "priority[0].id",
                      "must match [a-z0-9_]+");
    requireOneProblem("[[priority]]\nid = \"elderly\"\n", 1, "priority[0].name",
                      "required key is missing");
    requireOneProblem("[[priority]]\nid = \"elderly\"\nname = \"\"\n", 3, "priority[0].name",
                      "must not be empty");
    requireOneProblem("[[pause_reason]]\nid = \"an trua\"\nname = \"Ăn trưa\"\n", 2,
                      "pause_reason[0].id", "must match [a-z0-9_]+, got \"an trua\"");
    requireOneProblem("[[pause_reason]]\nid = \"x\"\nname = \"A\"\n"
                      "[[pause_reason]]\nid = \"x\"\nname = \"B\"\n",
                      5, "pause_reason[1].id", "duplicate id \"x\"");
    requireOneProblem("# none\npause_reason = []\n", 2, "pause_reason",
                      "must list at least one reason (leave it out for the defaults)");
}
