// One rule per case: a snippet that breaks exactly that rule, and the exact
// line and key the message must name. Fields, counters and staff are in
// config_field_test.cpp.
#include "config_test_support.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using qmsd::test::loadSnippet;
using qmsd::test::problemLines;
using qmsd::test::requireOneProblem;
using qmsd::test::requireValid;

TEST_CASE("unknown keys and sections are refused in every table", "[config][keys]") {
    requireOneProblem("colour = \"red\"\n", 1, "colour", "unknown key (known: daemon, office,");
    requireOneProblem("\n[devices]\nx = 1\n", 2, "devices", "unknown section");
    requireOneProblem("[daemon]\ndata_dir = \"/tmp\"\nlog_file = \"x\"\n", 3, "daemon.log_file",
                      "unknown key");
    requireOneProblem("[office]\nname = \"X\"\nopen = true\n", 3, "office.open", "unknown key");
    requireOneProblem("[office]\nname = \"X\"\n[office.hours]\nmonday = []\n", 4,
                      "office.hours.monday", "unknown weekday");
    requireOneProblem("[[priority]]\nid = \"elderly\"\nname = \"A\"\nlevel = 2\n", 4,
                      "priority[0].level", "unknown key (known: id, name)");
    requireOneProblem("[[pause_reason]]\nid = \"lunch\"\nname = \"A\"\nminutes = 60\n", 4,
                      "pause_reason[0].minutes", "unknown key");
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"A\"\nname_ascii = \"A\"\ncolor = 1\n", 5,
                      "field[0].color", "unknown key");
    requireOneProblem("[[counter]]\nnumber = 1\nname = \"Q\"\nfields = [\"tail\"]\nled = 3\n", 5,
                      "counter[0].led", "unknown key");
    requireOneProblem("[[staff]]\nid = \"nv01\"\nname = \"N\"\npin = \"1234\"\n"
                      "pin_hash = \"$argon2id$x\"\nfields = [\"tail\"]\n",
                      4, "staff[0].pin", "unknown key");
    requireOneProblem("[office]\nname = \"X\"\n[office.extra]\nx = 1\n", 3, "office.extra",
                      "unknown section");
}

TEST_CASE("control characters in echoed keys cannot split a message line", "[config][keys]") {
    // A quoted TOML key may hold a newline; the message shows it escaped.
    requireOneProblem("\"bad\\nkey\" = 1\n", 1, "bad\\x0Akey", "unknown key");
    requireOneProblem("[[counter]]\nnumber = 1\nname = \"Q\"\nfields = [\"a\\tb\"]\n", 4,
                      "counter[0].fields[0]", "unknown field \"a\\x09b\"");
}

TEST_CASE("values of the wrong type are refused", "[config][types]") {
    requireOneProblem("[office]\nname = 42\n", 2, "office.name", "expected a string, got integer");
    requireOneProblem("[office]\nname = \"X\"\nmax_recalls = \"3\"\n", 3, "office.max_recalls",
                      "expected an integer, got string");
    requireOneProblem("[office]\nname = \"X\"\ncutoff_minutes = 1.5\n", 3, "office.cutoff_minutes",
                      "expected an integer, got float");
    requireOneProblem("daemon = \"/var/lib\"\n", 1, "daemon", "expected a table, got string");
    requireOneProblem("[priority]\nid = \"a\"\n", 1, "priority",
                      "expected an array of tables ([[priority]]), got table");
    requireOneProblem("[[counter]]\nnumber = 1\nname = \"Q\"\nfields = \"tail\"\n", 4,
                      "counter[0].fields", "expected an array of strings, got string");
    requireOneProblem("[[counter]]\nnumber = 1\nname = \"Q\"\nfields = [\"tail\",\n  7]\n", 5,
                      "counter[0].fields[1]", "expected a string, got integer");
    requireOneProblem("[[field]]\nid = \"a\"\nname = \"A\"\nname_ascii = \"A\"\n"
                      "service_level = \"80%\"\n",
                      5, "field[0].service_level", "expected a number, got string");
    requireOneProblem("[office]\nname = \"X\"\nclosed_dates = [2026-01-01]\n", 3,
                      "office.closed_dates[0]", "expected a string, got date");
    requireOneProblem("[office]\nname = \"X\"\nmax_recalls = 99999999999\n", 3,
                      "office.max_recalls", "out of range");
}

TEST_CASE("a wrong type is reported once, not again as a bad value", "[config][types]") {
    requireOneProblem("[[field]]\nid = 5\nname = \"A\"\nname_ascii = \"A\"\n", 2, "field[0].id",
                      "expected a string, got integer");
    requireOneProblem("[office]\nname = \"X\"\ncall_policy = 1\n", 3, "office.call_policy",
                      "expected a string, got integer");
}

TEST_CASE("required sections and keys", "[config][required]") {
    SECTION("no field, no counter, no office") {
        auto lines = problemLines(loadConfigText("# empty\n", "e.toml"));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == "e.toml:1: office: required key is missing");
        CHECK(lines[1] == "e.toml:1: field: at least one [[field]] is required");
        CHECK(lines[2] == "e.toml:1: counter: at least one [[counter]] is required");
    }
    SECTION("office.name missing takes the line of [office]") {
        requireOneProblem("# hello\n[office]\nhotline = \"1022\"\n", 2, "office.name",
                          "required key is missing");
    }
    SECTION("office.name empty") {
        requireOneProblem("[office]\nname = \"\"\n", 2, "office.name", "must not be empty");
    }
}

TEST_CASE("daemon settings", "[config][daemon]") {
    requireOneProblem("[daemon]\nlog_level = \"verbose\"\n", 2, "daemon.log_level",
                      "must be one of trace, debug, info, warn, error; got \"verbose\"");
    requireOneProblem("[daemon]\ndata_dir = \"\"\n", 2, "daemon.data_dir", "must not be empty");
    for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
        CHECK(requireValid(std::string("[daemon]\nlog_level = \"") + level + "\"\n")
                  .daemon.logLevel == level);
    }
}

TEST_CASE("office numbers and choices", "[config][office]") {
    requireOneProblem("[office]\nname = \"X\"\ncutoff_minutes = -1\n", 3, "office.cutoff_minutes",
                      "must be at least 0, got -1");
    requireOneProblem("[office]\nname = \"X\"\nissue_early_minutes = -5\n", 3,
                      "office.issue_early_minutes", "must be at least 0");
    requireOneProblem("[office]\nname = \"X\"\nmax_recalls = -1\n", 3, "office.max_recalls",
                      "must be at least 0");
    requireOneProblem("[office]\nname = \"X\"\npriority_every = 0\n", 3, "office.priority_every",
                      "must be at least 1, got 0");
    requireOneProblem("[office]\nname = \"X\"\ncall_policy = \"round_robin\"\n", 3,
                      "office.call_policy",
                      "must be \"longest_wait\" or \"field_order\", got \"round_robin\"");
    requireOneProblem("[office]\nname = \"X\"\npriority_rule = \"every-n\"\n", 3,
                      "office.priority_rule", "must be \"strict\" or \"every_n\"");

    OfficeConfig c = requireValid("[office]\nname = \"X\"\ncutoff_minutes = 0\nmax_recalls = 0\n"
                                  "call_policy = \"field_order\"\npriority_rule = \"every_n\"\n"
                                  "priority_every = 1\n");
    CHECK(c.office.callPolicy == CallPolicy::fieldOrder);
    CHECK(c.office.priorityRule == PriorityRule::everyN);
    CHECK(c.office.priorityEvery == 1);
}

TEST_CASE("time zones must be known to the IANA database", "[config][office]") {
    requireOneProblem("[office]\nname = \"X\"\ntime_zone = \"Asia/Saigon City\"\n", 3,
                      "office.time_zone", "unknown time zone \"Asia/Saigon City\"");
    requireOneProblem("[office]\nname = \"X\"\ntime_zone = \"\"\n", 3, "office.time_zone",
                      "unknown time zone");
    CHECK(requireValid("[office]\nname = \"X\"\ntime_zone = \"Asia/Bangkok\"\n").office.timeZone ==
          "Asia/Bangkok");
}

TEST_CASE("closed dates must be real YYYY-MM-DD dates", "[config][office]") {
    requireOneProblem("[office]\nname = \"X\"\nclosed_dates = [\"2026-01-01\", \"2026-1-2\"]\n", 3,
                      "office.closed_dates[1]", "expected a date \"YYYY-MM-DD\", got \"2026-1-2\"");
    requireOneProblem("[office]\nname = \"X\"\nclosed_dates = [\n  \"2026-02-30\",\n]\n", 4,
                      "office.closed_dates[0]", "\"2026-02-30\" is not a real date");
    requireOneProblem("[office]\nname = \"X\"\nclosed_dates = [\"2025-02-29\"]\n", 3,
                      "office.closed_dates[0]", "not a real date");
    requireOneProblem("[office]\nname = \"X\"\nclosed_dates = [\"2026-13-01\"]\n", 3,
                      "office.closed_dates[0]", "not a real date");
    requireOneProblem("[office]\nname = \"X\"\nclosed_dates = [\"01/05/2026\"]\n", 3,
                      "office.closed_dates[0]", "expected a date");
    CHECK(requireValid("[office]\nname = \"X\"\nclosed_dates = [\"2024-02-29\"]\n")
              .office.closedDates == std::vector<std::string>{"2024-02-29"});
}

TEST_CASE("session times must be HH:MM between 00:00 and 24:00", "[config][hours]") {
    const std::string head = "[office]\nname = \"X\"\n[office.hours]\n";
    requireOneProblem(head + "mon = [\"7:30-11:30\"]\n", 4, "office.hours.mon[0]",
                      "expected \"HH:MM-HH:MM\", got \"7:30-11:30\"");
    requireOneProblem(head + "tue = [\"07:30 - 11:30\"]\n", 4, "office.hours.tue[0]",
                      "expected \"HH:MM-HH:MM\"");
    requireOneProblem(head + "wed = [\"07:30-11:30\", \"13:60-17:00\"]\n", 4, "office.hours.wed[1]",
                      "\"13:60\" is not a time between 00:00 and 24:00");
    requireOneProblem(head + "thu = [\"07:30-24:30\"]\n", 4, "office.hours.thu[0]",
                      "\"24:30\" is not a time");
    requireOneProblem(head + "fri = [\"25:00-26:00\"]\n", 4, "office.hours.fri[0]",
                      "\"25:00\" is not a time");
    requireOneProblem(head + "sat = [\"ab:cd-ef:gh\"]\n", 4, "office.hours.sat[0]",
                      "is not a time");
    requireOneProblem(head + "sun = [\"07:30\"]\n", 4, "office.hours.sun[0]",
                      "expected \"HH:MM-HH:MM\"");
}

TEST_CASE("a session must end after it starts", "[config][hours]") {
    const std::string head = "[office]\nname = \"X\"\n[office.hours]\n";
    requireOneProblem(head + "mon = [\"13:30-11:30\"]\n", 4, "office.hours.mon[0]",
                      "session \"13:30-11:30\" ends at or before its start");
    requireOneProblem(head + "fri = [\n  \"07:30-11:30\",\n  \"08:00-08:00\",\n]\n", 6,
                      "office.hours.fri[1]", "ends at or before its start");
}

TEST_CASE("sessions in one day must not overlap", "[config][hours]") {
    const std::string head = "[office]\nname = \"X\"\n[office.hours]\n";
    requireOneProblem(head + "mon = [\"07:30-11:30\", \"11:00-17:00\"]\n", 4, "office.hours.mon[1]",
                      "overlaps office.hours.mon[0] (07:30-11:30)");
    requireOneProblem(
        head + "sat = [\n  \"13:00-17:00\",\n  \"07:00-08:00\",\n  \"14:00-15:00\",\n]\n", 7,
        "office.hours.sat[2]", "overlaps office.hours.sat[0] (13:00-17:00)");
    // Touching sessions share no minute; the same session on two days is fine.
    OfficeConfig c = requireValid(head + "mon = [\"07:30-11:30\", \"11:30-12:00\"]\n"
                                         "tue = [\"07:30-11:30\"]\n");
    CHECK(c.office.hours[0].size() == 2);
}

TEST_CASE("every problem in a file is reported, in line order", "[config][many]") {
    const std::string text = R"([daemon]
log_level = "loud"

[office]
name = ""
time_zone = "Moon/Base"
priority_every = 0

[office.hours]
mon = ["07:30-11:30", "11:00-12:00"]
funday = []

[[field]]
id = "ho_tich"
name = "Hộ tịch"
name_ascii = "HỘ TỊCH"
first = 10
last = 5

[[field]]
id = "ho_tich"
name = "Chứng thực"
name_ascii = "CHUNG THUC"
target_wait_minutes = 0

[[counter]]
number = 0
name = "Quầy 0"
fields = ["ho_tich", "ho_tich", "dat_dai"]

[[staff]]
id = "nv01"
name = "Nguyễn Thị Lan"
pin_hash = "1111"
fields = []
)";
    auto lines = problemLines(loadConfigText(text, "many.toml"));
    std::vector<std::string> heads;
    heads.reserve(lines.size());
    for (const std::string& line : lines) {
        heads.push_back(line.substr(0, line.find(": ", line.find(": ") + 2)));
    }
    CHECK(heads == std::vector<std::string>{
                       "many.toml:2: daemon.log_level",
                       "many.toml:5: office.name",
                       "many.toml:6: office.time_zone",
                       "many.toml:7: office.priority_every",
                       "many.toml:10: office.hours.mon[1]",
                       "many.toml:11: office.hours.funday",
                       "many.toml:16: field[0].name_ascii",
                       "many.toml:17: field[0].first",
                       "many.toml:21: field[1].id",
                       "many.toml:24: field[1].target_wait_minutes",
                       "many.toml:27: counter[0].number",
                       "many.toml:29: counter[0].fields[1]",
                       "many.toml:29: counter[0].fields[2]",
                       "many.toml:34: staff[0].pin_hash",
                       "many.toml:35: staff[0].fields",
                   });
}

namespace {

std::string bus(const std::string& id, const std::string& type) {
    return "[[bus]]\nid = \"" + id + "\"\ntype = \"" + type + "\"\n" +
           (type == "modbus_tcp" ? "host = \"10.0.0.5\"\n" : "port = \"/dev/ttyUSB0\"\n");
}

std::string device(const std::string& id, const std::string& busId, int address, const std::string& role,
                   const std::string& extra = "") {
    return "[[device]]\nid = \"" + id + "\"\nbus = \"" + busId + "\"\naddress = " + std::to_string(address) +
           "\nrole = \"" + role + "\"\n" + (role == "main_board" ? "" : "counter = 999\n") + extra;
}

} // namespace

TEST_CASE("two devices at one address on one bus are refused, naming both", "[config][devices]") {
    // Lines: bus 1-4, quay1 5-10, quay2 11-16 (its address on 14).
    requireOneProblem(bus("rs485", "modbus_rtu") + device("quay1", "rs485", 5, "counter_display") +
                          device("quay2", "rs485", 5, "keypad"),
                      14, "device[1].address",
                      "address 5 on bus \"rs485\" is already device \"quay1\" (device[0], line 5)");
    // The same address on another bus is another unit.
    requireValid(bus("a", "modbus_rtu") + bus("b", "modbus_tcp") + device("d1", "a", 5, "counter_display") +
                 device("d2", "b", 5, "counter_display"));
}

TEST_CASE("on a serial line a keypad and a display may share an address, two displays may not",
          "[config][devices]") {
    // An FF 68 caller is one box: its keys and its display answer to one address.
    requireValid(bus("line", "caller_ff68") + device("keys", "line", 7, "keypad") +
                 device("screen", "line", 7, "counter_display"));
    requireOneProblem(bus("line", "rs485_0107") + device("d1", "line", 3, "counter_display") +
                          device("d2", "line", 3, "counter_display"),
                      14, "device[1].address", "is already device \"d1\"");
    // A 01..07 text board takes one address a line: address .. address + lines - 1.
    requireOneProblem(bus("line", "rs485_0107") + device("board", "line", 20, "main_board", "lines = 3\n") +
                          device("d1", "line", 22, "counter_display"),
                      14, "device[1].address", "address 22 on bus \"line\" is already device \"board\"");
    requireValid(bus("line", "rs485_0107") + device("board", "line", 20, "main_board", "lines = 3\n") +
                 device("d1", "line", 23, "counter_display"));
}
