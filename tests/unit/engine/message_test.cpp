// Messages to citizens' phones: which commands queue which message, in the
// same commit as their cause, and how the outbox survives a restart.
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

OfficeConfig messagingOffice(int nearAhead = 2) {
    OfficeConfig c = makeTestOffice();
    c.messages.enabled = true;
    c.messages.nearAhead = nearAhead;
    return c;
}

TicketId issue(OfficeFixture& f, const std::string& phone = "", const std::string& field = "ho_tich") {
    return f.must(IssueTicket{field, "", phone});
}

std::vector<Event> messagesIn(const Result<Events>& r) {
    std::vector<Event> out;
    REQUIRE(r.ok());
    for (const auto& e : *r) {
        if (e.kind == EventKind::messageQueued) {
            out.push_back(e);
        }
    }
    return out;
}

// Calls and finishes the next ticket at counter 1; the messages that call queued.
std::vector<Event> callAndFinish(OfficeFixture& f) {
    auto r = f.run(CallNext{1});
    auto out = messagesIn(r);
    f.must(FinishService{1});
    return out;
}

int rowsWhere(Store& store, const std::string& sql) {
    SQLite::Statement q(store.database(), sql);
    REQUIRE(q.executeStep());
    return q.getColumn(0).getInt();
}

} // namespace

TEST_CASE("with messages off, a call with a phone number queues nothing") {
    OfficeFixture f;
    issue(f, "0901234567");
    f.must(OpenCounter{1, "nv01"});
    auto r = f.run(CallNext{1});
    REQUIRE(r.ok());
    CHECK(r->size() == 1);
    CHECK(f.engine().outbox().empty());
}

TEST_CASE("a call queues 'mời đến quầy' in the same commit, to the number as stored") {
    OfficeFixture f(messagingOffice());
    TicketId t = issue(f, "+84 90 123 4567");
    f.must(OpenCounter{1, "nv01"});
    auto r = f.run(CallNext{1});
    auto msgs = messagesIn(r);
    REQUIRE(msgs.size() == 1);
    CHECK(r->front().kind == EventKind::ticketCalled); // the cause stays first
    const Event& m = msgs[0];
    CHECK(m.ticketId == t);
    CHECK(m.phone == "0901234567");
    CHECK(m.reason == "called");
    CHECK(m.payload.find("A001") != std::string::npos);
    CHECK(m.payload.find(f.config->counterName(1)) != std::string::npos);
    // Committed with its cause: the store has the row, the engine the message.
    CHECK(rowsWhere(*f.store, "SELECT count(*) FROM outbox WHERE state = 'queued' AND to_phone = '0901234567'") == 1);
    REQUIRE(f.engine().message(m.seq) != nullptr);
    CHECK(f.engine().message(m.seq)->state == MessageState::queued);
}

TEST_CASE("'your turn is near' goes once, when the ticket crosses to near_ahead people ahead") {
    OfficeFixture f(messagingOffice(2));
    for (int i = 0; i < 4; ++i) {
        issue(f); // A001..A004, no phone
    }
    TicketId mine = issue(f, "0912345678"); // A005: 4 ahead
    f.must(OpenCounter{1, "nv01"});
    CHECK(callAndFinish(f).empty()); // 3 ahead now
    auto second = callAndFinish(f);  // 2 ahead now: crosses
    REQUIRE(second.size() == 1);
    CHECK(second[0].ticketId == mine);
    CHECK(second[0].reason == "turn_near");
    CHECK(second[0].number == 2);
    CHECK(second[0].payload.find("còn 2 người") != std::string::npos);
    CHECK(f.engine().peopleAhead(mine) == 2);
    CHECK(callAndFinish(f).empty()); // 1 ahead: already told
    CHECK(callAndFinish(f).empty());
    auto called = callAndFinish(f); // its own call
    REQUIRE(called.size() == 1);
    CHECK(called[0].reason == "called");
}

TEST_CASE("a cancellation ahead moves the line up as a call does") {
    OfficeFixture f(messagingOffice(1));
    TicketId first = issue(f);
    issue(f);
    TicketId mine = issue(f, "0987654321"); // 2 ahead
    auto r = f.run(CancelTicket{first, "left"});
    auto msgs = messagesIn(r);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].ticketId == mine);
    CHECK(msgs[0].reason == "turn_near");
}

TEST_CASE("a ticket near the front when issued is not told its turn is near") {
    OfficeFixture f(messagingOffice(2));
    issue(f);
    TicketId mine = issue(f, "0912345678"); // 1 ahead at issue
    issue(f, "0912345679");                 // 2 ahead at issue
    f.must(OpenCounter{1, "nv01"});
    auto msgs = callAndFinish(f);
    CHECK(msgs.empty());
    auto next = callAndFinish(f); // calls `mine`
    REQUIRE(next.size() == 1);
    CHECK(next[0].ticketId == mine);
    CHECK(next[0].reason == "called");
}

TEST_CASE("a number over its daily cap gets its message skipped, with why") {
    OfficeConfig cfg = messagingOffice();
    cfg.messages.dailyCap = 1;
    OfficeFixture f(cfg);
    issue(f, "0901234567");
    issue(f, "0901234567");
    f.must(OpenCounter{1, "nv01"});
    auto first = callAndFinish(f);
    auto second = callAndFinish(f);
    REQUIRE(first.size() == 1);
    REQUIRE(second.size() == 1);
    CHECK(first[0].comment.empty());
    CHECK(second[0].comment.find("daily cap of 1") != std::string::npos);
    CHECK(f.engine().message(second[0].seq)->state == MessageState::skipped);
}

TEST_CASE("a landline or no number gets no SMS; the text can go without diacritics") {
    OfficeConfig cfg = messagingOffice();
    cfg.messages.withoutDiacritics = true;
    OfficeFixture f(cfg);
    issue(f, "02838291234"); // a Ho Chi Minh City landline
    issue(f, "0901234567");
    f.must(OpenCounter{1, "nv01"});
    CHECK(callAndFinish(f).empty());
    auto msgs = callAndFinish(f);
    REQUIRE(msgs.size() == 1);
    for (unsigned char c : msgs[0].payload) {
        CHECK(c < 0x80);
    }
    CHECK(msgs[0].payload.find("Moi so A002") != std::string::npos);
}

TEST_CASE("a message's steps are checked, counted and survive a restart") {
    OfficeFixture f(messagingOffice());
    issue(f, "0901234567");
    f.must(OpenCounter{1, "nv01"});
    auto msgs = messagesIn(f.run(CallNext{1}));
    REQUIRE(msgs.size() == 1);
    std::int64_t id = msgs[0].seq;
    CHECK(f.refusal(RecordMessage{id, MessageState::sent, {}}) == ErrorCode::invalidArgument);
    CHECK(f.refusal(RecordMessage{id + 100, MessageState::sending, {}}) == ErrorCode::invalidArgument);
    f.must(RecordMessage{id, MessageState::sending, {}});
    f.must(RecordMessage{id, MessageState::queued, "attempt 1 failed: modem busy"});
    f.must(RecordMessage{id, MessageState::sending, {}});
    f.restart(); // a crash here leaves it `sending`: the sender must decide, not guess
    REQUIRE(f.engine().message(id) != nullptr);
    CHECK(f.engine().message(id)->state == MessageState::sending);
    CHECK(f.engine().message(id)->attempts == 2);
    CHECK(f.engine().message(id)->why == "attempt 1 failed: modem busy");
    f.must(RecordMessage{id, MessageState::handed, {}});
    f.must(RecordMessage{id, MessageState::sent, {}});
    CHECK(f.refusal(RecordMessage{id, MessageState::sending, {}}) == ErrorCode::invalidArgument);
    auto rows = f.store->messages(f.engine().day());
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].state == "sent");
    CHECK((*rows)[0].attempts == 2);
    CHECK((*rows)[0].why.empty());
}

TEST_CASE("the day's end skips what was never sent; old numbers are erased, today's kept") {
    OfficeFixture f(messagingOffice());
    f.now = localTime("2026-11-23", 8, 0);
    issue(f, "0901234567");
    f.must(OpenCounter{1, "nv01"});
    auto msgs = messagesIn(f.run(CallNext{1}));
    REQUIRE(msgs.size() == 1);
    f.now = localTime("2026-11-23", 17, 30);
    f.must(CloseDay{});
    auto rows = f.store->messages("2026-11-23");
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].state == "skipped");
    CHECK((*rows)[0].why.find("day ended") != std::string::npos);

    auto erased = f.store->erasePhonesBefore("2026-11-23");
    REQUIRE(erased.ok());
    CHECK(*erased == 0);
    erased = f.store->erasePhonesBefore("2026-11-24");
    REQUIRE(erased.ok());
    CHECK(*erased >= 3); // the ticket, its issue event, the message
    CHECK(rowsWhere(*f.store, "SELECT count(*) FROM tickets WHERE phone IS NOT NULL") == 0);
    CHECK(rowsWhere(*f.store, "SELECT count(*) FROM events WHERE phone IS NOT NULL") == 0);
    CHECK(rowsWhere(*f.store, "SELECT count(*) FROM outbox WHERE to_phone IS NOT NULL") == 0);
}
