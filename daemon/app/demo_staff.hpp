#pragma once
// Simulated citizens and staff for the demo office (`qmsd --simulate`): the
// ward day of demo_day.hpp played as commands, through the same path (and
// the same group commit) real requests take. DemoTraffic (demo_traffic.hpp)
// runs it on the daemon's loop; a test runs it on a virtual clock against a
// bare engine (tests/unit/app/demo_staff_test.cpp).
//
// The simulated clock: an office open all day (tools/demo.sh's copy, so the
// demo works at any hour) plays the [demo] day from its opening, `speed`
// times faster than real time, and skips the lunch gap and the night once
// the counters have served everyone. An office with real opening hours is
// played on the real clock.
//
// Simulated staff work only the counters they opened themselves. They never
// open the [demo] free counters (left for a person trying the counter page),
// and they stop touching a counter the moment a person acts there: logs in
// (a staff session, even as the same staff member), opens it, or acts on it
// from a page, a keypad or the API. When that person closes it again, a
// simulated colleague takes the desk back a few minutes later.
#include "app/demo_day.hpp"
#include "app/journal.hpp"
#include "engine/queue_engine.hpp"

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace qmsd {

// What the simulation needs from the office it runs in.
class DemoOffice {
  public:
    virtual ~DemoOffice() = default;
    virtual const OfficeConfig& config() const = 0;
    virtual const QueueEngine& engine() const = 0;
    // Like Daemon::submit; an IssueTicket without a public id gets one.
    virtual void submit(Command cmd, std::string actor, CommandDone done) = 0;
    // A person holds a PIN session as this staff member.
    virtual bool staffLoggedIn(const std::string& staff) const = 0;
    virtual TimePoint now() const = 0;
};

class DemoStaff {
  public:
    DemoStaff(DemoOffice& office, unsigned seed, double speed);
    void start();
    // `realSeconds` went by: the simulated day moves on `speed` times that.
    void advance(double realSeconds);
    // Journal listener: notices people acting at counters.
    void onCommitted(const Events& events);

    // The counters simulated staff may work (not free, not taken by a person).
    bool simulatedMayAct(int counter) const;
    double minuteOfDay() const { return minuteOfDay_; } // the simulated local time
    int dayNumber() const { return dayNumber_; }        // 1 = the first simulated day
    const std::set<int>& freeCounters() const { return free_; }

  private:
    struct Desk {
        int number = 0;
        std::string staff;            // who the simulation logged in here
        bool human = false;           // a person acted here since it was last closed
        double reopenAt = 0;          // sim seconds: after a person closed it
        double callAt = -1;           // sim seconds: the next call (a reaction time after idle)
        double lastCallAt = 0;        // when the current ticket was last called or recalled
        double calledFirstAt = -1;    // when the board first showed it; -1 not yet seen
        double serviceEndsAt = -1;    // serving: when the citizen is done; -1 not yet known
        double breakAt = -1;          // this session's break, -1 none
        double breakUntil = 0;
        std::map<TicketId, double> parkedUntil; // parked here, back at
    };

    void step(double simSeconds);
    void arrivals(double simSeconds);
    void issue(const demo::Citizen& citizen);
    void sessionOpened(std::size_t index);
    bool dayDone() const;
    void skipGap();
    void openDesk(Desk& desk);
    void work(Desk& desk);
    void workCalling(Desk& desk, const Ticket& t);
    void workServing(Desk& desk, const Ticket& t);
    const demo::Citizen& citizenOf(const Ticket& t);
    bool staffTaken(const std::string& staff, int forDesk) const;
    std::optional<std::size_t> sessionAt(double minuteOfDay) const;

    DemoOffice& office_;
    std::mt19937 rng_;
    double speed_;
    demo::WardDay day_;
    demo::ArrivalProfile profile_;
    demo::CitizenDraw draw_;
    bool realClock_ = false; // the office has real opening hours: play on the wall clock
    double now_ = 0;         // simulated seconds since start
    double minuteOfDay_ = 0; // simulated local time
    int dayNumber_ = 1;
    std::optional<std::size_t> session_;
    std::map<int, Desk> desks_;
    std::set<int> free_;
    std::map<TicketId, demo::Citizen> citizens_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true); // for submit callbacks
};

} // namespace qmsd
