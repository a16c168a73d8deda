// A ticket's life at the counter: recall, start, finish, no-show, reinstate,
// transfer, park, cancel — and every action refused in the wrong state.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

struct Served : OfficeFixture {
    TicketId first = 0;
    TicketId second = 0;
    Served() {
        first = must(IssueTicket{"ho_tich"});
        now += std::chrono::minutes{1};
        second = must(IssueTicket{"ho_tich"});
        must(OpenCounter{1, "nv01"});
        now += std::chrono::minutes{4};
        must(CallNext{1});
    }
};

} // namespace

TEST_CASE("called, serving, finished: times are kept and the counter is freed") {
    Served f;
    auto calledAt = f.now;
    CHECK(f.ticket(f.first).state == TicketState::called);
    CHECK(f.ticket(f.first).counter == 1);
    CHECK(f.engine().counterState(1) == CounterState::calling);
    f.now += std::chrono::minutes{1};
    f.must(StartService{1});
    CHECK(f.engine().counterState(1) == CounterState::serving);
    f.now += std::chrono::minutes{7};
    f.must(FinishService{1});
    const Ticket& t = f.ticket(f.first);
    CHECK(t.state == TicketState::finished);
    CHECK(t.calledAt == calledAt);
    CHECK(t.startedAt() == calledAt + std::chrono::minutes{1});
    CHECK(t.endedAt() == calledAt + std::chrono::minutes{8});
    CHECK(f.engine().counterState(1) == CounterState::idle);
}

TEST_CASE("recalls are limited by max_recalls") {
    Served f; // max_recalls = 2
    f.must(Recall{1});
    f.must(Recall{1});
    CHECK(f.refusal(Recall{1}) == ErrorCode::recallLimit);
    CHECK(f.ticket(f.first).recalls == 2);
    f.must(StartService{1});
    CHECK(f.refusal(Recall{1}) == ErrorCode::ticketWrongState);
}

TEST_CASE("actions on an idle counter say there is no active ticket") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    for (const Command& c : {Command{Recall{1}}, Command{StartService{1}}, Command{FinishService{1}},
                             Command{MarkNoShow{1}}, Command{Park{1}}, Command{Transfer{1, "dat_dai"}}}) {
        INFO(commandName(c));
        CHECK(f.refusal(c) == ErrorCode::counterIdle);
    }
}

TEST_CASE("finishing straight from called is allowed and marked for reports") {
    Served f;
    auto r = f.run(FinishService{1});
    REQUIRE(r.ok());
    CHECK(r->front().reason == "from_called");
    CHECK(f.ticket(f.first).state == TicketState::finished);
}

TEST_CASE("no-show only for a called ticket; reinstated it goes to the front") {
    Served f;
    f.must(StartService{1});
    CHECK(f.refusal(MarkNoShow{1}) == ErrorCode::ticketWrongState);
    f.must(FinishService{1});
    f.must(CallNext{1}); // second
    f.must(MarkNoShow{1});
    CHECK(f.ticket(f.second).state == TicketState::noShow);
    CHECK(f.engine().counterState(1) == CounterState::idle);
    auto third = f.must(IssueTicket{"ho_tich"});
    CHECK(f.refusal(Reinstate{third}) == ErrorCode::ticketWrongState);
    f.must(Reinstate{f.second});
    CHECK(f.engine().queueOf("ho_tich") == std::vector<TicketId>{f.second, third});
    f.must(CallNext{1});
    CHECK(f.ticket(f.second).state == TicketState::called);
    CHECK(f.ticket(f.second).recalls == 0);
}

TEST_CASE("a transferred ticket goes to the front of the target field and keeps its issue time") {
    OfficeFixture f;
    f.now = localTime("2026-11-23", 8, 0);
    auto a = f.must(IssueTicket{"ho_tich"});
    f.now = localTime("2026-11-23", 8, 5);
    auto c1 = f.must(IssueTicket{"chung_thuc"});
    auto c2 = f.must(IssueTicket{"chung_thuc"});
    f.must(OpenCounter{1, "nv01"});
    f.must(CallNext{1}); // A001
    f.must(StartService{1});
    f.now = localTime("2026-11-23", 8, 20);
    f.must(Transfer{1, "chung_thuc"});
    const Ticket& t = f.ticket(a);
    CHECK(t.field == "chung_thuc");
    CHECK(t.issueField == "ho_tich");
    CHECK(t.code == "A001");
    CHECK(t.transfers == 1);
    CHECK(t.state == TicketState::waiting);
    CHECK(t.issuedAt == localTime("2026-11-23", 8, 0));
    CHECK(f.engine().queueOf("chung_thuc") == std::vector<TicketId>{a, c1, c2});
    CHECK(f.engine().counterState(1) == CounterState::idle);
    f.must(OpenCounter{2, "nv04"});
    f.must(CallNext{2});
    CHECK(f.ticket(a).counter == 2);
}

TEST_CASE("transfers keep first-come order among themselves") {
    OfficeFixture f;
    auto a1 = f.must(IssueTicket{"ho_tich"});
    auto a2 = f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"chung_thuc"});
    f.must(OpenCounter{1, "nv01"});
    f.must(CallTicket{1, a2});
    f.must(Transfer{1, "chung_thuc"});
    f.must(CallTicket{1, a1});
    f.must(Transfer{1, "chung_thuc"});
    auto q = f.engine().queueOf("chung_thuc");
    REQUIRE(q.size() == 3);
    CHECK(q[0] == a2);
    CHECK(q[1] == a1);
}

TEST_CASE("a transfer to a field no open counter serves is accepted and waits there") {
    Served f; // counter 3 (dat_dai) is closed
    f.must(Transfer{1, "dat_dai"});
    CHECK(f.ticket(f.first).state == TicketState::waiting);
    CHECK(f.engine().waiting("dat_dai") == 1);
    f.must(OpenCounter{3, "nv03"});
    f.must(CallNext{3});
    CHECK(f.ticket(f.first).counter == 3);
}

TEST_CASE("transfer refusals: same field, unknown field") {
    Served f;
    CHECK(f.refusal(Transfer{1, "ho_tich"}) == ErrorCode::sameField);
    CHECK(f.refusal(Transfer{1, "khong_co"}) == ErrorCode::unknownField);
    CHECK(f.ticket(f.first).state == TicketState::called);
}

TEST_CASE("a parked ticket frees the counter and can be called back later") {
    Served f;
    f.must(StartService{1});
    f.must(Park{1});
    CHECK(f.ticket(f.first).state == TicketState::parked);
    CHECK(f.engine().parkedAt(1) == std::vector<TicketId>{f.first});
    CHECK(f.engine().counterState(1) == CounterState::idle);
    f.must(CallNext{1}); // the second ticket in between
    f.must(FinishService{1});
    f.must(CallTicket{1, f.first});
    CHECK(f.ticket(f.first).state == TicketState::called);
    CHECK(f.engine().parkedAt(1).empty());
}

TEST_CASE("a parked ticket of a field the other counter cannot serve stays put") {
    Served f;
    f.must(Park{1});
    f.must(OpenCounter{3, "nv03"}); // dat_dai only
    auto r = f.run(CallTicket{3, f.first});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::staffNotAllowed);
}

TEST_CASE("cancel: waiting, parked or no-show only") {
    Served f;
    CHECK(f.refusal(CancelTicket{f.first, "left"}) == ErrorCode::ticketWrongState);
    f.must(CancelTicket{f.second, "left"});
    CHECK(f.ticket(f.second).state == TicketState::cancelled);
    CHECK(f.engine().waiting("ho_tich") == 0);
    CHECK(f.refusal(CancelTicket{999, "x"}) == ErrorCode::unknownTicket);
}

TEST_CASE("finished services add up per field for the wait estimate; no-shows do not") {
    Served f;
    CHECK(f.engine().serviceTotals("ho_tich").finished == 0);
    f.now += std::chrono::minutes{2}; // called 2 minutes ago, never started
    f.must(FinishService{1});
    f.must(CallNext{1});
    f.now += std::chrono::minutes{1};
    f.must(StartService{1});
    f.now += std::chrono::minutes{6};
    f.must(FinishService{1});
    auto totals = f.engine().serviceTotals("ho_tich");
    CHECK(totals.finished == 2);
    CHECK(totals.minutes == Approx(2 + 6)); // from the call, or from the start when started
    CHECK(f.engine().serviceTotals("dat_dai").finished == 0);
}

TEST_CASE("a parked ticket cancelled or called elsewhere leaves the counter's parked list") {
    Served f;
    f.must(Park{1});
    f.must(CallNext{1});
    f.must(Park{1});
    CHECK(f.engine().parkedAt(1) == std::vector<TicketId>{f.first, f.second});
    f.must(CancelTicket{f.first, "left"});
    CHECK(f.engine().parkedAt(1) == std::vector<TicketId>{f.second});
}
