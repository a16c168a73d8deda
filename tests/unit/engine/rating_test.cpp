// Citizens' ratings (engine/plan_rating.cpp): one per ticket whichever of
// phone, counter screen and rating box comes first, only a finished ticket,
// the screen and box only for their counter's last service within
// [rating] counter_minutes, and a comment bounded and valid UTF-8.
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

// Two ho_tich tickets; the first finished at counter 1 by nv01.
struct Finished : OfficeFixture {
    TicketId first = 0;
    TicketId second = 0;
    explicit Finished(OfficeConfig cfg = withQuestions()) : OfficeFixture(std::move(cfg)) {
        first = must(IssueTicket{"ho_tich"});
        second = must(IssueTicket{"ho_tich"});
        must(OpenCounter{1, "nv01"});
        must(CallNext{1});
        must(StartService{1});
        now += std::chrono::minutes{5};
        must(FinishService{1});
    }
    static OfficeConfig withQuestions() {
        OfficeConfig cfg = makeTestOffice();
        cfg.ratingQuestions = {{"access", "access", "Dễ tiếp cận?", "Easy to reach?"},
                               {"officer", "officer", "Thái độ cán bộ?", "Officer's manner?"}};
        return cfg;
    }
};

RateTicket phone(TicketId t, int level, std::string comment = {}) {
    return RateTicket{t, RatingChannel::phone, 0, level, {}, std::move(comment)};
}

RateTicket screen(TicketId t, int counter, int level) { return RateTicket{t, RatingChannel::screen, counter, level, {}, {}}; }

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

} // namespace

TEST_CASE("one rating per ticket: the first channel wins, the others are refused as already rated") {
    Finished f;
    RateTicket r = phone(f.first, 1, "Chờ lâu quá");
    r.answers = {{"access", 2}, {"officer", 1}};
    auto done = f.run(r, "public");
    REQUIRE(done.ok());
    REQUIRE(done->size() == 1);
    const Event& e = done->front();
    CHECK(e.kind == EventKind::ticketRated);
    CHECK(e.number == 1);
    CHECK(e.reason == "phone");
    CHECK(e.counter == 1);
    CHECK(e.staff == "nv01"); // who served it, for the leader's follow-up
    CHECK(e.field == "ho_tich");
    CHECK(e.answers == "access=2;officer=1");
    CHECK(e.comment == "Chờ lâu quá");
    CHECK(f.ticket(f.first).rating == 1);

    CHECK(f.refusal(screen(f.first, 1, 4)) == ErrorCode::alreadyRated);
    CHECK(f.refusal(RateService{1, 4}) == ErrorCode::alreadyRated);
    CHECK(f.refusal(phone(f.first, 4)) == ErrorCode::alreadyRated);

    f.restart(); // the rating was committed, and is still one after a restart
    CHECK(f.ticket(f.first).rating == 1);
    CHECK(f.ticket(f.first).ratingChannel == "phone");
    CHECK(f.refusal(phone(f.first, 4)) == ErrorCode::alreadyRated);
}

TEST_CASE("the rating box first, then the phone is refused") {
    Finished f;
    f.must(RateService{1, 3});
    CHECK(f.ticket(f.first).ratingChannel == "box");
    CHECK(f.refusal(phone(f.first, 1)) == ErrorCode::alreadyRated);
}

TEST_CASE("only a finished ticket of today is rated") {
    Finished f;
    CHECK(f.refusal(phone(f.second, 4)) == ErrorCode::ticketWrongState); // still waiting
    f.must(CallNext{1});
    CHECK(f.refusal(phone(f.second, 4)) == ErrorCode::ticketWrongState); // called
    f.must(MarkNoShow{1});
    CHECK(f.refusal(phone(f.second, 4)) == ErrorCode::ticketWrongState); // no-show
    TicketId cancelled = f.must(IssueTicket{"ho_tich"});
    f.must(CancelTicket{cancelled, "citizen left"});
    CHECK(f.refusal(phone(cancelled, 4)) == ErrorCode::ticketWrongState);
    CHECK(f.refusal(phone(9999, 4)) == ErrorCode::unknownTicket);
    f.must(phone(f.first, 4)); // the finished one is
}

TEST_CASE("a counter's screen and box rate only its last service, within counter_minutes") {
    Finished f;
    // Another counter's screen cannot rate it.
    f.must(OpenCounter{2, "nv02"});
    CHECK(f.refusal(screen(f.first, 2, 4)) == ErrorCode::ratingClosed);
    // Past the window the desk cannot either, but the phone still can.
    f.now += std::chrono::minutes{f.config->rating.counterMinutes} + std::chrono::seconds{1};
    CHECK(f.refusal(screen(f.first, 1, 4)) == ErrorCode::ratingClosed);
    CHECK(f.refusal(RateService{1, 4}) == ErrorCode::ratingClosed);
    f.must(phone(f.first, 4));
}

TEST_CASE("once the counter finished the next citizen, the screen rates that one") {
    Finished f;
    f.must(CallNext{1});
    f.must(StartService{1});
    f.must(FinishService{1});
    CHECK(f.refusal(screen(f.first, 1, 4)) == ErrorCode::ratingClosed);
    f.must(screen(f.second, 1, 3));
    CHECK(f.ticket(f.second).ratingChannel == "screen");
    CHECK(f.engine().lastFinishedAt(1)->id == f.second);
}

TEST_CASE("levels, answers and the comment are checked before anything is written") {
    Finished f;
    CHECK(f.refusal(phone(f.first, 0)) == ErrorCode::invalidArgument);
    CHECK(f.refusal(phone(f.first, 5)) == ErrorCode::invalidArgument);
    RateTicket unknown = phone(f.first, 4);
    unknown.answers = {{"parking", 4}};
    CHECK(f.refusal(unknown) == ErrorCode::invalidArgument);
    RateTicket badAnswer = phone(f.first, 4);
    badAnswer.answers = {{"access", 7}};
    CHECK(f.refusal(badAnswer) == ErrorCode::invalidArgument);
    CHECK(f.refusal(phone(f.first, 4, "abc\xC3(")) == ErrorCode::invalidArgument);  // not UTF-8
    CHECK(f.refusal(phone(f.first, 4, "\xC0\xAF")) == ErrorCode::invalidArgument);  // overlong
    CHECK(f.refusal(phone(f.first, 4, "a\x01z")) == ErrorCode::invalidArgument);    // control character
    // The limit counts characters, not bytes: 500 "ệ" (3 bytes each) pass, 501 do not.
    REQUIRE(f.config->rating.commentMaxChars == 500);
    CHECK(f.refusal(phone(f.first, 4, repeat("ệ", 501))) == ErrorCode::invalidArgument);
    CHECK(f.ticket(f.first).rating == 0); // nothing written by the refusals
    auto ok = f.run(phone(f.first, 4, repeat("ệ", 500)));
    REQUIRE(ok.ok());
    CHECK(ok->front().comment.size() == 1500);
}

TEST_CASE("the leader's follow-up needs a rating and a note") {
    Finished f;
    CHECK(f.refusal(FollowUpRating{f.first, "Đã gọi lại"}) == ErrorCode::ticketWrongState);
    f.must(phone(f.first, 1, "Cán bộ hướng dẫn chưa rõ"));
    CHECK(f.refusal(FollowUpRating{f.first, ""}) == ErrorCode::invalidArgument);
    auto done = f.run(FollowUpRating{f.first, "Đã gọi điện xin lỗi, hẹn hướng dẫn lại"}, "leader:lanh_dao");
    REQUIRE(done.ok());
    CHECK(done->front().kind == EventKind::ratingFollowedUp);
    CHECK(done->front().comment == "Đã gọi điện xin lỗi, hẹn hướng dẫn lại");
    CHECK(f.ticket(f.first).followUps == 1);
    CHECK(f.ticket(f.first).rating == 1); // a follow-up changes no rating
}

TEST_CASE("answers survive their encoding") {
    RatingAnswers a{{"officer", 3}, {"access", 4}};
    CHECK(encodeAnswers(a) == "access=4;officer=3");
    CHECK(decodeAnswers("access=4;officer=3") == a);
    CHECK(decodeAnswers("access=9;=2;x;officer=3") == RatingAnswers{{"officer", 3}});
    CHECK(ratingLevelOf(5, "") == 4); // a box key written before the four levels
    CHECK(ratingLevelOf(2, "") == 1);
    CHECK(ratingLevelOf(2, "phone") == 2);
}
