// What the main board's information lines and a paused counter's display say:
// paused counters explained, the editors' notices, the standing messages,
// transliterated and paged for each unit's size.
#include "devices/board_info.hpp"
#include "devices/device_manager.hpp"
#include "devices/keypad_actions.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;
using Lines = std::vector<std::string>;

namespace {

DeviceConfig board(int width, int lines, bool unicode = false) {
    DeviceConfig d;
    d.id = "board";
    d.role = DeviceRole::mainBoard;
    d.digits = width;
    d.lines = lines;
    d.unicode = unicode;
    return d;
}

Notice notice(const std::string& title, const std::string& text, unsigned screens = screenBoard) {
    Notice n;
    n.title = title;
    n.text = text;
    n.screens = screens;
    return n;
}

} // namespace

TEST_CASE("a board's lines: the latest calls first, the information lines below") {
    auto cfg = makeTestOffice();
    cfg.display.latestCalls = 3;
    cfg.display.messages = {"Hotline 1022", "Gio lam viec"};
    auto l = boardLayout(cfg, board(32, 5));
    CHECK(l.callLines == 3);
    CHECK(l.infoLines == 2);
    CHECK(boardLayout(cfg, board(32, 2)).infoLines == 0); // a small board keeps its calls
    // Without `lines`: as many information lines as standing messages, at least one.
    CHECK(boardLayout(cfg, board(32, 0)).infoLines == 2);
    cfg.display.messages.clear();
    CHECK(boardLayout(cfg, board(32, 0)).infoLines == 1);
}

TEST_CASE("the information pages: paused counters and the apology, then notices, then standing "
          "messages") {
    auto cfg = makeTestOffice();
    cfg.display.latestCalls = 1;
    cfg.display.messages = {"Đường dây nóng: 1022"};
    cfg.display.apology = "Xin lỗi công dân.";
    OfficeFixture f(cfg);
    f.must(SaveNotice{notice("Nghỉ lễ", "Ngày 2/9 nghỉ cả ngày"), 0});
    f.must(SaveNotice{notice("", "Chỉ trên TV", screenTv), 0});
    f.must(OpenCounter{2, "nv02"});
    f.must(Pause{2, "meeting", localTime("2026-11-23", 8, 30)});

    auto texts = boardInfoTexts(f.engine(), f.now);
    CHECK(texts == Lines{"Quầy 2 tạm dừng: Họp. Dự kiến làm việc trở lại lúc 08:30.",
                         "Xin lỗi công dân.", "Nghỉ lễ: Ngày 2/9 nghỉ cả ngày",
                         "Đường dây nóng: 1022"});
    // A 20-character, 3-line ASCII board: 1 call line, 2 information lines.
    auto layout = boardLayout(cfg, board(20, 3));
    auto pages = boardInfoPages(texts, layout);
    CHECK(pages == std::vector<Lines>{{"Quay 2 tam dung:", "Hop. Du kien lam"},
                                      {"viec tro lai luc", "08:30."},
                                      {"Xin loi cong dan.", ""},
                                      {"Nghi le: Ngay 2/9", "nghi ca ngay"},
                                      {"Duong day nong: 1022", ""}});
    // The board itself: its call line, then the page of the moment, round and round.
    CHECK(DeviceManager::boardFor(f.engine(), cfg, board(20, 3), f.now, 3).lines ==
          Lines{"", "Nghi le: Ngay 2/9", "nghi ca ngay"});
    CHECK(DeviceManager::boardFor(f.engine(), cfg, board(20, 3), f.now, 5).lines ==
          Lines{"", "Quay 2 tam dung:", "Hop. Du kien lam"});
    // A notice that has not started is not on the board yet.
    Notice later = notice("", "Sắp tới");
    later.startsAt = f.now + std::chrono::hours{1};
    f.must(SaveNotice{later, 0});
    CHECK(boardInfoTexts(f.engine(), f.now).size() == 4);
    CHECK(boardInfoTexts(f.engine(), f.now + std::chrono::hours{1}).size() == 5);
    // The counter resumes: its lines and the apology go.
    f.must(Resume{2});
    CHECK(boardInfoTexts(f.engine(), f.now) ==
          Lines{"Nghỉ lễ: Ngày 2/9 nghỉ cả ngày", "Đường dây nóng: 1022"});
}

TEST_CASE("a board that takes UTF-8 gets Vietnamese, wrapped by characters") {
    auto cfg = makeTestOffice();
    cfg.display.latestCalls = 0;
    cfg.display.messages = {};
    OfficeFixture f(cfg);
    f.must(SaveNotice{notice("", "Công dân vui lòng chuẩn bị căn cước công dân"), 0});
    auto pages =
        boardInfoPages(boardInfoTexts(f.engine(), f.now), boardLayout(cfg, board(24, 2, true)));
    CHECK(pages == std::vector<Lines>{{"Công dân vui lòng chuẩn", "bị căn cước công dân"}});
}

TEST_CASE("a paused counter's own display: reason, return time, apology, as its width allows") {
    auto cfg = makeTestOffice();
    cfg.display.apology = "Xin lỗi công dân.";
    OfficeFixture f(cfg);
    f.must(OpenCounter{1, "nv01"});
    CHECK(pausedDisplayPages(f.engine(), 1, 16, true).empty()); // not paused: nothing to explain
    f.must(Pause{1, "meeting", localTime("2026-11-23", 8, 30)});
    CHECK(pausedDisplayPages(f.engine(), 1, 4, true) == Lines{"----"});
    CHECK(pausedDisplayPages(f.engine(), 1, 8, true) == Lines{"TAM DUNG", "08:30"});
    CHECK(pausedDisplayPages(f.engine(), 1, 16, true) ==
          Lines{"Tam dung: Hop", "Tro lai luc", "08:30", "Xin loi cong", "dan."});
    CHECK(pausedDisplayPages(f.engine(), 1, 16, false) == Lines{"----"}); // digits only

    DeviceConfig text;
    text.counter = 1;
    text.digits = 16;
    CHECK(DeviceManager::displayFor(f.engine(), cfg, text, false, 1).text == "Tro lai luc");
    DeviceConfig digits = text;
    digits.profile = "number"; // LED-485-046: a number, never "08:30" read as 830
    CHECK(DeviceManager::displayFor(f.engine(), cfg, digits, false, 1).text == "----");
    // The keypad's pause, without a time: the reason and the apology only.
    f.must(Resume{1});
    f.must(Pause{1, "break"});
    CHECK(pausedDisplayPages(f.engine(), 1, 20, true) ==
          Lines{"Tam dung: Nghi giai", "lao", "Xin loi cong dan."});
}

TEST_CASE("the keypad's pause key still pauses, promising no return time") {
    OfficeFixture f;
    f.must(OpenCounter{1, "nv01"});
    DeviceConfig keypad;
    keypad.id = "q1keys";
    keypad.role = DeviceRole::keypad;
    keypad.counter = 1;
    keypad.keys = {{"4", "pause"}};
    auto commands = keypadCommands(keypad, 4, f.engine(), *f.config);
    REQUIRE(commands.ok());
    REQUIRE(commands->size() == 1);
    const auto& pause = std::get<Pause>(commands->front());
    CHECK(pause.until == TimePoint{});
    f.must(commands->front(), "keypad:q1keys");
    CHECK(f.engine().counterState(1) == CounterState::paused);
    CHECK(f.engine().counter(1)->expectedBack == TimePoint{});
    CHECK(pausedCounterText(f.engine(), 1) == "Quầy 1 tạm dừng: Nghỉ giải lao.");
}
