// The wait predictor against the engine itself: an office is set up (shared
// counters with different preference orders, a counter whose staff serves
// only one of its fields, a paused counter, a parked citizen, a transfer and
// a reinstated no-show at the front of their lines, priority tickets), the
// forecast is taken, and then the engine is driven the way the forecast
// assumes the office works — each counter free when its citizen's service
// ends (exactly the model's mean: cv 0), calling back its parked citizen
// first, then CallNext — under every call policy and priority rule. Every
// waiting ticket must then be called with exactly the people ahead and at
// exactly the time the forecast said, and so must a ticket issued at the
// forecast's moment into any field, priority or not.
#include "analytics/estimator.hpp"
#include "analytics/wait_predictor.hpp"
#include "clock/office_clock.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <sstream>

using namespace qmsd;
using namespace qmsd::test;

namespace {

const std::string kDay = "2026-11-23";
const std::map<std::string, double> kService{{"ho_tich", 6}, {"chung_thuc", 4}, {"dat_dai", 9}};

struct Rules {
    CallPolicy policy;
    PriorityRule rule;
    int every;
    std::string name() const {
        std::ostringstream s;
        s << (policy == CallPolicy::longestWait ? "longest_wait" : "field_order") << "/"
          << (rule == PriorityRule::strict ? "strict" : "every_" + std::to_string(every));
        return s.str();
    }
};

OfficeConfig officeFor(const Rules& r) {
    OfficeConfig c = makeTestOffice();
    c.office.callPolicy = r.policy;
    c.office.priorityRule = r.rule;
    c.office.priorityEvery = r.every;
    c.fields[1].dailyQuota.reset(); // dat_dai: no quota in the way
    // Counter 4 lists both fields, but nv04 serves only chung_thuc there;
    // counter 5 serves ho_tich and is paused (it calls nobody).
    c.counters.push_back(CounterConfig{4, "Quầy 4", {"ho_tich", "chung_thuc"}});
    c.counters.push_back(CounterConfig{5, "Quầy 5", {"ho_tich"}});
    c.staff.push_back(StaffConfig{"nv05", "Đỗ Văn Phúc", "$argon2id$x", {"ho_tich"}});
    return c;
}

ServiceModel exactModel() {
    ServiceModel m;
    for (const auto& [field, minutes] : kService) {
        FieldService s;
        s.meanMinutes = minutes;
        s.cv = 0;
        m.set(field, s);
    }
    return m;
}

// The engine, driven directly (plan → apply), at a settable time.
struct Office {
    std::shared_ptr<const OfficeConfig> cfg;
    QueueEngine engine;
    TimePoint now;
    explicit Office(const Rules& r)
        : cfg(std::make_shared<const OfficeConfig>(officeFor(r))),
          engine(cfg, *OfficeClock::forZone("Asia/Ho_Chi_Minh"), EngineStart{kDay, 0, 0}),
          now(localTime(kDay, 8, 0)) {}
    Result<Events> tryRun(const Command& c) {
        auto ev = engine.plan(c, CommandMeta{now, "test"});
        if (ev) {
            engine.apply(*ev);
        }
        return ev;
    }
    TicketId run(const Command& c) {
        auto ev = tryRun(c);
        INFO((ev ? std::string() : ev.error().message));
        REQUIRE(ev);
        return ev->empty() ? 0 : ev->front().ticketId;
    }
    void at(int h, int m, int s = 0) { now = localTime(kDay, h, m, s); }
};

// The office as the forecast sees it at 08:09: a random line of 30 tickets,
// counters in the middle of their work. Same seed, same office.
void setUp(Office& o, std::uint32_t seed) {
    std::mt19937 rng(seed);
    o.at(8, 0);
    o.run(OpenCounter{1, "nv01"});
    o.run(OpenCounter{2, "nv02"});
    o.run(OpenCounter{3, "nv03"});
    o.run(OpenCounter{4, "nv04"});
    o.run(OpenCounter{5, "nv05"});
    o.run(Pause{5, "break"});
    const char* fields[] = {"ho_tich", "ho_tich", "chung_thuc", "chung_thuc", "dat_dai"};
    for (int i = 0; i < 30; ++i) {
        o.now = localTime(kDay, 8, 0, 10 + 10 * i);
        std::string field = fields[rng() % 5];
        std::string priority = rng() % 10 < 3 ? (rng() % 2 ? "elderly" : "disabled") : "";
        o.run(IssueTicket{field, priority});
    }
    o.at(8, 6);
    o.run(CallNext{1});
    o.run(Park{1}); // back to counter 1 before it calls the line again
    o.run(CallNext{1});
    if (seed % 2 == 0) {
        o.at(8, 7);
        o.run(CallNext{2});
        o.run(Transfer{2, o.engine.ticket(o.engine.counter(2)->activeTicket)->field == "ho_tich" ? "chung_thuc"
                                                                                                 : "ho_tich"});
    }
    o.at(8, 7, 30);
    o.run(CallNext{2});
    o.at(8, 8);
    o.run(CallNext{3});
    // Counter 4's citizen does not come: reinstated to the front of the line,
    // and the counter is free (for half a minute, not long enough to be away).
    if (auto called = o.tryRun(CallNext{4})) {
        o.at(8, 8, 30);
        o.run(MarkNoShow{4});
        o.run(Reinstate{called->front().ticketId});
    }
    o.at(8, 9);
}

struct Call {
    TicketId ticket;
    int ahead;      // same-field tickets called from the line before it
    double minutes; // after the start of the drive
};

// Drives the engine as the forecast assumes, from o.now, until every line is
// empty: the earliest free counter (lower number on a tie) finishes its
// citizen, calls back its parked one if any, else calls next.
std::map<TicketId, Call> drive(Office& o) {
    const TimePoint start = o.now;
    auto minutesFrom = [start](TimePoint t) { return std::chrono::duration<double, std::ratio<60>>(t - start).count(); };
    std::map<int, TimePoint> freeAt;
    std::map<int, std::vector<TicketId>> parked;
    for (const auto& [n, c] : o.engine.counters()) {
        if (!c.open || c.paused) {
            continue;
        }
        freeAt[n] = start;
        if (const Ticket* t = o.engine.ticket(c.activeTicket)) {
            auto ends = t->calledAt + std::chrono::duration_cast<Millis>(
                                          std::chrono::duration<double, std::ratio<60>>(kService.at(t->field)));
            freeAt[n] = std::max(start, ends);
        }
        parked[n] = o.engine.parkedAt(n);
    }
    std::map<TicketId, Call> calls;
    std::map<std::string, int> calledIn;
    while (!freeAt.empty()) {
        auto next = std::min_element(freeAt.begin(), freeAt.end(), [](const auto& a, const auto& b) {
            return std::tie(a.second, a.first) < std::tie(b.second, b.first);
        });
        int n = next->first;
        o.now = next->second;
        if (o.engine.counter(n)->activeTicket != 0) {
            o.run(FinishService{n});
        }
        TicketId id = 0;
        if (!parked[n].empty()) {
            id = o.run(CallTicket{n, parked[n].front()});
            parked[n].erase(parked[n].begin());
        } else {
            auto ev = o.tryRun(CallNext{n});
            if (!ev) {
                freeAt.erase(next);
                continue;
            }
            id = ev->front().ticketId;
            const Ticket& t = *o.engine.ticket(id);
            calls[id] = Call{id, calledIn[t.field]++, minutesFrom(o.now)};
        }
        const Ticket& t = *o.engine.ticket(id);
        next->second = o.now + std::chrono::duration_cast<Millis>(
                                   std::chrono::duration<double, std::ratio<60>>(kService.at(t.field)));
    }
    return calls;
}

const std::vector<Rules> kAllRules{
    {CallPolicy::longestWait, PriorityRule::strict, 3}, {CallPolicy::longestWait, PriorityRule::everyN, 1},
    {CallPolicy::longestWait, PriorityRule::everyN, 3}, {CallPolicy::fieldOrder, PriorityRule::strict, 3},
    {CallPolicy::fieldOrder, PriorityRule::everyN, 2},  {CallPolicy::fieldOrder, PriorityRule::everyN, 3},
};

} // namespace

TEST_CASE("every waiting ticket is called with the people ahead and at the time forecast, under every rule") {
    int checked = 0;
    int priorityBehindNormals = 0; // cases where the mixing rule puts normal tickets first
    for (const Rules& rules : kAllRules) {
        for (std::uint32_t seed = 1; seed <= 6; ++seed) {
            INFO(rules.name() << " seed " << seed);
            Office o(rules);
            setUp(o, seed);
            WaitForecast forecast = forecastWaits(o.engine, exactModel(), o.now);
            std::vector<TicketId> waiting;
            for (const Ticket& t : o.engine.tickets()) {
                if (t.state == TicketState::waiting) {
                    waiting.push_back(t.id);
                }
            }
            REQUIRE(waiting.size() >= 20);
            auto calls = drive(o);
            for (TicketId id : waiting) {
                const Ticket& t = *o.engine.ticket(id);
                INFO("ticket " << t.code.str() << " (" << t.field << (t.priority.empty() ? "" : ", priority") << ")");
                const Forecast* f = forecast.ticket(id);
                REQUIRE(f != nullptr);
                REQUIRE(calls.count(id) == 1);
                CHECK(f->known);
                CHECK(f->ahead == calls[id].ahead);
                CHECK(f->minutes == Approx(calls[id].minutes).margin(1e-6));
                ++checked;
                if (!t.priority.empty() && calls[id].ahead > 0 && rules.rule == PriorityRule::everyN) {
                    ++priorityBehindNormals;
                }
            }
        }
    }
    CHECK(checked > 700);
    CHECK(priorityBehindNormals > 10); // the 1-in-N rule was really exercised
}

TEST_CASE("a ticket issued at the forecast's moment is called as its field's new-ticket forecast said") {
    for (const Rules& rules : kAllRules) {
        for (std::uint32_t seed : {2u, 5u}) {
            for (const char* field : {"ho_tich", "chung_thuc", "dat_dai"}) {
                for (bool priority : {false, true}) {
                    INFO(rules.name() << " seed " << seed << " " << field << (priority ? " priority" : ""));
                    Office o(rules);
                    setUp(o, seed);
                    WaitForecast before = forecastWaits(o.engine, exactModel(), o.now);
                    const Forecast* fresh = before.newTicket(field, priority);
                    REQUIRE(fresh != nullptr);
                    TicketId id = o.run(IssueTicket{field, priority ? "elderly" : ""});
                    // The same figures once it is in the line.
                    WaitForecast after = forecastWaits(o.engine, exactModel(), o.now);
                    REQUIRE(after.ticket(id) != nullptr);
                    CHECK(after.ticket(id)->ahead == fresh->ahead);
                    CHECK(after.ticket(id)->minutes == Approx(fresh->minutes).margin(1e-6));
                    auto calls = drive(o);
                    REQUIRE(calls.count(id) == 1);
                    CHECK(fresh->ahead == calls[id].ahead);
                    CHECK(fresh->minutes == Approx(calls[id].minutes).margin(1e-6));
                }
            }
        }
    }
}

TEST_CASE("no open counter for a field: no time, people ahead in the line's own order") {
    Office o({CallPolicy::longestWait, PriorityRule::everyN, 3});
    o.run(OpenCounter{1, "nv01"}); // ho_tich and chung_thuc; nobody for dat_dai
    TicketId a = o.run(IssueTicket{"dat_dai", ""});
    TicketId p = o.run(IssueTicket{"dat_dai", "elderly"});
    WaitForecast f = forecastWaits(o.engine, exactModel(), o.now);
    REQUIRE(f.ticket(a) != nullptr);
    CHECK_FALSE(f.ticket(a)->known);
    CHECK(f.ticket(a)->ahead == 1); // the priority line first
    CHECK(f.ticket(p)->ahead == 0);
    CHECK(f.newTicket("dat_dai", false) == nullptr);
    REQUIRE(f.newTicket("ho_tich", false) != nullptr);
    CHECK(f.newTicket("ho_tich", false)->minutes == 0.0); // counter 1 is free
}

TEST_CASE("a counter that leaves people waiting is not counted as free") {
    Office o({CallPolicy::longestWait, PriorityRule::strict, 3});
    o.run(OpenCounter{3, "nv03"});
    o.run(IssueTicket{"dat_dai", ""});
    // Nobody called for ten minutes: the counter is away, back in about as long.
    o.at(8, 10);
    WaitForecast f = forecastWaits(o.engine, exactModel(), o.now);
    REQUIRE(f.newTicket("dat_dai", false) != nullptr);
    CHECK(f.newTicket("dat_dai", false)->ahead == 1);
    CHECK(f.newTicket("dat_dai", false)->minutes == Approx(10 + 9));
    // Just after a call, the same counter is busy for the rest of a service.
    o.run(CallNext{3});
    o.at(8, 13);
    f = forecastWaits(o.engine, exactModel(), o.now);
    CHECK(f.newTicket("dat_dai", false)->minutes == Approx(6));
}

TEST_CASE("the expected rest of a service grows less than it shrinks: lognormal residual") {
    CHECK(residualMinutes(10, 0, 4) == Approx(6));
    CHECK(residualMinutes(10, 0, 12) == 0.0);
    CHECK(residualMinutes(10, 0.6, 0) == Approx(10));
    // Half-way through, less than the mean is left; well past the mean, more
    // than nothing: a long service is likely a long one.
    CHECK(residualMinutes(10, 0.6, 5) < 10);
    CHECK(residualMinutes(10, 0.6, 5) > 5);
    CHECK(residualMinutes(10, 0.6, 20) > 3);
    CHECK(residualMinutes(10, 0.6, 200) > 0);
}
