// qmsd-city's config: the example loads; readers' roles and offices are
// checked; the centre's password never sits in the file.
#include "city/city_config.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;

namespace {

const char* kHash = "blake2b:0000000000000000000000000000000000000000000000000000000000000000";

std::string problems(const std::string& text) {
    auto r = city::loadCityConfigText(text, "city.toml");
    return r ? std::string{} : r.error().message;
}

} // namespace

TEST_CASE("the example city config loads") {
    auto r = city::loadCityConfig(std::string(QMSD_SOURCE_DIR) + "/config/city.toml.example");
    REQUIRE(r.ok());
    CHECK(r->port == 8090);
    REQUIRE(r->users.size() == 2);
    CHECK(r->users[0].role == city::CityRole::cityLeader);
    CHECK(r->users[1].office == "q1-ben-nghe");
}

TEST_CASE("city config mistakes are named with their line") {
    std::string base = "[city]\nconninfo = \"host=x dbname=q\"\n";
    CHECK(problems(base).empty());
    CHECK_THAT(problems("[city]\nport = 1\n"), Catch::Contains("city.conninfo: required"));
    CHECK_THAT(problems("[city]\nconninfo = \"host=x password=secret\"\n"),
               Catch::Contains("city.toml:2: city.conninfo: holds a password"));
    CHECK_THAT(problems(base + "[[user]]\nid = \"a\"\nrole = \"office_leader\"\ntoken_hash = \"" + kHash + "\"\n"),
               Catch::Contains("user[0].office: an office_leader needs the office id"));
    CHECK_THAT(problems(base + "[[user]]\nid = \"a\"\nrole = \"mayor\"\ntoken_hash = \"" + kHash + "\"\n"),
               Catch::Contains("user[0].role"));
    CHECK_THAT(problems(base + "[[user]]\nid = \"a\"\nrole = \"city_leader\"\ntoken_hash = \"abc\"\n"),
               Catch::Contains("user[0].token_hash: must be"));
    CHECK_THAT(problems(base + "[[user]]\nid = \"a\"\nrole = \"city_leader\"\ntoken_hash = \"" + kHash +
                        "\"\n[[user]]\nid = \"a\"\nrole = \"city_leader\"\ntoken_hash = \"" + kHash + "\"\n"),
               Catch::Contains("duplicate id"));
    CHECK_THAT(problems(base + "[citty]\n"), Catch::Contains("citty"));
}
