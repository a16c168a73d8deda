// Restarts and day boundaries: state rebuilt exactly from the store, numbering
#include <SQLiteCpp/SQLiteCpp.h>
// continued, never repeated, and days cut at the office's local midnight.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace qmsd;
using namespace qmsd::test;

namespace {

// Everything a person could observe about the queue, as one comparable string.
std::string snapshot(const QueueEngine& e) {
    std::string out = e.day() + " seq=" + std::to_string(e.lastSeq()) + "\n";
    for (const Ticket& t : e.tickets()) {
        out += std::to_string(t.id) + " " + t.code + " " + t.field + " " +
               std::string(ticketStateName(t.state)) + " c" + std::to_string(t.counter) + " r" +
               std::to_string(t.recalls) + " x" + std::to_string(t.transfers) + " ahead" +
               std::to_string(e.peopleAhead(t.id)) + "\n";
    }
    for (const auto& [n, c] : e.counters()) {
        out += "counter " + std::to_string(n) + " " + std::string(counterStateName(e.counterState(n))) +
               " " + c.staff + " " + std::to_string(c.activeTicket) + " " + c.pauseReason + " " +
               std::to_string(c.normalSincePriority) + "\n";
    }
    for (const auto& f : e.config().fields) {
        out += f.id + " queue";
        for (auto id : e.queueOf(f.id)) {
            out += " " + std::to_string(id);
        }
        out += " last=" + std::to_string(e.lastNumber(f.id)) + "\n";
    }
    return out;
}

void busyMorning(OfficeFixture& f) {
    for (int i = 0; i < 4; ++i) {
        f.must(IssueTicket{"ho_tich"});
        f.must(IssueTicket{"chung_thuc", i == 2 ? "elderly" : ""});
    }
    f.must(IssueTicket{"dat_dai"});
    f.must(OpenCounter{1, "nv01"});
    f.must(OpenCounter{2, "nv02"});
    f.must(OpenCounter{3, "nv03"});
    f.must(CallNext{1});
    f.must(Recall{1});
    f.must(StartService{1});
    f.must(Transfer{1, "dat_dai"});
    f.must(CallNext{2});
    f.must(MarkNoShow{2});
    f.must(CallNext{2});
    f.must(Park{2});
    f.must(CallNext{3});
    f.must(StartService{3});
    f.must(Pause{2, "break"});
}

} // namespace

TEST_CASE("a restart rebuilds exactly the state that was there") {
    OfficeFixture f;
    busyMorning(f);
    std::string before = snapshot(f.engine());
    f.restart();
    CHECK(snapshot(f.engine()) == before);
}

TEST_CASE("numbering continues after a restart") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"ho_tich"});
    f.restart();
    auto id = f.must(IssueTicket{"ho_tich"});
    CHECK(f.ticket(id).code == "A003");
    CHECK(id == 3);
}

TEST_CASE("the tickets table agrees with the replayed engine") {
    OfficeFixture f;
    busyMorning(f);
    SQLite::Statement q(f.store->database(),
                        "SELECT id, field, state, COALESCE(counter, 0), recalls, transfers FROM tickets");
    int rows = 0;
    while (q.executeStep()) {
        ++rows;
        const Ticket& t = f.ticket(q.getColumn(0).getInt64());
        INFO(t.code.str());
        CHECK(q.getColumn(1).getString() == t.field);
        CHECK(q.getColumn(2).getString() == ticketStateName(t.state));
        CHECK(q.getColumn(3).getInt() == t.counter);
        CHECK(q.getColumn(4).getInt() == t.recalls);
        CHECK(q.getColumn(5).getInt() == t.transfers);
    }
    CHECK(rows == static_cast<int>(f.engine().tickets().size()));
}

TEST_CASE("the day turns at local midnight, not at UTC midnight") {
    OfficeFixture f;
    // 06:59 and 07:01 in Hồ Chí Minh City are either side of UTC midnight.
    auto cfg = makeTestOffice();
    for (auto& day : cfg.office.hours) {
        day = {Session{0, 24 * 60}};
    }
    cfg.office.cutoffMinutes = 0;
    OfficeFixture g(cfg);
    g.now = localTime("2026-11-23", 6, 59);
    g.must(IssueTicket{"ho_tich"});
    g.now = localTime("2026-11-23", 7, 1);
    auto second = g.must(IssueTicket{"ho_tich"});
    CHECK(g.ticket(second).code == "A002");
    CHECK(g.engine().day() == "2026-11-23");

    g.now = localTime("2026-11-23", 23, 59);
    g.must(IssueTicket{"ho_tich"});
    g.now = localTime("2026-11-24", 0, 0, 1);
    auto next = g.must(IssueTicket{"ho_tich"});
    CHECK(g.engine().day() == "2026-11-24");
    CHECK(g.ticket(next).code == "A001");
    CHECK(g.ticket(next).id == 4); // ids never repeat, numbers restart
}

TEST_CASE("at day end open tickets expire, counters close, and yesterday's log stays") {
    OfficeFixture f;
    busyMorning(f);
    auto yesterdayEvents = f.store->eventsOfDay("2026-11-23")->size();
    f.now = localTime("2026-11-24", 8, 0);
    auto first = f.must(IssueTicket{"ho_tich"});
    CHECK(f.ticket(first).code == "A001");
    CHECK(f.engine().tickets().size() == 1);
    for (const auto& [n, c] : f.engine().counters()) {
        CHECK_FALSE(c.open);
    }
    auto old = f.store->eventsOfDay("2026-11-23");
    REQUIRE(old.ok());
    CHECK(old->size() > yesterdayEvents);
    std::set<std::string> finalStates;
    SQLite::Statement q(f.store->database(), "SELECT state FROM tickets WHERE day = '2026-11-23'");
    while (q.executeStep()) {
        finalStates.insert(q.getColumn(0).getString());
    }
    // Nothing of yesterday is left waiting, called, serving or parked.
    CHECK(finalStates == std::set<std::string>{"expired", "no_show"});
    auto endOfDay = localTime("2026-11-24", 0, 0) - std::chrono::milliseconds{1};
    CHECK(old->back().at == endOfDay);
    CHECK(old->back().kind == EventKind::counterClosed);
}

TEST_CASE("a daemon that was down over midnight closes yesterday when it starts") {
    OfficeFixture f;
    busyMorning(f);
    f.now = localTime("2026-11-25", 7, 45); // two days later
    f.restart();
    CHECK(f.engine().day() == "2026-11-25");
    CHECK(f.engine().tickets().empty());
    SQLite::Statement q(f.store->database(),
                        "SELECT COUNT(*) FROM tickets WHERE state IN ('waiting','called','serving','parked')");
    q.executeStep();
    CHECK(q.getColumn(0).getInt() == 0);
    auto id = f.must(IssueTicket{"ho_tich"});
    CHECK(f.ticket(id).code == "A001");
}

TEST_CASE("a store whose newest event is in the future refuses to start") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.now = localTime("2026-11-22", 9, 0); // the clock went back a day
    auto j = Journal::open(*f.store, f.config, f.now);
    REQUIRE_FALSE(j.ok());
    CHECK(j.error().message.find("system clock") != std::string::npos);
}

TEST_CASE("execute() commits earlier submitted commands first, keeping the log gap-free") {
    OfficeFixture f;
    std::vector<std::string> outcomes;
    f.journal->submit(IssueTicket{"ho_tich"}, CommandMeta{f.now, "t"},
                      [&outcomes](const Result<Events>& r) { outcomes.push_back(r ? "ok" : "refused"); });
    auto second = f.run(IssueTicket{"ho_tich"});
    REQUIRE(second.ok());
    CHECK(outcomes == std::vector<std::string>{"ok"});
    auto events = f.store->eventsOfDay("2026-11-23");
    REQUIRE(events.ok());
    REQUIRE(events->size() == 2);
    CHECK((*events)[0].seq == 1);
    CHECK((*events)[1].seq == 2);
}
