// What displays show for each counter state, and what hardware keys do.
#include <SQLiteCpp/SQLiteCpp.h>
#include "devices/device_manager.hpp"
#include "devices/keypad_actions.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;
using drivers::DisplayState;

TEST_CASE("a counter display follows the counter: blank, blinking call, steady service, pause") {
    OfficeFixture f;
    CHECK(DeviceManager::displayTextFor(f.engine(), 1, false) == DisplayState{});
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    CHECK(DeviceManager::displayTextFor(f.engine(), 1, false) == DisplayState{});
    f.must(CallNext{1});
    CHECK(DeviceManager::displayTextFor(f.engine(), 1, true) ==
          DisplayState{"A001", DisplayState::Mode::blinkTimes, 5});
    f.must(StartService{1});
    CHECK(DeviceManager::displayTextFor(f.engine(), 1, false) == DisplayState{"A001"});
    f.must(FinishService{1});
    f.must(Pause{1, "break"});
    CHECK(DeviceManager::displayTextFor(f.engine(), 1, false) == DisplayState{"----"});
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"chung_thuc"});
    f.must(IssueTicket{"dat_dai"}); // not counter 1's
    CHECK(DeviceManager::displayFor(f.engine(), 1, false).waiting == 2);
}

TEST_CASE("the main board lists current calls newest first, then the messages") {
    auto cfg = makeTestOffice();
    cfg.display.messages = {"Đường dây nóng: 1022"};
    cfg.display.latestCalls = 3;
    OfficeFixture f(cfg);
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"dat_dai"});
    f.must(OpenCounter{1, "nv01"});
    f.must(OpenCounter{3, "nv03"});
    f.must(CallNext{1});
    f.now += std::chrono::seconds{5};
    f.must(CallNext{3});
    DeviceConfig board;
    board.role = DeviceRole::mainBoard;
    board.unicode = true;
    board.digits = 24; // characters a line: information lines wrap at it
    auto unicode = DeviceManager::boardFor(f.engine(), *f.config, board, f.now);
    // Three call lines, the third blank: no call for it.
    CHECK(unicode.lines == std::vector<std::string>{"1001 → Quầy 3", "A001 → Quầy 1", "", "Đường dây nóng: 1022"});
    board.unicode = false;
    auto ascii = DeviceManager::boardFor(f.engine(), *f.config, board, f.now);
    CHECK(ascii.lines == std::vector<std::string>{"1001 -> Quay 3", "A001 -> Quay 1", "", "Duong day nong: 1022"});

    // A call that ends leaves a blank line behind, not a stale one.
    f.must(FinishService{3});
    CHECK(DeviceManager::boardFor(f.engine(), *f.config, board, f.now).lines ==
          std::vector<std::string>{"A001 -> Quay 1", "", "", "Duong day nong: 1022"});
    // A two-line board gets two lines, whatever the office composes.
    board.lines = 2;
    CHECK(DeviceManager::boardFor(f.engine(), *f.config, board, f.now).lines ==
          std::vector<std::string>{"A001 -> Quay 1", ""});
}

TEST_CASE("keys map to the counter page's commands; unmapped keys are refused") {
    OfficeFixture f;
    DeviceConfig keypad;
    keypad.id = "q1keys";
    keypad.role = DeviceRole::keypad;
    keypad.counter = 1;
    keypad.keys = {{"0x0C", "call_next"}, {"13", "recall"}, {"2", "next"}, {"5", "transfer:dat_dai"}};
    auto call = keypadCommands(keypad, 12, f.engine(), *f.config);
    REQUIRE(call.ok());
    REQUIRE(call->size() == 1);
    CHECK(std::holds_alternative<CallNext>(call->front()));
    CHECK(std::holds_alternative<Recall>(keypadCommands(keypad, 0x0D, f.engine(), *f.config)->front()));
    auto transfer = keypadCommands(keypad, 5, f.engine(), *f.config);
    CHECK(std::get<Transfer>(transfer->front()).toField == "dat_dai");
    CHECK_FALSE(keypadCommands(keypad, 9, f.engine(), *f.config).ok());

    // "next" finishes whoever is at the desk first.
    f.must(IssueTicket{"ho_tich"});
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    CHECK(keypadCommands(keypad, 2, f.engine(), *f.config)->size() == 1);
    f.must(CallNext{1});
    auto next = keypadCommands(keypad, 2, f.engine(), *f.config);
    REQUIRE(next->size() == 2);
    CHECK(std::holds_alternative<FinishService>((*next)[0]));
    CHECK(std::holds_alternative<CallNext>((*next)[1]));
}

TEST_CASE("a rating box rates the ticket its counter just finished, once") {
    OfficeFixture f;
    DeviceConfig box;
    box.id = "q1rate";
    box.role = DeviceRole::rating;
    box.counter = 1;
    f.must(IssueTicket{"ho_tich"});
    f.must(OpenCounter{1, "nv01"});
    auto tooEarly = f.run(RateService{1, 4});
    REQUIRE_FALSE(tooEarly.ok());
    CHECK(tooEarly.error().code == ErrorCode::ratingClosed);
    auto id = f.must(CallNext{1});
    f.must(FinishService{1});
    // The box's 1–5 keys on the four levels: key 4 is Hài lòng (level 3).
    auto rate = keypadCommands(box, 4, f.engine(), *f.config);
    REQUIRE(rate.ok());
    f.must(rate->front());
    CHECK(f.ticket(id).rating == 3);
    CHECK(f.ticket(id).ratingChannel == "box");
    auto twice = f.run(RateService{1, 4});
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == ErrorCode::alreadyRated);
    auto bad = f.run(RateService{1, 5}); // a level, not a key: 1..4
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::invalidArgument);
    CHECK_FALSE(keypadCommands(box, 6, f.engine(), *f.config).ok());
    f.restart();
    CHECK(f.ticket(id).rating == 3);
    SQLite::Statement q(f.store->database(), "SELECT rating FROM tickets WHERE id = 1");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 3);
}

TEST_CASE("a rating box's keys map onto the four levels") {
    DeviceConfig box;
    box.role = DeviceRole::rating;
    box.counter = 1;
    OfficeFixture f;
    auto levelOfKey = [&](int key) {
        auto c = keypadCommands(box, key, f.engine(), *f.config);
        REQUIRE(c.ok());
        return std::get<RateService>(c->front()).level;
    };
    CHECK(levelOfKey(5) == 4); // Rất hài lòng
    CHECK(levelOfKey(4) == 3); // Hài lòng
    CHECK(levelOfKey(3) == 2); // Bình thường
    CHECK(levelOfKey(2) == 1); // Không hài lòng
    CHECK(levelOfKey(1) == 1);
    // A four-button box maps its keys to levels by name.
    box.keys = {{"1", "rate:very_satisfied"}, {"2", "rate:satisfied"}, {"3", "rate:neutral"}, {"4", "rate:dissatisfied"}};
    CHECK(levelOfKey(1) == 4);
    CHECK(levelOfKey(4) == 1);
}
