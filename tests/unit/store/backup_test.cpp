// Online backup: a consistent copy while the store stays in use.
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

TEST_CASE("an online backup holds every committed event and opens as a store") {
    OfficeFixture f;
    for (int i = 0; i < 20; ++i) {
        f.must(IssueTicket{"ho_tich"});
    }
    REQUIRE(f.store->backupTo(f.dir.file("backup.db")).ok());
    f.must(IssueTicket{"ho_tich"}); // the live store keeps working after the backup

    auto copy = Store::open(f.dir.file("backup.db"));
    REQUIRE(copy.ok());
    CHECK((*copy)->head()->lastSeq == 20);
    CHECK((*copy)->eventsOfDay("2026-11-23")->size() == 20);
    CHECK(f.store->head()->lastSeq == 21);
    CHECK_FALSE(std::filesystem::exists(f.dir.file("backup.db.partial")));
}

TEST_CASE("a backup to an unwritable place fails with a message and leaves nothing behind") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    auto st = f.store->backupTo(f.dir.file("no/such/dir/backup.db"));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message.find("backup") != std::string::npos);
}
