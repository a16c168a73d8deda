// The announcement queue on a fake clock: one at a time, recalls, backlog.
#include "voice/announcement_queue.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace qmsd::voice;
using qmsd::fromMillis;
using qmsd::Millis;
using qmsd::toMillis;
using qmsd::TimePoint;

namespace {

Announcement call(std::int64_t ticket, int counter, bool recall = false) {
    Announcement a;
    a.ticketId = ticket;
    a.code = "A" + std::to_string(ticket);
    a.counter = counter;
    a.recall = recall;
    return a;
}

TimePoint at(std::int64_t ms) { return fromMillis(ms); }

} // namespace

TEST_CASE("never two at once: nothing starts until the playing one is finished") {
    AnnouncementQueue q;
    q.push(call(1, 1), at(0));
    q.push(call(2, 2), at(10));
    auto first = q.next(at(20));
    REQUIRE(first);
    CHECK(first->ticketId == 1);
    CHECK_FALSE(q.next(at(1000)));
    CHECK_FALSE(q.next(at(5000)));
    q.finished(first->id);
    auto second = q.next(at(5001));
    REQUIRE(second);
    CHECK(second->ticketId == 2);
    q.finished(second->id);
    CHECK_FALSE(q.next(at(6000)));
}

TEST_CASE("a recall of the ticket being announced says it again afterwards") {
    AnnouncementQueue q;
    q.push(call(7, 3), at(0));
    auto playing = q.next(at(0));
    REQUIRE(playing);
    q.push(call(7, 3, true), at(500));
    CHECK_FALSE(q.next(at(600)));
    q.finished(playing->id);
    auto again = q.next(at(4000));
    REQUIRE(again);
    CHECK(again->ticketId == 7);
    CHECK(again->recall);
    CHECK(again->id != playing->id);
}

TEST_CASE("a recall of a ticket still waiting does not queue it twice") {
    AnnouncementQueue q;
    q.push(call(1, 1), at(0));
    auto playing = q.next(at(0));
    const auto pushed = q.push(call(2, 2), at(10));
    q.push(call(3, 4), at(20));
    const auto recalled = q.push(call(2, 2, true), at(30));
    CHECK(recalled.id == pushed.id);
    REQUIRE(q.waiting().size() == 2);
    CHECK(q.waiting()[0].ticketId == 2); // keeps its place in line
    CHECK(q.waiting()[0].recall);
}

TEST_CASE("a counter's newer call replaces its older one still waiting") {
    AnnouncementQueue q;
    q.push(call(1, 1), at(0));
    auto playing = q.next(at(0));
    q.push(call(2, 5), at(10));
    q.push(call(3, 6), at(20));
    const auto pushed = q.push(call(4, 5), at(30)); // counter 5 moved on from ticket 2
    REQUIRE(pushed.dropped.size() == 1);
    CHECK(pushed.dropped[0].announcement.ticketId == 2);
    CHECK(pushed.dropped[0].reason == DropReason::superseded);
    REQUIRE(q.waiting().size() == 2);
    CHECK(q.waiting()[0].ticketId == 3);
    CHECK(q.waiting()[1].ticketId == 4);
}

TEST_CASE("the backlog is bounded: the oldest waiting calls are dropped") {
    QueueSettings s;
    s.maxBacklog = 3;
    AnnouncementQueue q(s);
    q.push(call(100, 9), at(0));
    REQUIRE(q.next(at(0)));
    std::vector<std::int64_t> dropped;
    for (int i = 1; i <= 8; ++i) { // eight counters call at once
        for (const Dropped& d : q.push(call(i, i), at(i)).dropped) {
            CHECK(d.reason == DropReason::backlog);
            dropped.push_back(d.announcement.ticketId);
        }
        CHECK(q.waiting().size() <= 3);
    }
    CHECK(dropped == std::vector<std::int64_t>{1, 2, 3, 4, 5});
    CHECK(q.waiting().size() == 3);
    CHECK(q.waiting().front().ticketId == 6);
}

TEST_CASE("a call that waited longer than maxWait is not said late") {
    QueueSettings s;
    s.maxWait = Millis{60'000};
    AnnouncementQueue q(s);
    q.push(call(1, 1), at(0));
    auto playing = q.next(at(0));
    q.push(call(2, 2), at(1'000));
    q.push(call(3, 3), at(50'000));
    q.finished(playing->id);
    std::vector<Dropped> dropped;
    auto next = q.next(at(70'000), &dropped);
    REQUIRE(next);
    CHECK(next->ticketId == 3);
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].announcement.ticketId == 2);
    CHECK(dropped[0].reason == DropReason::stale);
}

TEST_CASE("a call that is no longer true is withdrawn before it is said, the one playing is not") {
    AnnouncementQueue q;
    q.push(call(10, 2), at(0));
    auto playing = q.next(at(0));
    REQUIRE(playing);
    q.push(call(11, 3), at(100));
    q.push(call(12, 4), at(200));
    q.push(call(11, 3, true), at(300)); // a recall of A11, then A11 is transferred away
    const auto gone = q.withdraw(11);
    REQUIRE(gone.size() == 1);
    CHECK(gone[0].announcement.ticketId == 11);
    CHECK(gone[0].reason == DropReason::outdated);
    CHECK(q.withdraw(10).empty()); // playing: left to finish
    REQUIRE(q.current());
    CHECK(q.current()->ticketId == 10);
    q.finished(playing->id);
    auto next = q.next(at(4000));
    REQUIRE(next);
    CHECK(next->ticketId == 12);
    q.finished(next->id);
    CHECK_FALSE(q.next(at(9000)));
}

TEST_CASE("a player that never reports back is given up after maxPlay") {
    QueueSettings s;
    s.maxPlay = Millis{30'000};
    AnnouncementQueue q(s);
    q.push(call(1, 1), at(0));
    auto hung = q.next(at(0));
    q.push(call(2, 2), at(1000));
    CHECK_FALSE(q.next(at(29'999)));
    std::vector<Dropped> dropped;
    auto next = q.next(at(30'000), &dropped);
    REQUIRE(next);
    CHECK(next->ticketId == 2);
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].reason == DropReason::playTimeout);
    q.finished(hung->id); // late report of the hung one: ignored
    CHECK(q.current());
}

TEST_CASE("a simulated busy morning: plays never overlap, the backlog stays bounded, nothing is said late or untrue") {
    QueueSettings s;
    s.maxBacklog = 3;
    AnnouncementQueue q(s);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> counter(1, 8), gapMs(0, 3000), lengthMs(2500, 5000);
    std::uniform_int_distribution<int> arriveMs(0, 8000);
    std::vector<std::pair<std::int64_t, std::int64_t>> plays; // [start, end)
    std::map<std::int64_t, std::int64_t> arrivesAt; // ticket → ms
    std::map<std::int64_t, int> counterOf;
    std::int64_t now = 0, playingUntil = -1, nextCall = 0, ticket = 0, playingId = 0;
    for (int step = 0; step < 20000; ++step) {
        now += 50;
        if (now >= nextCall) {
            // A recall only of a citizen who has not reached the counter yet.
            const bool recall = counter(rng) == 1 && arrivesAt.count(ticket) == 1;
            if (!recall) {
                ++ticket;
                counterOf[ticket] = counter(rng);
                arrivesAt[ticket] = now + arriveMs(rng); // the citizen reaches the counter then
            }
            q.push(call(ticket, counterOf[ticket], recall), at(now));
            nextCall = now + gapMs(rng);
        }
        for (auto it = arrivesAt.begin(); it != arrivesAt.end();) {
            if (it->second <= now) { // service started: the call is over
                q.withdraw(it->first);
                it = arrivesAt.erase(it);
            } else {
                ++it;
            }
        }
        if (playingUntil >= 0 && now >= playingUntil) {
            q.finished(playingId);
            playingUntil = -1;
        }
        if (auto a = q.next(at(now))) {
            REQUIRE(playingUntil < 0); // the queue never hands out a second one
            REQUIRE(arrivesAt.count(a->ticketId) == 1); // still called, not yet at the counter
            REQUIRE(now - toMillis(a->queuedAt) <= s.maxWait.count());
            playingId = a->id;
            playingUntil = now + lengthMs(rng);
            plays.emplace_back(now, playingUntil);
        }
        REQUIRE(q.waiting().size() <= 3);
    }
    for (std::size_t i = 1; i < plays.size(); ++i) {
        REQUIRE(plays[i].first >= plays[i - 1].second);
    }
    CHECK(plays.size() > 100);
}
