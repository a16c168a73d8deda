// The figures read from the engine's ordered lines (the longest wait from the
// heads of each tier, a counter's listing a page at a time) must equal what a
// walk of the whole queue says, whatever the day did to it: random days of
// issues (some with priority), calls in and out of turn, no-shows and
// reinstatements, parks and calls back, transfers and cancellations.
#include "analytics/field_figures.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace qmsd;
using namespace qmsd::test;

namespace {

const std::vector<std::string> kFields{"ho_tich", "chung_thuc", "dat_dai"};

// What /stats/fields computed before: every waiting ticket of the field, walked.
double bruteLongestWait(const QueueEngine& engine, const std::string& field, TimePoint now) {
    double longest = 0;
    for (const Ticket& t : engine.tickets()) {
        if (t.state == TicketState::waiting && !t.held && t.field == field) {
            longest = std::max(longest, std::chrono::duration<double, std::ratio<60>>(now - t.queuedAt()).count());
        }
    }
    return longest;
}

std::vector<TicketId> pagedListing(const FieldQueue& q, Interleave rule, int normalSince, std::size_t limit) {
    std::vector<TicketId> out;
    QueueCursor at;
    at.normalSince = normalSince;
    for (int pages = 0; pages < 10000; ++pages) {
        QueuePage p = q.page(at, rule, limit);
        REQUIRE(p.ids.size() <= limit);
        out.insert(out.end(), p.ids.begin(), p.ids.end());
        if (!p.next) {
            return out;
        }
        at = *p.next;
    }
    FAIL("the pages never end");
    return out;
}

// The two lines in full, interleaved the slow way.
std::vector<TicketId> bruteListing(const FieldQueue& q, Interleave rule, int normalSince) {
    std::vector<TicketId> prio, normal, out;
    for (const auto& k : q.line(true)) {
        prio.push_back(k.id);
    }
    for (const auto& k : q.line(false)) {
        normal.push_back(k.id);
    }
    std::size_t p = 0, n = 0;
    while (p < prio.size() || n < normal.size()) {
        if (p < prio.size() && (n == normal.size() || rule.strict || normalSince >= rule.every)) {
            out.push_back(prio[p++]);
            normalSince = 0;
        } else {
            out.push_back(normal[n++]);
            ++normalSince;
        }
    }
    return out;
}

template <class T> T pick(std::mt19937& rng, const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

std::vector<TicketId> inState(const QueueEngine& e, TicketState s) {
    std::vector<TicketId> out;
    for (const Ticket& t : e.tickets()) {
        if (t.state == s) {
            out.push_back(t.id);
        }
    }
    return out;
}

// One random step; refusals (a busy counter, an empty queue) are part of the day.
void step(OfficeFixture& f, std::mt19937& rng) {
    int counter = std::uniform_int_distribution<int>(1, 3)(rng);
    int roll = std::uniform_int_distribution<int>(0, 99)(rng);
    const QueueEngine& e = f.engine();
    if (roll < 35) {
        bool priority = roll < 6;
        (void)f.run(IssueTicket{pick(rng, kFields), priority ? "elderly" : ""});
    } else if (roll < 50) {
        (void)f.run(CallNext{counter});
    } else if (roll < 55) {
        if (auto w = inState(e, TicketState::waiting); !w.empty()) {
            (void)f.run(CallTicket{counter, pick(rng, w)});
        }
    } else if (roll < 62) {
        (void)f.run(MarkNoShow{counter});
    } else if (roll < 67) {
        if (auto gone = inState(e, TicketState::noShow); !gone.empty()) {
            (void)f.run(Reinstate{pick(rng, gone)});
        }
    } else if (roll < 72) {
        (void)f.run(Park{counter});
    } else if (roll < 76) {
        if (auto parked = e.parkedAt(counter); !parked.empty()) {
            (void)f.run(CallTicket{counter, pick(rng, parked)});
        }
    } else if (roll < 83) {
        (void)f.run(Transfer{counter, pick(rng, kFields)});
    } else if (roll < 86) {
        if (auto w = inState(e, TicketState::waiting); !w.empty()) {
            (void)f.run(CancelTicket{pick(rng, w), "left"});
        }
    } else if (roll < 93) {
        (void)f.run(StartService{counter});
    } else {
        (void)f.run(FinishService{counter});
    }
}

} // namespace

TEST_CASE("the longest wait and the paged listing agree with a walk of the whole queue") {
    int compared = 0;
    int nonZero = 0;
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
        INFO("seed " << seed);
        std::mt19937 rng(seed);
        OfficeConfig cfg = makeTestOffice();
        cfg.fields[1].dailyQuota.reset(); // dat_dai: no quota in the way
        OfficeFixture f(cfg);
        f.now = localTime("2026-11-23", 7, 40);
        f.must(OpenCounter{1, "nv01"});
        f.must(OpenCounter{2, "nv02"});
        f.must(OpenCounter{3, "nv03"});
        for (int i = 0; i < 300; ++i) {
            f.now += std::chrono::seconds(std::uniform_int_distribution<int>(1, 90)(rng));
            step(f, rng);
            for (const auto& field : kFields) {
                INFO("step " << i << " field " << field);
                double want = bruteLongestWait(f.engine(), field, f.now);
                REQUIRE(longestWaitMinutes(f.engine(), field, f.now) == want);
                nonZero += want > 0 ? 1 : 0;
                ++compared;
                if (const FieldQueue* q = f.engine().fieldQueue(field)) {
                    std::size_t limit = std::uniform_int_distribution<std::size_t>(1, 7)(rng);
                    Interleave rule{seed % 2 == 0, static_cast<int>(seed % 4) + 1};
                    int since = std::uniform_int_distribution<int>(0, 4)(rng);
                    REQUIRE(pagedListing(*q, rule, since, limit) == bruteListing(*q, rule, since));
                    if (rule.strict) { // what the listing was before it was paged
                        REQUIRE(pagedListing(*q, rule, since, limit) == f.engine().queueOf(field));
                    }
                }
            }
        }
    }
    CHECK(compared == 12 * 300 * 3);
    CHECK(nonZero > compared / 2); // the queues were not empty most of the time
}
