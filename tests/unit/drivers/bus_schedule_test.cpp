// The Modbus bus's order of work and what outcomes do to a unit, on a clock
// the test moves: who goes next under load, how a dead unit is kept from
// holding up the others, and how a unit coming back gets its state once.
#include "modbus/bus_schedule.hpp"

#include <catch2/catch.hpp>
#include <modbus.h>

#include <algorithm>
#include <map>
#include <set>

using namespace qmsd;
using namespace qmsd::drivers;
using namespace qmsd::drivers::modbus;
using namespace std::chrono_literals;

namespace {

const Clock::time_point T0 = Clock::time_point{} + 1000h;

BusConfig rtuBus() {
    BusConfig b;
    b.id = "bus";
    b.type = "modbus_rtu";
    b.baud = 9600;
    b.responseTimeoutMs = 200;
    b.pollIntervalMs = 100;
    b.retryBackoffMs = 1000;
    b.probeIntervalMs = 2000;
    return b;
}

Unit unit(int address, DeviceRole role = DeviceRole::counterDisplay) {
    Unit u;
    u.config.id = "u" + std::to_string(address);
    u.config.address = address;
    u.config.role = role;
    u.input = role == DeviceRole::keypad;
    u.profile = *profileFor(u.config, nullptr);
    u.health.device = u.config.id;
    u.health.online = true;
    u.nextPoll = u.nextReadBack = T0 + 1h; // nothing due unless a test says so
    return u;
}

std::vector<RegisterWrite> shows(const std::string& text) {
    return {RegisterWrite{0, std::vector<std::uint16_t>(text.begin(), text.end()), false}};
}

struct Bench {
    BusSchedule s;
    explicit Bench(std::vector<Unit> units, BusConfig bus = rtuBus()) : s(bus, std::move(units)) {}

    Job next(Clock::time_point now) {
        Clock::time_point wake;
        return s.next(now, &wake);
    }
    Clock::time_point wake(Clock::time_point now) {
        Clock::time_point wake;
        REQUIRE(s.next(now, &wake).kind == Job::Kind::none);
        return wake;
    }
    void done(const Job& j, Outcome o, Clock::time_point now, microseconds took = 30ms,
              std::optional<microseconds> turnaround = 2ms) {
        JobResult r;
        r.outcome = o;
        r.took = took;
        r.error = o == Outcome::ok ? "" : "no answer (timeout)";
        if (o == Outcome::ok || o == Outcome::refused) {
            r.turnaround = turnaround;
        }
        s.finish(j, r, now);
    }
    Unit& u(std::size_t i) { return s.units()[i]; }
};

// A unit heard answering (so its probes can be fitted), then lost.
void loseAfterHearing(Bench& b, std::size_t i, Clock::time_point& now) {
    b.s.setState(i, shows("A001"), false, now);
    auto j = b.next(now);
    REQUIRE(j.unit == i);
    b.done(j, Outcome::ok, now);
    b.s.setState(i, shows("A002"), false, now);
    for (int k = 0; k < kFailuresBeforeOffline; ++k) {
        auto w = b.next(now);
        REQUIRE(w.unit == i);
        b.done(w, Outcome::timeout, now, 200ms);
        now += 1ms;
    }
    REQUIRE_FALSE(b.u(i).health.online);
}

} // namespace

TEST_CASE("display writes go oldest first; a unit written goes to the back") {
    Bench b({unit(1), unit(2), unit(3)});
    auto now = T0;
    b.s.setState(0, shows("A001"), false, now);
    b.s.setState(1, shows("B001"), false, now + 1ms);
    b.s.setState(2, shows("C001"), false, now + 2ms);
    now += 5ms;
    auto j = b.next(now);
    CHECK(j.unit == 0);
    b.done(j, Outcome::ok, now);
    b.s.setState(0, shows("A002"), false, now); // changed again at once: it waits behind 2 and 3
    CHECK(b.next(now).unit == 1);
    b.done(b.next(now), Outcome::ok, now);
    CHECK(b.next(now).unit == 2);
}

TEST_CASE("a newer state replaces a pending one and keeps its place") {
    Bench b({unit(1), unit(2)});
    b.s.setState(0, shows("A001"), false, T0);
    b.s.setState(1, shows("B001"), false, T0 + 1ms);
    b.s.setState(0, shows("A002"), false, T0 + 2ms);
    auto j = b.next(T0 + 3ms);
    CHECK(j.unit == 0);
    CHECK(j.writes == shows("A002"));
}

TEST_CASE("a state overtaken while being written goes again, after the others") {
    Bench b({unit(1), unit(2)});
    b.s.setState(0, shows("A001"), false, T0);
    b.s.setState(1, shows("B001"), false, T0 + 1ms);
    auto j = b.next(T0 + 2ms);
    b.s.setState(0, shows("A002"), false, T0 + 3ms); // while A001 is on the wire
    b.done(j, Outcome::ok, T0 + 4ms);
    CHECK(b.next(T0 + 5ms).unit == 1);
    b.done(b.next(T0 + 5ms), Outcome::ok, T0 + 6ms);
    auto again = b.next(T0 + 7ms);
    CHECK(again.unit == 0);
    CHECK(again.writes == shows("A002"));
}

TEST_CASE("a unit that fails is tried again only after the others, and is offline after two") {
    Bench b({unit(1), unit(2)});
    b.s.setState(0, shows("A001"), false, T0);
    b.s.setState(1, shows("B001"), false, T0);
    auto j = b.next(T0);
    REQUIRE(j.unit == 0);
    b.done(j, Outcome::timeout, T0 + 200ms, 200ms);
    CHECK(b.u(0).health.online);
    CHECK(b.u(0).health.retries == 1);
    auto k = b.next(T0 + 200ms);
    CHECK(k.unit == 1); // not unit 0 again straight away
    b.done(k, Outcome::ok, T0 + 230ms);
    auto again = b.next(T0 + 230ms);
    CHECK(again.unit == 0);
    b.done(again, Outcome::timeout, T0 + 430ms, 200ms);
    CHECK_FALSE(b.u(0).health.online);
    CHECK(b.u(0).health.timeouts == 2);
    CHECK(b.u(0).pending == shows("A001")); // kept for its return
    CHECK(b.next(T0 + 431ms).kind == Job::Kind::none);
}

TEST_CASE("an offline unit is only probed in its slot, with a timeout fitted to its answers") {
    Bench b({unit(1), unit(2)});
    auto now = T0;
    loseAfterHearing(b, 0, now);
    // Not before retry_backoff_ms, whatever else happens.
    CHECK(b.wake(now) == now - 1ms + 1000ms);
    now += 1000ms;
    auto p = b.next(now);
    CHECK(p.unit == 0);
    CHECK(p.probe);
    CHECK(p.kind == Job::Kind::readBack); // one register: the shortest exchange
    CHECK(p.allowance == 2 * 2ms + 10ms); // twice its slowest answer, plus 10 ms
    b.done(p, Outcome::timeout, now + 80ms, 80ms);
    now += 80ms;
    // A probe costs 80 ms: the next comes no sooner than 20 of those (1.6 s),
    // while unit 2's writes go as they come.
    b.s.setState(1, shows("B001"), false, now);
    CHECK(b.next(now).unit == 1);
    b.done(b.next(now), Outcome::ok, now);
    CHECK(b.wake(now) == now + 1600ms);
}

TEST_CASE("over TCP every probe waits the full timeout: the gateway's 0x0B comes after its own") {
    auto tcp = rtuBus();
    tcp.type = "modbus_tcp";
    Bench b({unit(1), unit(2)}, tcp);
    auto now = T0;
    loseAfterHearing(b, 0, now);
    now += 1000ms;
    auto p = b.next(now);
    REQUIRE(p.probe);
    CHECK(p.allowance.count() == 0);
}

TEST_CASE("a unit that answers its probes with garbage is asked less often than a silent one") {
    Bench b({unit(1), unit(2)});
    auto now = T0;
    loseAfterHearing(b, 0, now);
    now += 1000ms;
    auto p = b.next(now);
    REQUIRE(p.probe);
    b.done(p, Outcome::badReply, now + 60ms, 60ms);
    now += 60ms;
    CHECK(b.wake(now) == now + kGarbledProbeEvery * 1000ms);
}

TEST_CASE("probes with the full timeout have their own slot and never delay a known unit's") {
    Bench b({unit(1), unit(2), unit(3)});
    auto now = T0;
    loseAfterHearing(b, 0, now);
    b.u(2).health.online = false; // never heard: configured, not (yet) on the line
    b.s.setState(2, shows("C001"), false, now);
    now += 1000ms;
    auto first = b.next(now);
    auto second = [&] {
        b.done(first, Outcome::timeout, now + first.allowance + 10ms,
               first.allowance.count() ? 20ms : 200ms);
        now += 300ms;
        return b.next(now + 1000ms);
    }();
    // One of them went first; the other is not pushed back by 20 × 200 ms.
    CHECK(first.unit != second.unit);
    CHECK(second.kind != Job::Kind::none);
    auto full = first.unit == 2 ? first : second;
    auto fitted = first.unit == 0 ? first : second;
    CHECK(full.allowance.count() == 0);
    CHECK(fitted.allowance.count() > 0);
}

TEST_CASE("a known unit still gets a full-timeout probe every 30 s, in case it came back slower") {
    Bench b({unit(1), unit(2)});
    auto now = T0;
    loseAfterHearing(b, 0, now);
    bool sawFull = false;
    for (int i = 0; i < 40 && !sawFull; ++i) {
        now += 1000ms;
        auto p = b.next(now);
        if (p.kind == Job::Kind::none) {
            continue;
        }
        sawFull = p.allowance.count() == 0;
        b.done(p, Outcome::timeout, now, sawFull ? 200ms : 15ms);
    }
    CHECK(sawFull);
    CHECK(now - T0 >= kFullProbeEvery);
}

TEST_CASE("a unit back gets its state written once, and the other offline units a try at once") {
    Bench b({unit(1), unit(2), unit(3)});
    auto now = T0;
    loseAfterHearing(b, 0, now);
    loseAfterHearing(b, 1, now);
    now += 1000ms;
    auto p = b.next(now);
    REQUIRE(p.probe);
    std::size_t back = p.unit;
    b.done(p, Outcome::ok, now + 20ms);
    now += 20ms;
    CHECK(b.u(back).health.online);
    // What follows at once: its state, and a try of the other one outside the
    // slot; it answers too and gets its state. Then nothing.
    std::map<std::size_t, int> writes;
    bool otherTried = false;
    for (int i = 0; i < 5; ++i) {
        auto j = b.next(now);
        if (j.kind == Job::Kind::none) {
            break;
        }
        writes[j.unit] += j.kind == Job::Kind::write;
        otherTried = otherTried || (j.probe && j.unit == 1 - back);
        b.done(j, Outcome::ok, now + 20ms);
        now += 20ms;
    }
    CHECK(otherTried);
    CHECK(writes == std::map<std::size_t, int>{{0, 1}, {1, 1}});
}

TEST_CASE("a display heard again by a read gets its whole state once") {
    Bench b({unit(1)});
    auto now = T0;
    b.s.setState(0, shows("A001"), false, now);
    b.done(b.next(now), Outcome::ok, now);
    // Quiet, then silent: lost through its read-backs.
    for (int k = 0; k < kFailuresBeforeOffline; ++k) {
        now += 3000ms;
        b.u(0).nextReadBack = now;
        auto r = b.next(now);
        REQUIRE(r.kind == Job::Kind::readBack);
        b.done(r, Outcome::timeout, now, 200ms);
    }
    REQUIRE_FALSE(b.u(0).health.online);
    now += 2000ms;
    auto p = b.next(now);
    REQUIRE(p.probe);
    b.done(p, Outcome::ok, now);
    auto w = b.next(now);
    CHECK(w.kind == Job::Kind::write); // the state it may have lost, once
    CHECK(w.writes == shows("A001"));
    b.done(w, Outcome::ok, now);
    CHECK(b.next(now).kind == Job::Kind::none);
}

TEST_CASE("a refused write is sent again alone, after retry_backoff_ms, until taken") {
    Bench b({unit(1)});
    auto two = shows("A001");
    two.push_back(RegisterWrite{16, {2, 5}, false});
    b.s.setState(0, two, false, T0);
    auto j = b.next(T0);
    JobResult r;
    r.outcome = Outcome::refused;
    r.err = EMBXSBUSY;
    r.refused = {two[1]};
    r.error = "register 16 refused: exception 0x06: slave device busy";
    b.s.finish(j, r, T0 + 30ms);
    CHECK(b.u(0).health.online);
    CHECK(b.u(0).health.refusals == 1);
    CHECK(b.u(0).health.lastError == r.error);
    CHECK(b.wake(T0 + 30ms) == T0 + 1030ms);
    auto again = b.next(T0 + 1030ms);
    CHECK(again.writes == std::vector<RegisterWrite>{two[1]});
    b.done(again, Outcome::ok, T0 + 1060ms);
    CHECK(b.u(0).health.lastError.empty());
    CHECK(b.next(T0 + 1061ms).kind == Job::Kind::none);
}

TEST_CASE("a register the unit does not have is asked for again only every 30 s") {
    auto quiet = rtuBus();
    quiet.probeIntervalMs = 0; // no read-backs in between
    Bench b({unit(1)}, quiet);
    b.s.setState(0, shows("A001"), false, T0);
    auto j = b.next(T0);
    JobResult r;
    r.outcome = Outcome::refused;
    r.err = EMBXILADD;
    r.refused = shows("A001");
    b.s.finish(j, r, T0);
    CHECK(b.wake(T0) == T0 + kPermanentRefusalRetry);
    CHECK(b.next(T0 + kPermanentRefusalRetry).writes == shows("A001"));
}

TEST_CASE("a newer state replaces refused writes at once") {
    Bench b({unit(1)});
    b.s.setState(0, shows("A001"), false, T0);
    auto j = b.next(T0);
    JobResult r;
    r.outcome = Outcome::refused;
    r.refused = shows("A001");
    b.s.finish(j, r, T0 + 30ms);
    b.s.setState(0, shows("A002"), false, T0 + 40ms);
    auto next = b.next(T0 + 40ms);
    CHECK(next.writes == shows("A002"));
}

TEST_CASE("after the link comes back every unit is tried at once, even once one answers") {
    Bench b({unit(1), unit(2), unit(3, DeviceRole::keypad)});
    auto now = T0;
    b.s.setState(0, shows("A001"), false, now);
    b.s.setState(1, shows("B001"), false, now);
    b.s.linkDown("/dev/ttyX: link lost");
    CHECK_FALSE(b.u(0).health.online);
    now += 5000ms;
    b.s.linkUp(now);
    std::set<std::size_t> tried;
    std::map<std::size_t, int> writes;
    for (int i = 0; i < 10; ++i) {
        auto p = b.next(now);
        if (p.kind == Job::Kind::none) {
            break;
        }
        if (p.probe) {
            tried.insert(p.unit);
        }
        writes[p.unit] += p.kind == Job::Kind::write;
        b.done(p, Outcome::ok, now + 20ms);
        now += 20ms;
    }
    CHECK(tried == std::set<std::size_t>{0, 1, 2});
    CHECK(writes[0] == 1); // each state went once
    CHECK(writes[1] == 1);
    CHECK(b.next(now).kind == Job::Kind::none);
}

TEST_CASE("a keypad poll overdue by a whole interval goes before writes; a due one after them") {
    Bench b({unit(1), unit(5, DeviceRole::keypad)});
    b.u(1).nextPoll = T0;
    b.s.setState(0, shows("A001"), false, T0);
    CHECK(b.next(T0 + 50ms).kind == Job::Kind::write);
    b.u(1).nextPoll = T0;
    b.s.setState(0, shows("A002"), false, T0);
    CHECK(b.next(T0 + 100ms).kind == Job::Kind::poll);
}
