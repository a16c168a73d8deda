// Which ticket a counter calls: fields, staff, policy, priority mixing, races.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

std::string callNextCode(OfficeFixture& f, int counter) {
    auto r = f.run(CallNext{counter});
    if (!r) {
        return std::string(errorName(r.error().code));
    }
    std::string code = f.ticket(r->front().ticketId).code;
    f.must(FinishService{counter});
    return code;
}

void issueAt(OfficeFixture& f, const std::string& field, int minute, const std::string& prio = "") {
    f.now = localTime("2026-11-23", 8, minute);
    f.must(IssueTicket{field, prio});
}

} // namespace

TEST_CASE("calling an empty queue is refused clearly") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    auto r = f.run(CallNext{1});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::queueEmpty);
    CHECK(f.engine().counterState(1) == CounterState::idle);
}

TEST_CASE("a counter calls the longest-waiting ticket across its fields by default") {
    OfficeFixture f;
    issueAt(f, "chung_thuc", 0); // C01, earliest
    issueAt(f, "ho_tich", 1);    // A001
    issueAt(f, "chung_thuc", 2); // C02
    f.must(OpenCounter{1, "nv01"}); // prefers ho_tich, but C01 waited longest
    CHECK(callNextCode(f, 1) == "C01");
    CHECK(callNextCode(f, 1) == "A001");
    CHECK(callNextCode(f, 1) == "C02");
    CHECK(callNextCode(f, 1) == "queue_empty");
}

TEST_CASE("field_order policy empties the counter's first field first") {
    auto cfg = makeTestOffice();
    cfg.office.callPolicy = CallPolicy::fieldOrder;
    OfficeFixture f(cfg);
    issueAt(f, "chung_thuc", 0);
    issueAt(f, "ho_tich", 1);
    issueAt(f, "ho_tich", 2);
    f.must(OpenCounter{1, "nv01"}); // ho_tich first
    CHECK(callNextCode(f, 1) == "A001");
    CHECK(callNextCode(f, 1) == "A002");
    CHECK(callNextCode(f, 1) == "C01");
}

TEST_CASE("a counter only calls fields its logged-in staff member serves") {
    OfficeFixture f;
    issueAt(f, "ho_tich", 0);
    issueAt(f, "chung_thuc", 1);
    f.must(OpenCounter{2, "nv04"}); // counter 2 serves both; nv04 only chung_thuc
    CHECK(callNextCode(f, 2) == "C01");
    CHECK(callNextCode(f, 2) == "queue_empty");
    CHECK(f.engine().waiting("ho_tich") == 1);
}

TEST_CASE("strict priority: a priority ticket is called before earlier normal ones") {
    OfficeFixture f;
    issueAt(f, "ho_tich", 0);
    issueAt(f, "chung_thuc", 1);
    issueAt(f, "ho_tich", 2, "elderly"); // A002
    f.must(OpenCounter{1, "nv01"});
    CHECK(callNextCode(f, 1) == "A002");
    CHECK(callNextCode(f, 1) == "A001");
    CHECK(callNextCode(f, 1) == "C01");
}

TEST_CASE("every_n: one priority ticket after every N normal calls at a counter") {
    auto cfg = makeTestOffice();
    cfg.office.priorityRule = PriorityRule::everyN;
    cfg.office.priorityEvery = 2;
    OfficeFixture f(cfg);
    for (int i = 0; i < 5; ++i) {
        issueAt(f, "ho_tich", i); // A001..A005
    }
    issueAt(f, "ho_tich", 10, "elderly");  // A006
    issueAt(f, "ho_tich", 11, "disabled"); // A007
    f.must(OpenCounter{1, "nv01"});
    std::vector<std::string> order;
    for (int i = 0; i < 7; ++i) {
        order.push_back(callNextCode(f, 1));
    }
    CHECK(order == std::vector<std::string>{"A001", "A002", "A006", "A003", "A004", "A007", "A005"});
}

TEST_CASE("every_n still serves priority tickets when no normal one waits") {
    auto cfg = makeTestOffice();
    cfg.office.priorityRule = PriorityRule::everyN;
    cfg.office.priorityEvery = 3;
    OfficeFixture f(cfg);
    issueAt(f, "ho_tich", 0, "elderly");
    f.must(OpenCounter{1, "nv01"});
    CHECK(callNextCode(f, 1) == "A001");
}

TEST_CASE("two counters calling the last ticket: one gets it, the other hears the queue is empty") {
    OfficeFixture f;
    issueAt(f, "ho_tich", 0);
    f.must(OpenCounter{1, "nv01"});
    f.must(OpenCounter{2, "nv02"});

    SECTION("one after the other") {
        auto first = f.run(CallNext{1});
        auto second = f.run(CallNext{2});
        REQUIRE(first.ok());
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().code == ErrorCode::queueEmpty);
    }
    SECTION("in the same group commit") {
        std::vector<std::string> outcomes;
        for (int counter : {2, 1}) {
            f.journal->submit(CallNext{counter}, CommandMeta{f.now, "test"},
                              [&outcomes, counter](const Result<Events>& r) {
                                  outcomes.push_back(std::to_string(counter) + ":" +
                                                     (r ? "called" : std::string(errorName(r.error().code))));
                              });
        }
        CHECK(outcomes.empty()); // nobody is acknowledged before the commit
        REQUIRE(f.journal->flush().ok());
        CHECK(outcomes == std::vector<std::string>{"2:called", "1:queue_empty"});
    }
    CHECK(f.engine().waiting("ho_tich") == 0);
    int holding = 0;
    for (const auto& [n, c] : f.engine().counters()) {
        holding += c.activeTicket != 0 ? 1 : 0;
    }
    CHECK(holding == 1);
}

TEST_CASE("a counter holds at most one active ticket") {
    OfficeFixture f;
    issueAt(f, "ho_tich", 0);
    issueAt(f, "ho_tich", 1);
    f.must(OpenCounter{1, "nv01"});
    f.must(CallNext{1});
    auto again = f.run(CallNext{1});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::counterBusy);
    auto direct = f.run(CallTicket{1, 2});
    REQUIRE_FALSE(direct.ok());
    CHECK(direct.error().code == ErrorCode::counterBusy);
}

TEST_CASE("a specific waiting ticket can be called out of turn by a counter serving its field") {
    OfficeFixture f;
    issueAt(f, "ho_tich", 0);
    auto second = (f.now = localTime("2026-11-23", 8, 1), f.must(IssueTicket{"ho_tich"}));
    auto land = f.must(IssueTicket{"dat_dai"});
    f.must(OpenCounter{1, "nv01"});
    auto wrongField = f.run(CallTicket{1, land});
    REQUIRE_FALSE(wrongField.ok());
    CHECK(wrongField.error().code == ErrorCode::staffNotAllowed);
    f.must(CallTicket{1, second});
    CHECK(f.ticket(second).state == TicketState::called);
    CHECK(f.engine().queueOf("ho_tich").size() == 1);
}
