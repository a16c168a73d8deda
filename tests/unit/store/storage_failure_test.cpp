// A full disk or a read-only database: the caller gets a clear error and the
// state in memory is not changed.
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

using namespace qmsd;
using namespace qmsd::test;

namespace {

struct Observed {
    std::size_t tickets;
    std::size_t waiting;
    int lastNumber;
    std::int64_t lastSeq;
    bool operator==(const Observed&) const = default;
};

Observed observe(const OfficeFixture& f) {
    return {f.engine().tickets().size(), f.engine().waiting("ho_tich"),
            f.engine().lastNumber("ho_tich"), f.engine().lastSeq()};
}

// Issues until the store refuses; returns the refusal.
Error issueUntilRefused(OfficeFixture& f, int limit) {
    for (int i = 0; i < limit; ++i) {
        Observed before = observe(f);
        auto r = f.run(IssueTicket{"ho_tich", "", "", std::string(200, 'x') + std::to_string(i)});
        if (!r) {
            CHECK(observe(f) == before);
            return r.error();
        }
    }
    FAIL("the store never refused");
    return {};
}

} // namespace

TEST_CASE("a database that hits its size limit refuses the change and memory stays as stored") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    f.must(IssueTicket{"ho_tich"});
    auto pages = f.store->database().execAndGet("PRAGMA page_count").getInt();
    f.store->database().exec("PRAGMA max_page_count = " + std::to_string(pages + 2));
    Error e = issueUntilRefused(f, 5000);
    CHECK(e.code == ErrorCode::storageFull);
    CHECK(std::string(errorTextEn(e.code)).find("nothing was changed") != std::string::npos);

    Observed atFailure = observe(f);
    f.restart(); // what is in memory is exactly what is on disk
    CHECK(observe(f) == atFailure);

    f.store->database().exec("PRAGMA max_page_count = 1000000");
    auto id = f.must(IssueTicket{"ho_tich"});
    CHECK(f.ticket(id).number == atFailure.lastNumber + 1);
}

TEST_CASE("a read-only database refuses changes with storage_read_only") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    Observed before = observe(f);
    f.store->database().exec("PRAGMA query_only = 1");
    for (const Command& c : {Command{IssueTicket{"ho_tich"}}, Command{CallNext{1}}}) {
        auto r = f.run(c);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::storageReadOnly);
    }
    CHECK(observe(f) == before);
    CHECK(f.engine().counterState(1) == CounterState::idle);
    f.store->database().exec("PRAGMA query_only = 0");
    f.must(CallNext{1});
}

TEST_CASE("a failed group commit undoes every provisional change of the batch") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    Observed before = observe(f);
    std::vector<std::string> outcomes;
    auto record = [&outcomes](const Result<Events>& r) {
        outcomes.push_back(r ? "ok" : std::string(errorName(r.error().code)));
    };
    f.journal->submit(IssueTicket{"ho_tich"}, CommandMeta{f.now, "t"}, record);
    f.journal->submit(CallNext{1}, CommandMeta{f.now, "t"}, record);
    f.journal->submit(CallNext{1}, CommandMeta{f.now, "t"}, record); // refused: busy
    CHECK(f.engine().waiting("ho_tich") == 1);                      // provisional
    f.store->database().exec("PRAGMA query_only = 1");
    auto st = f.journal->flush();
    REQUIRE_FALSE(st.ok());
    CHECK(outcomes == std::vector<std::string>{"storage_read_only", "storage_read_only", "counter_busy"});
    CHECK(observe(f) == before);
    CHECK(f.engine().counterState(1) == CounterState::idle);
}

// The real thing: a small tmpfs, filled up. Needs CAP_SYS_ADMIN (root in CI).
TEST_CASE("a really full disk refuses the change and memory stays as stored") {
    TempDir mnt;
    if (::mount("tmpfs", mnt.path().c_str(), "tmpfs", 0, "size=4m") != 0) {
        WARN("cannot mount a tmpfs here (" << std::strerror(errno)
                                           << "): only the max_page_count variant ran");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{mnt.path().string()};

    auto cfg = makeTestOffice();
    auto config = std::make_shared<const OfficeConfig>(cfg);
    auto store = Store::open(mnt.file("q.db"));
    REQUIRE(store.ok());
    TimePoint now = localTime("2026-11-23", 8, 0);
    auto journal = Journal::open(**store, config, now);
    REQUIRE(journal.ok());
    { // leave about 600 KiB free
        std::ofstream filler(mnt.file("filler"), std::ios::binary);
        std::string block(4096, '\0');
        for (int i = 0; i < (4 * 1024 - 600) / 4; ++i) {
            filler.write(block.data(), static_cast<std::streamsize>(block.size()));
        }
    }
    Error refused{};
    int issued = 0;
    for (int i = 0; i < 20000; ++i) {
        auto lastNumber = (*journal)->engine().lastNumber("ho_tich");
        auto r = (*journal)->execute(IssueTicket{"ho_tich", "", "", std::string(300, 'p') + std::to_string(i)},
                                     CommandMeta{now, "t"});
        if (!r) {
            refused = r.error();
            CHECK((*journal)->engine().lastNumber("ho_tich") == lastNumber);
            break;
        }
        ++issued;
    }
    INFO("issued " << issued << " tickets before the disk filled: " << refused.message);
    CHECK(refused.code == ErrorCode::storageFull);
    CHECK(refused.message.find("q.db: commit failed: database or disk is full") != std::string::npos);
    CHECK(issued > 10);
    // Free space, and the daemon carries on with the next number.
    std::filesystem::remove(mnt.file("filler"));
    auto r = (*journal)->execute(IssueTicket{"ho_tich"}, CommandMeta{now, "t"});
    REQUIRE(r.ok());
    CHECK(r->front().number == issued + 1);
}
