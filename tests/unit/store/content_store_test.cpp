// The editors' content in the store: content_items moves with its events in
// one transaction, equals what replaying every content event of every day
// gives, and a refused commit leaves the content in memory as stored.
#include "content/content_codec.hpp"
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

Notice notice(const std::string& text) {
    Notice n;
    n.text = text;
    return n;
}

// The content as a fold of every content event ever committed, in order.
ContentBook replayAll(Store& store) {
    ContentBook book;
    SQLite::Statement q(store.database(), "SELECT seq FROM events ORDER BY seq");
    std::int64_t last = 0;
    while (q.executeStep()) {
        last = q.getColumn(0).getInt64();
    }
    auto events = store.eventsAfter(0, static_cast<int>(last) + 1);
    REQUIRE(events.ok());
    for (const auto& e : *events) {
        book.apply(e);
    }
    return book;
}

int rows(Store& store) {
    return store.database().execAndGet("SELECT COUNT(*) FROM content_items").getInt();
}

} // namespace

TEST_CASE("content_items equals a replay of every content event, over several days") {
    OfficeFixture f;
    f.must(SaveNotice{notice("Một"), 0});
    f.must(SaveNotice{notice("Hai"), 0});
    ProcedureSheet p;
    p.field = "ho_tich";
    p.documents = {"Tờ khai"};
    f.must(SaveProcedure{p, 0});
    f.now = localTime("2026-11-24", 9, 0);
    f.restart();
    Notice edit = f.engine().content().notices().begin()->second;
    edit.text = "Một (sửa)";
    f.must(SaveNotice{edit, 1});
    std::string other = std::prev(f.engine().content().notices().end())->first;
    f.must(DeleteNotice{other, 1});
    f.now = localTime("2026-11-25", 9, 0);
    f.restart();
    p.fees = "Miễn phí";
    f.must(SaveProcedure{p, 1});

    CHECK(rows(*f.store) == 2);
    ContentBook fold = replayAll(*f.store);
    CHECK(fold == f.engine().content());
    auto table = f.store->loadContent();
    REQUIRE(table.ok());
    for (const auto& row : *table) {
        if (row.kind == "notice") {
            CHECK(*decodeNotice(row.body) == *f.engine().content().notice(row.id));
        } else {
            CHECK(*decodeProcedure(row.body) == *f.engine().content().procedure(row.id));
        }
    }
    // The history: newest first, every day.
    auto history = f.store->contentEvents(10);
    REQUIRE(history.ok());
    REQUIRE(history->size() == 6);
    CHECK(history->front().kind == EventKind::procedureSaved);
    CHECK(history->back().day == "2026-11-23");
}

TEST_CASE("a group commit that fails leaves the content as the store has it") {
    OfficeFixture f;
    f.must(SaveNotice{notice("Đã lưu"), 0});
    ContentBook stored = f.engine().content();
    auto pages = f.store->database().execAndGet("PRAGMA page_count").getInt();
    f.store->database().exec("PRAGMA max_page_count = " + std::to_string(pages));
    std::vector<Result<Events>> results;
    // Ten notices of 3000 bytes each need new pages: the commit fails, the disk "full".
    std::string big;
    for (int i = 0; i < 1000; ++i) {
        big += "ệ";
    }
    for (int i = 0; i < 10; ++i) {
        f.journal->submit(SaveNotice{notice(big), 0}, CommandMeta{f.now, "editor:a"},
                          [&results](const Result<Events>& r) { results.push_back(r); });
    }
    CHECK(f.engine().content().notices().size() == 11); // applied for the rest of the batch to see…
    CHECK_FALSE(f.journal->flush().ok());
    REQUIRE(results.size() == 10);
    for (const auto& r : results) {
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::storageFull);
    }
    CHECK(f.engine().content() == stored); // …and undone with the batch
    CHECK(rows(*f.store) == 1);
}
