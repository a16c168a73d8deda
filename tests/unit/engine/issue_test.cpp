// Issuing tickets: numbering, quotas, opening hours and cut-offs.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

TEST_CASE("tickets are numbered per field with their own format") {
    OfficeFixture f;
    auto a1 = f.must(IssueTicket{"ho_tich"});
    auto a2 = f.must(IssueTicket{"ho_tich"});
    auto d1 = f.must(IssueTicket{"dat_dai"});
    auto c1 = f.must(IssueTicket{"chung_thuc"});
    CHECK(f.ticket(a1).code == "A001");
    CHECK(f.ticket(a2).code == "A002");
    CHECK(f.ticket(d1).code == "1001");
    CHECK(f.ticket(c1).code == "C01");
    CHECK(f.ticket(a2).number == 2);
    CHECK(f.engine().waiting("ho_tich") == 2);
    CHECK(f.engine().peopleAhead(a1) == 0);
    CHECK(f.engine().peopleAhead(a2) == 1);
}

TEST_CASE("a priority ticket has only earlier priority tickets ahead of it") {
    OfficeFixture f;
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"ho_tich"});
    auto p1 = f.must(IssueTicket{"ho_tich", "elderly"});
    auto p2 = f.must(IssueTicket{"ho_tich", "disabled"});
    auto n3 = f.must(IssueTicket{"ho_tich"});
    CHECK(f.engine().peopleAhead(p1) == 0);
    CHECK(f.engine().peopleAhead(p2) == 1);
    CHECK(f.engine().peopleAhead(n3) == 4);
    CHECK(f.ticket(p1).priority == "elderly");
}

TEST_CASE("a new ticket's people ahead are known before it is issued") {
    OfficeFixture f;
    CHECK(f.engine().peopleAheadOfNew("ho_tich", false) == 0);
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"ho_tich", "elderly"});
    // What peopleAhead() says once it is issued.
    CHECK(f.engine().peopleAheadOfNew("ho_tich", false) == 3);
    CHECK(f.engine().peopleAheadOfNew("ho_tich", true) == 1);
    auto n = f.must(IssueTicket{"ho_tich"});
    CHECK(f.engine().peopleAhead(n) == 3);
    auto p = f.must(IssueTicket{"ho_tich", "disabled"});
    CHECK(f.engine().peopleAhead(p) == 1);
}

TEST_CASE("the estimate a ticket is issued with goes into its event") {
    OfficeFixture f;
    IssueTicket told{"ho_tich"};
    told.estimateSeconds = 840;
    auto r = f.run(told);
    REQUIRE(r.ok());
    CHECK(r->front().estimateSeconds == 840);
    auto none = f.run(IssueTicket{"ho_tich"});
    REQUIRE(none.ok());
    CHECK(none->front().estimateSeconds == -1);
}

TEST_CASE("unknown field or priority class is refused and nothing is stored") {
    OfficeFixture f;
    CHECK(f.refusal(IssueTicket{"xay_dung"}) == ErrorCode::unknownField);
    CHECK(f.refusal(IssueTicket{"ho_tich", "vip"}) == ErrorCode::unknownPriority);
    CHECK(f.engine().tickets().empty());
    CHECK(f.store->head()->lastSeq == 0);
}

TEST_CASE("the daily quota stops issuing for that field only") {
    OfficeFixture f; // dat_dai has a quota of 5
    for (int i = 0; i < 5; ++i) {
        f.must(IssueTicket{"dat_dai"});
    }
    CHECK(f.refusal(IssueTicket{"dat_dai"}) == ErrorCode::quotaReached);
    CHECK(f.engine().issuedToday("dat_dai") == 5);
    f.must(IssueTicket{"ho_tich"});
}

TEST_CASE("a transfer into a field does not use up its quota") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    f.must(IssueTicket{"ho_tich"});
    f.must(CallNext{1});
    f.must(Transfer{1, "dat_dai"});
    for (int i = 0; i < 5; ++i) {
        f.must(IssueTicket{"dat_dai"});
    }
    CHECK(f.engine().waiting("dat_dai") == 6);
}

TEST_CASE("a field's number range can run out, and is never wrapped") {
    OfficeFixture f; // chung_thuc: C01..C99
    for (int i = 0; i < 99; ++i) {
        f.must(IssueTicket{"chung_thuc"});
    }
    CHECK(f.refusal(IssueTicket{"chung_thuc"}) == ErrorCode::numberingExhausted);
    CHECK(f.engine().lastNumber("chung_thuc") == 99);
}

TEST_CASE("issuing follows opening hours, early issuing and the cut-off") {
    OfficeFixture f; // 07:30–11:30, 13:30–17:00; early 30; cut-off 15 (dat_dai 60)
    const std::string day = "2026-11-23";
    struct Case {
        int h, m;
        const char* field;
        bool ok;
        ErrorCode code;
    };
    const Case cases[] = {
        {6, 59, "ho_tich", false, ErrorCode::officeClosed},
        {7, 0, "ho_tich", true, {}},
        {11, 14, "ho_tich", true, {}},
        {11, 15, "ho_tich", false, ErrorCode::afterCutoff},
        {11, 29, "ho_tich", false, ErrorCode::afterCutoff},
        {10, 29, "dat_dai", true, {}},
        {10, 30, "dat_dai", false, ErrorCode::afterCutoff},
        {12, 0, "ho_tich", false, ErrorCode::officeClosed},
        {13, 0, "ho_tich", true, {}},
        {16, 50, "ho_tich", false, ErrorCode::afterCutoff},
        {17, 30, "ho_tich", false, ErrorCode::officeClosed},
    };
    for (const auto& c : cases) {
        f.now = localTime(day, c.h, c.m);
        auto r = f.run(IssueTicket{c.field});
        INFO(c.h << ":" << c.m << " " << c.field);
        CHECK(r.ok() == c.ok);
        if (!c.ok && !r.ok()) {
            CHECK(r.error().code == c.code);
        }
    }
}

TEST_CASE("the refusal at lunch says when issuing reopens") {
    OfficeFixture f;
    f.now = localTime("2026-11-23", 12, 0);
    auto r = f.run(IssueTicket{"ho_tich"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "issuing opens at 13:00");
}

TEST_CASE("no tickets on a closed date or a day with no sessions") {
    auto cfg = makeTestOffice();
    cfg.office.closedDates = {"2026-11-23"};
    cfg.office.hours[6].clear(); // Sunday
    OfficeFixture f(cfg);
    CHECK(f.refusal(IssueTicket{"ho_tich"}) == ErrorCode::officeClosed);
    f.now = localTime("2026-11-24", 9, 0);
    f.must(IssueTicket{"ho_tich"});
    f.now = localTime("2026-11-29", 9, 0); // a Sunday
    CHECK(f.refusal(IssueTicket{"ho_tich"}) == ErrorCode::officeClosed);
}

TEST_CASE("a repeated kiosk request id is the same ticket, also after a restart") {
    OfficeFixture f;
    auto first = f.must(IssueTicket{"ho_tich", "", "", "pub1", "tap-42"}, "kiosk:k1");
    CHECK(f.engine().ticketForRequest("kiosk:k1", "tap-42")->id == first);
    CHECK(f.engine().ticketForRequest("kiosk:k2", "tap-42") == nullptr);
    auto again = f.run(IssueTicket{"ho_tich", "", "", "pub2", "tap-42"}, "kiosk:k1");
    REQUIRE_FALSE(again.ok());
    f.restart();
    CHECK(f.engine().ticketForRequest("kiosk:k1", "tap-42")->id == first);
    CHECK(f.engine().ticketByCode("A001")->id == first);
    CHECK(f.engine().tickets().size() == 1);
}

TEST_CASE("every ticket of a busy day is found by its code, public id and request, after a restart too") {
    OfficeFixture f;
    std::vector<TicketId> ids;
    for (int i = 0; i < 240; ++i) {
        const char* field = i % 3 == 2 ? "chung_thuc" : "ho_tich";
        ids.push_back(f.must(IssueTicket{field, "", "", "pub-" + std::to_string(i), "r" + std::to_string(i)},
                             i % 2 == 0 ? "kiosk:k1" : "kiosk:k2"));
    }
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 240; ++i) {
            const Ticket& t = f.ticket(ids[static_cast<std::size_t>(i)]);
            CHECK(f.engine().ticketByCode(t.code) == &t);
            CHECK(f.engine().ticketByPublicId("pub-" + std::to_string(i)) == &t);
            std::string request = "r" + std::to_string(i);
            CHECK(f.engine().ticketForRequest(i % 2 == 0 ? "kiosk:k1" : "kiosk:k2", request) == &t);
            // The same request id from the other kiosk issued nothing.
            CHECK(f.engine().ticketForRequest(i % 2 == 0 ? "kiosk:k2" : "kiosk:k1", request) == nullptr);
        }
        CHECK(f.engine().ticketByCode("A999") == nullptr);
        CHECK(f.engine().ticketByPublicId("pub-240") == nullptr);
        // The actor and the request id are not run together: ("kiosk:k1", "r1") is not ("kiosk:k1r", "1").
        CHECK(f.engine().ticketForRequest("kiosk:k1r", "1") == nullptr);
        f.restart();
    }
}

TEST_CASE("a ticket held for its print cannot be called until released, and keeps its place") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    IssueTicket printing{"ho_tich"};
    printing.holdForPrint = true;
    auto held = f.must(printing);
    auto later = f.must(IssueTicket{"ho_tich"});
    CHECK(f.engine().heldTickets() == std::vector<TicketId>{held});
    CHECK(f.engine().waiting("ho_tich") == 1); // only the one that is not printing
    CHECK(f.refusal(CallTicket{1, held}) == ErrorCode::ticketWrongState);
    CHECK(f.refusal(ReleaseTicket{later, "p1"}) == ErrorCode::ticketWrongState); // never held
    f.must(ReleaseTicket{held, "p1"});
    CHECK(f.engine().heldTickets().empty());
    CHECK(f.refusal(ReleaseTicket{held, "p1"}) == ErrorCode::ticketWrongState); // once only
    // Issued first, so called first: the print did not cost it its place.
    auto called = f.run(CallNext{1});
    REQUIRE(called.ok());
    CHECK(called->front().ticketId == held);
    f.restart();
    CHECK(f.engine().heldTickets().empty());
    CHECK(f.engine().ticket(later)->state == TicketState::waiting);
}

TEST_CASE("a held ticket survives a restart still held, and a failed print cancels it") {
    OfficeFixture f;
    IssueTicket printing{"ho_tich"};
    printing.holdForPrint = true;
    auto held = f.must(printing);
    f.restart();
    CHECK(f.engine().heldTickets() == std::vector<TicketId>{held}); // the daemon releases it at start
    f.must(CancelTicket{held, "printer_failed"});
    CHECK(f.engine().ticket(held)->state == TicketState::cancelled);
    CHECK(f.engine().heldTickets().empty());
    CHECK(f.engine().waiting("ho_tich") == 0);
}

TEST_CASE("people ahead counts right from either end of a line") {
    OfficeFixture f;
    std::vector<TicketId> normal;
    for (int i = 0; i < 9; ++i) {
        normal.push_back(f.must(IssueTicket{"ho_tich"}));
        if (i % 3 == 0) {
            f.must(IssueTicket{"ho_tich", "elderly"});
        }
    }
    for (std::size_t i = 0; i < normal.size(); ++i) {
        INFO("normal ticket " << i);
        CHECK(f.engine().peopleAhead(normal[i]) == i + 3); // the three priority tickets first
    }
    f.must(CancelTicket{normal[4], "left"}); // a gap in the middle
    CHECK(f.engine().peopleAhead(normal[5]) == 4 + 3);
    CHECK(f.engine().peopleAhead(normal[3]) == 3 + 3);
}
