// [upstream] in the office's config: off by default, and when on, every
// mistake named with its line (a password in the connection string above all).
#include "config/config_loader.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace qmsd;

namespace {

std::string demo() {
    std::ifstream in(std::string(QMSD_SOURCE_DIR) + "/config/demo-office.toml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string problems(const std::string& upstream) {
    auto r = loadConfigText(demo() + "\n" + upstream, "office.toml");
    return r ? std::string{} : r.error().message;
}

} // namespace

TEST_CASE("[upstream] is off unless enabled, with sane defaults") {
    auto r = loadConfigText(demo(), "office.toml");
    REQUIRE(r.ok());
    CHECK_FALSE(r->upstream.enabled);
    CHECK(r->upstream.batchSize == 1000);
    CHECK(r->upstream.statusSeconds == 30);
    // Off, nothing else is required.
    CHECK(problems("[upstream]\nenabled = false\n").empty());
}

TEST_CASE("[upstream] on: what it needs and what it refuses, by line") {
    CHECK(problems("[upstream]\nenabled = true\nconninfo = \"host=c dbname=q user=u\"\noffice_id = \"q1-ben-nghe\"\n")
              .empty());
    std::string missing = problems("[upstream]\nenabled = true\n");
    CHECK_THAT(missing, Catch::Contains("upstream.conninfo: required"));
    CHECK_THAT(missing, Catch::Contains("upstream.office_id: required"));

    for (const char* conninfo : {"host=c password=secret user=u", "host=c PassWord = x",
                                 "postgresql://u:secret@c/q", "postgres://c/q?sslmode=require&password=x"}) {
        INFO(conninfo);
        std::string p = problems(std::string("[upstream]\nenabled = true\nconninfo = \"") + conninfo +
                                 "\"\noffice_id = \"a\"\n");
        CHECK_THAT(p, Catch::Contains("upstream.conninfo: holds a password"));
        CHECK_THAT(p, Catch::Contains("office.toml:"));
        CHECK_THAT(p, !Catch::Contains("secret")); // the message never repeats it
    }
    CHECK_THAT(problems("[upstream]\nenabled = true\nconninfo = \"host=c\"\noffice_id = \"Bến Nghé\"\n"),
               Catch::Contains("upstream.office_id: must be 1 to 64 of a-z"));
    CHECK_THAT(problems("[upstream]\nenabled = true\nconninfo = \"host=c\"\noffice_id = \"a\"\n"
                        "password_file = \"/x\"\npassword_env = \"Y\"\n"),
               Catch::Contains("set password_file or password_env, not both"));
    CHECK_THAT(problems("[upstream]\nenabled = true\nconninfo = \"host=c\"\noffice_id = \"a\"\nbatch_size = 0\n"),
               Catch::Contains("upstream.batch_size: must be 1 to 10000"));
    CHECK_THAT(problems("[upstream]\nenabled = true\nconninfo = \"host=c\"\noffice_id = \"a\"\nstatus_seconds = 1\n"),
               Catch::Contains("upstream.status_seconds: must be 5 to 3600"));
    CHECK_THAT(problems("[upstream]\nhost = \"c\"\n"), Catch::Contains("upstream.host"));
}
