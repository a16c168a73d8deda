// The editors' content as engine commands: ids, versions, two editors at
// once, and content that outlives the day (the queue is rebuilt from today's
// events only; content from the table kept with them).
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

Notice notice(const std::string& text, unsigned screens = kAllScreens) {
    Notice n;
    n.text = text;
    n.screens = screens;
    return n;
}

const Notice& only(const OfficeFixture& f) {
    REQUIRE(f.engine().content().notices().size() == 1);
    return f.engine().content().notices().begin()->second;
}

} // namespace

TEST_CASE("a saved notice gets an id from its event, version 1, who and when") {
    OfficeFixture f;
    auto r = f.run(SaveNotice{notice("Đường dây nóng: 1022"), 0}, "editor:bientap");
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    const Event& e = r->front();
    CHECK(e.kind == EventKind::noticeSaved);
    CHECK(e.reason == "n" + std::to_string(e.seq));
    CHECK(e.number == 1);
    const Notice& n = only(f);
    CHECK(n.id == e.reason);
    CHECK(n.version == 1);
    CHECK(n.updatedBy == "editor:bientap");
    CHECK(n.updatedAt == f.now);
    // The event says what was saved, whole.
    CHECK(e.payload.find("Đường dây nóng: 1022") != std::string::npos);
}

TEST_CASE(
    "an edit from a stale version is refused: two editors never overwrite each other unseen") {
    OfficeFixture f;
    f.must(SaveNotice{notice("Bản một"), 0});
    std::string id = only(f).id;
    Notice edit = notice("Bản hai");
    edit.id = id;
    REQUIRE(f.run(SaveNotice{edit, 1}).ok());
    CHECK(only(f).version == 2);
    edit.text = "Bản ba, sửa từ bản một";
    auto stale = f.run(SaveNotice{edit, 1});
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().code == ErrorCode::contentConflict);
    CHECK(only(f).text == "Bản hai");
    // Without a version the last writer wins (a script that means it).
    REQUIRE(f.run(SaveNotice{edit, -1}).ok());
    CHECK(only(f).text == "Bản ba, sửa từ bản một");
    CHECK(only(f).version == 3);
    auto gone = f.run(DeleteNotice{"n999", -1});
    CHECK(gone.error().code == ErrorCode::unknownNotice);
    CHECK(f.run(DeleteNotice{id, 2}).error().code == ErrorCode::contentConflict);
    REQUIRE(f.run(DeleteNotice{id, 3}).ok());
    CHECK(f.engine().content().notices().empty());
}

TEST_CASE("two saves of one version in the same group commit: the second is refused") {
    OfficeFixture f;
    f.must(SaveNotice{notice("Gốc"), 0});
    Notice a = notice("Sửa A");
    a.id = only(f).id;
    Notice b = notice("Sửa B");
    b.id = a.id;
    std::vector<Result<Events>> results;
    auto keep = [&results](const Result<Events>& r) { results.push_back(r); };
    f.journal->submit(SaveNotice{a, 1}, CommandMeta{f.now, "editor:a"}, keep);
    f.journal->submit(SaveNotice{b, 1}, CommandMeta{f.now, "editor:b"}, keep);
    REQUIRE(f.journal->flush().ok());
    REQUIRE(results.size() == 2);
    CHECK(results[0].ok());
    REQUIRE_FALSE(results[1].ok());
    CHECK(results[1].error().code == ErrorCode::contentConflict);
    CHECK(only(f).text == "Sửa A");
}

TEST_CASE("content survives a restart and the next day; the queue does not carry over") {
    OfficeFixture f;
    f.must(SaveNotice{notice("Thông báo A", screenBoard), 0});
    ProcedureSheet p;
    p.field = "ho_tich";
    p.documents = {"Tờ khai", "CCCD"};
    f.must(SaveProcedure{p, 0});
    Notice edited = only(f);
    edited.text = "Thông báo A (sửa)";
    f.must(SaveNotice{edited, 1});
    f.must(IssueTicket{"ho_tich"});
    ContentBook before = f.engine().content();

    f.restart();
    CHECK(f.engine().content() == before);
    CHECK(only(f).version == 2); // replaying today over the table counted nothing twice

    f.now = localTime("2026-11-24", 8, 0);
    f.restart();
    CHECK(f.engine().content() == before);
    CHECK(f.engine().tickets().empty());
    // And it is changed the next day like any other.
    f.must(DeleteProcedure{"ho_tich", 1});
    f.restart();
    CHECK(f.engine().content().procedures().empty());
    CHECK(f.engine().content().notices().size() == 1);
}

TEST_CASE("procedure sheets belong to configured fields and are versioned") {
    OfficeFixture f;
    ProcedureSheet p;
    p.field = "khong_co";
    p.fees = "Miễn phí";
    CHECK(f.run(SaveProcedure{p, 0}).error().code == ErrorCode::unknownField);
    p.field = "dat_dai";
    auto r = f.run(SaveProcedure{p, 0});
    REQUIRE(r.ok());
    CHECK(r->front().field == "dat_dai");
    CHECK(f.run(SaveProcedure{p, 0}).error().code ==
          ErrorCode::contentConflict); // "new" but it exists
    REQUIRE(f.run(SaveProcedure{p, 1}).ok());
    CHECK(f.engine().content().procedure("dat_dai")->version == 2);
    CHECK(f.run(DeleteProcedure{"ho_tich", -1}).error().code == ErrorCode::notFound);
}

TEST_CASE("notices are shown by screen, time window and order") {
    OfficeFixture f;
    Notice later = notice("Sau", screenTv);
    later.order = 5;
    Notice first = notice("Trước", screenTv | screenBoard);
    first.order = -1;
    Notice scheduled = notice("Sắp tới", screenTv);
    scheduled.startsAt = f.now + std::chrono::hours{2};
    scheduled.endsAt = f.now + std::chrono::hours{3};
    for (const auto& n : {later, first, scheduled}) {
        f.must(SaveNotice{n, 0});
    }
    auto texts = [&f](Screen s, TimePoint at) {
        std::vector<std::string> out;
        for (const Notice* n : f.engine().content().shown(s, at)) {
            out.push_back(n->text);
        }
        return out;
    };
    CHECK(texts(screenTv, f.now) == std::vector<std::string>{"Trước", "Sau"});
    CHECK(texts(screenBoard, f.now) == std::vector<std::string>{"Trước"});
    CHECK(texts(screenKiosk, f.now).empty());
    CHECK(texts(screenTv, f.now + std::chrono::minutes{150}) ==
          std::vector<std::string>{"Trước", "Sắp tới", "Sau"});
    CHECK(texts(screenTv, f.now + std::chrono::hours{3}) ==
          std::vector<std::string>{"Trước", "Sau"});
    CHECK(f.engine().content().nextChange(f.now) == scheduled.startsAt);
    CHECK(f.engine().content().nextChange(scheduled.startsAt) == scheduled.endsAt);
    CHECK(f.engine().content().nextChange(scheduled.endsAt) == TimePoint{});
}
