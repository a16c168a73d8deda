// The demo's simulated staff on a virtual clock against the real engine (no
// daemon, no store): a whole ward day forms queues and clears them, and a
// counter a person works at is never touched by the simulation.
#include "app/demo_staff.hpp"
#include "config/config_loader.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <fstream>
#include <sstream>
#include <tuple>

using namespace qmsd;
using namespace std::chrono_literals;

namespace {

// tools/demo.sh's copy of the demo office: open all day, no cut-off.
std::shared_ptr<const OfficeConfig> demoOfficeOpenAllDay() {
    std::ifstream in(std::string(QMSD_SOURCE_DIR) + "/config/demo-office.toml");
    std::stringstream text;
    text << in.rdbuf();
    std::string s = std::regex_replace(text.str(), std::regex(R"((\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*)"),
                                       "$1= [\"00:00-24:00\"]");
    s = std::regex_replace(s, std::regex(R"(\ncutoff_minutes *= *\d+)"), "\ncutoff_minutes = 0");
    s = std::regex_replace(s, std::regex(R"(\nclosed_dates = \[[^\]]*\])"), "");
    auto cfg = loadConfigText(s, "demo-office.toml");
    REQUIRE(cfg.ok());
    return std::make_shared<const OfficeConfig>(std::move(*cfg));
}

// The engine alone, commands applied at once at a virtual time.
class VirtualOffice : public DemoOffice {
  public:
    explicit VirtualOffice(std::shared_ptr<const OfficeConfig> cfg)
        : cfg_(std::move(cfg)), clock_(*OfficeClock::forZone(cfg_->office.timeZone)),
          engine_(std::make_unique<QueueEngine>(cfg_, clock_, EngineStart{kDay, 0, 0})),
          now_(test::localTime(kDay, 6, 0)) {}

    const OfficeConfig& config() const override { return *cfg_; }
    const QueueEngine& engine() const override { return *engine_; }
    bool staffLoggedIn(const std::string& who) const override { return loggedIn.count(who) != 0; }
    TimePoint now() const override { return now_; }
    void submit(Command cmd, std::string actor, CommandDone done) override {
        if (deferred) { // as the daemon does: the engine sees it a moment later
            pending.emplace_back(std::move(cmd), std::move(actor), std::move(done));
            return;
        }
        if (auto* issue = std::get_if<IssueTicket>(&cmd); issue != nullptr && issue->publicId.empty()) {
            issue->publicId = "p" + std::to_string(++ids_);
        }
        rollOver();
        auto r = engine_->plan(cmd, CommandMeta{now_, actor});
        if (r) {
            commit(*r);
        }
        done(r);
    }
    // Local midnight, as the journal does it: the day's open tickets expire,
    // counters close, a new day starts with the numbering from the start.
    void rollOver() {
        std::string today = clock_.localDay(now_);
        if (today == engine_->day()) {
            return;
        }
        auto closing = engine_->plan(CloseDay{}, CommandMeta{clock_.instantOf(today, 0) - Millis{1}, "system"});
        REQUIRE(closing.ok());
        commit(*closing);
        engine_ = std::make_unique<QueueEngine>(cfg_, clock_, EngineStart{today, engine_->lastSeq(), engine_->lastTicketId()});
    }
    void commit(const Events& events) {
        engine_->apply(events);
        log.insert(log.end(), events.begin(), events.end());
        if (staff != nullptr) {
            staff->onCommitted(events);
        }
    }
    // A person at a counter: commands outside the simulation.
    Result<Events> person(const Command& cmd, const std::string& actor) {
        Result<Events> out = makeError(ErrorCode::invalidArgument, "not run");
        submit(cmd, actor, [&out](const Result<Events>& r) { out = r; });
        return out;
    }
    std::size_t waitingTotal() const {
        std::size_t n = 0;
        for (const auto& f : cfg_->fields) {
            n += engine_->waiting(f.id);
        }
        return n;
    }
    void tick(std::chrono::seconds by) {
        now_ += by;
        rollOver();
    }

    // Applies what was submitted while `deferred`; returns how many were refused.
    int flush() {
        deferred = false;
        int refused = 0;
        auto batch = std::move(pending);
        pending.clear();
        for (auto& [cmd, actor, done] : batch) {
            submit(std::move(cmd), actor, [&refused, &done](const Result<Events>& r) {
                refused += !r.ok();
                done(r);
            });
        }
        return refused;
    }

    static constexpr const char* kDay = "2026-11-23";
    bool deferred = false;
    std::vector<std::tuple<Command, std::string, CommandDone>> pending;
    std::set<std::string> loggedIn;
    Events log;
    DemoStaff* staff = nullptr;

  private:
    std::shared_ptr<const OfficeConfig> cfg_;
    OfficeClock clock_;
    std::unique_ptr<QueueEngine> engine_;
    TimePoint now_;
    int ids_ = 0;
};

struct Run {
    explicit Run(unsigned seed, bool deferred = false) : office(demoOfficeOpenAllDay()), staff(office, seed, 1.0) {
        office.staff = &staff;
        office.deferred = deferred;
        staff.start();
    }
    // Moves on one virtual second at a time until `until` holds.
    template <typename Until> void runUntil(Until until, std::chrono::hours limit = 30h) {
        for (auto end = office.now() + limit; !until() && office.now() < end;) {
            office.tick(1s);
            staff.advance(1.0);
        }
        REQUIRE(until());
    }
    VirtualOffice office;
    DemoStaff staff;
};

int count(const Events& events, EventKind kind) {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [kind](const Event& e) { return e.kind == kind; }));
}

} // namespace

TEST_CASE("a simulated ward day forms queues at the morning peak and clears them") {
    for (unsigned seed : {1u, 2u, 3u, 4u, 5u}) {
        INFO("seed " << seed);
        Run run(seed);
        std::size_t peak = 0, lateMorningLow = 1000, afterLunch = 0;
        run.runUntil([&run, &peak, &lateMorningLow, &afterLunch] {
            const double m = run.staff.minuteOfDay();
            const std::size_t w = run.office.waitingTotal();
            if (run.staff.dayNumber() == 1 && m < 9.5 * 60) {
                peak = std::max(peak, w);
            } else if (run.staff.dayNumber() == 1 && m >= 10.5 * 60 && m < 11.5 * 60) {
                lateMorningLow = std::min(lateMorningLow, w);
            } else if (run.staff.dayNumber() == 1 && m >= 13.5 * 60) {
                afterLunch = std::max(afterLunch, w);
            }
            return run.staff.dayNumber() == 2;
        });
        const Events& log = run.office.log;
        const int issued = count(log, EventKind::ticketIssued);
        const int finished = count(log, EventKind::ticketFinished);
        // Every ticket of the day ends somewhere: served, a no-show, or still
        // moving between fields when the day ended (none: the day serves out).
        std::map<std::string, std::vector<double>> waits;
        int within = 0, called = 0;
        for (const Ticket& t : run.office.engine().tickets()) {
            CHECK(t.state != TicketState::waiting);
            if (t.calledAt != TimePoint{}) {
                double minutes = std::chrono::duration<double>(t.calledAt - t.issuedAt).count() / 60;
                waits[t.issueField].push_back(minutes);
                within += minutes <= run.office.config().field(t.issueField)->targetWaitMinutes;
                ++called;
            }
        }
        INFO("issued " << issued << ", finished " << finished << ", no-shows " << count(log, EventKind::ticketNoShow)
                       << ", transfers " << count(log, EventKind::ticketTransferred) << ", parked "
                       << count(log, EventKind::ticketParked) << ", peak waiting " << peak
                       << ", lowest 10:30-11:30 " << lateMorningLow << ", within target " << within << "/" << called);
        CHECK(issued >= 100); // the demo office says 140 a day
        CHECK(issued <= 186);
        CHECK(peak >= 5);           // a queue forms after opening
        CHECK(lateMorningLow <= 2); // and has cleared before lunch
        CHECK(afterLunch >= 2);     // the afternoon has its own, smaller rush
        CHECK(within >= called * 6 / 10);
        CHECK(finished >= issued * 8 / 10);
        for (const Event& e : log) { // the free counter stays free
            CHECK_FALSE((e.counter == 4 && e.actor.rfind("sim:", 0) == 0));
        }
        CHECK(run.office.engine().counter(4)->open == false);
    }
}

TEST_CASE("over three simulated days some citizens do not come and some are sent to another field") {
    Run run(7);
    run.runUntil([&run] { return run.staff.dayNumber() == 4; }, 100h);
    const Events& log = run.office.log;
    CHECK(count(log, EventKind::ticketNoShow) >= 3);
    CHECK(count(log, EventKind::ticketRecalled) >= count(log, EventKind::ticketNoShow) * 2);
    CHECK(count(log, EventKind::ticketTransferred) >= 2);
    CHECK(count(log, EventKind::ticketParked) >= 1);
    CHECK(count(log, EventKind::counterPaused) >= 3); // breaks
    CHECK(count(log, EventKind::counterPaused) == count(log, EventKind::counterResumed));
}

TEST_CASE("simulated staff never act at a counter a person has logged into") {
    Run run(4);
    run.runUntil([&run] { return run.staff.minuteOfDay() >= 8 * 60; });
    REQUIRE(run.office.engine().counter(1)->open);
    const std::string simStaff = run.office.engine().counter(1)->staff;
    // A person logs in at counter 1 as the simulated staff member already
    // there (no event: the counter stays open under that name) and at the free
    // counter 4; then they work both.
    run.office.loggedIn.insert(simStaff);
    REQUIRE(run.office.person(OpenCounter{4, "nv04"}, "staff:nv04"));
    CHECK_FALSE(run.staff.simulatedMayAct(1));
    CHECK_FALSE(run.staff.simulatedMayAct(4));
    const std::size_t from = run.office.log.size();
    run.runUntil([&run] { return run.staff.minuteOfDay() >= 10 * 60; });
    int simulatedElsewhere = 0;
    for (std::size_t i = from; i < run.office.log.size(); ++i) {
        const Event& e = run.office.log[i];
        const bool simulated = e.actor.rfind("sim:", 0) == 0;
        INFO("seq " << e.seq << " " << eventKindName(e.kind) << " counter " << e.counter << " by " << e.actor);
        CHECK_FALSE((simulated && (e.counter == 1 || e.counter == 4)));
        simulatedElsewhere += simulated && e.counter != 0;
    }
    CHECK(simulatedElsewhere >= 30); // the simulation went on at the other counters
    // The person finishes what counter 1 had, and logs out: a simulated
    // colleague takes the desk back a few minutes later.
    const auto state = run.office.engine().counterState(1);
    if (state == CounterState::calling) {
        REQUIRE(run.office.person(MarkNoShow{1}, "staff:" + simStaff));
    } else if (state == CounterState::serving) {
        REQUIRE(run.office.person(FinishService{1}, "staff:" + simStaff));
    } else if (state == CounterState::paused) {
        REQUIRE(run.office.person(Resume{1}, "staff:" + simStaff));
    }
    run.office.loggedIn.erase(simStaff);
    REQUIRE(run.office.person(CloseCounter{1}, "staff:" + simStaff));
    run.runUntil([&run] { return run.office.engine().counter(1)->open; }, 1h);
    CHECK(run.office.log.back().actor.rfind("sim:", 0) == 0);
    CHECK_FALSE(run.office.engine().counter(4)->open == false); // the person's counter 4 is still theirs
    CHECK_FALSE(run.staff.simulatedMayAct(4));
}

TEST_CASE("at start-up each simulated desk is staffed by a different person, though the engine hears of it later") {
    Run run(3, true); // every OpenCounter is only submitted while the desks are staffed
    REQUIRE(run.office.pending.size() >= 5);
    CHECK(run.office.flush() == 0); // none refused as "already at another counter"
    std::set<std::string> staffAt;
    for (int n : {1, 2, 3, 5, 6}) {
        INFO("counter " << n);
        REQUIRE(run.office.engine().counter(n)->open);
        staffAt.insert(run.office.engine().counter(n)->staff);
    }
    CHECK(staffAt.size() == 5);
}
