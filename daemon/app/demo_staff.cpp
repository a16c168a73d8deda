#include "app/demo_staff.hpp"

#include "app/logging.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd {
namespace {

constexpr double kReopenAfterSeconds = 180; // a colleague takes back a desk a person left
constexpr double kBreakShare = 0.6;         // of desks that take a break in a session

// Kinds by which a person at a counter shows up in the log.
bool counterAction(EventKind k) {
    switch (k) {
    case EventKind::counterOpened:
    case EventKind::counterPaused:
    case EventKind::counterResumed:
    case EventKind::ticketCalled:
    case EventKind::ticketRecalled:
    case EventKind::ticketStarted:
    case EventKind::ticketFinished:
    case EventKind::ticketNoShow:
    case EventKind::ticketTransferred:
    case EventKind::ticketParked:
        return true;
    default:
        return false;
    }
}

bool simulated(const std::string& actor) { return actor.rfind("sim:", 0) == 0; }

// The demo's copy opens every day 00:00-24:00 so it can be tried at any hour.
bool openAllDay(const OfficeConfig& config) {
    return std::all_of(config.office.hours.begin(), config.office.hours.end(), [](const auto& sessions) {
        return sessions.size() == 1 && sessions[0].openMinute == 0 && sessions[0].closeMinute == 24 * 60;
    });
}

std::string hhmm(double minuteOfDay) {
    int m = static_cast<int>(minuteOfDay) % (24 * 60);
    char out[8];
    std::snprintf(out, sizeof out, "%02d:%02d", m / 60, m % 60);
    return out;
}

} // namespace

DemoStaff::DemoStaff(DemoOffice& office, unsigned seed, double speed)
    : office_(office), rng_(seed), speed_(speed), day_(demo::wardDayFrom(office.config())), profile_(day_),
      draw_(day_) {}

void DemoStaff::start() {
    const OfficeConfig& cfg = office_.config();
    auto log = moduleLogger("demo");
    realClock_ = !openAllDay(cfg);
    if (realClock_) {
        LocalTime local = office_.engine().clock().local(office_.now());
        day_.sessions = cfg.office.hours[static_cast<std::size_t>(local.weekday)];
        profile_ = demo::ArrivalProfile(day_);
        minuteOfDay_ = local.secondOfDay / 60.0;
        if (speed_ != 1.0) {
            log->warn("the office keeps real opening hours: the simulation runs on the real clock (speed 1)");
            speed_ = 1.0;
        }
    } else if (!day_.sessions.empty()) {
        minuteOfDay_ = day_.sessions.front().openMinute;
    }
    if (!cfg.demo.freeCounters.empty()) {
        free_.insert(cfg.demo.freeCounters.begin(), cfg.demo.freeCounters.end());
    } else if (cfg.counters.size() > 1) {
        free_.insert(cfg.counters.back().number);
    }
    for (int n : free_) { // opened by an earlier demo that did not leave it free
        const Counter* c = office_.engine().counter(n);
        if (c != nullptr && c->open && c->activeTicket == 0 && !office_.staffLoggedIn(c->staff)) {
            office_.submit(CloseCounter{n}, "sim:staff:" + c->staff, [](const Result<Events>&) {});
        }
    }
    std::string staffed;
    for (const CounterConfig& c : cfg.counters) {
        if (free_.count(c.number) != 0) {
            continue;
        }
        Desk& desk = desks_[c.number];
        desk.number = c.number;
        openDesk(desk);
        staffed += (staffed.empty() ? "" : ", ") + std::to_string(c.number) + " (" +
                   (desk.staff.empty() ? "nobody free" : desk.staff) + ")";
    }
    std::string freeList;
    for (int n : free_) {
        freeList += (freeList.empty() ? "" : ", ") + std::to_string(n);
    }
    log->info("simulated ward day: {:.0f} tickets a day, speed x{}, {} clock, starts {}; simulated staff at counters "
              "{}; left for a person: counter {}",
              profile_.expectedPerDay(), speed_, realClock_ ? "the real" : "its own", hhmm(minuteOfDay_), staffed,
              freeList.empty() ? "none" : freeList);
    session_ = sessionAt(minuteOfDay_);
    if (session_) {
        sessionOpened(*session_);
    }
}

std::optional<std::size_t> DemoStaff::sessionAt(double minuteOfDay) const {
    for (std::size_t s = 0; s < day_.sessions.size(); ++s) {
        if (minuteOfDay >= day_.sessions[s].openMinute && minuteOfDay < day_.sessions[s].closeMinute) {
            return s;
        }
    }
    return std::nullopt;
}

void DemoStaff::advance(double realSeconds) {
    if (office_.engine().counters().empty() || day_.fields.empty()) {
        return;
    }
    step(realSeconds * speed_);
}

void DemoStaff::step(double simSeconds) {
    now_ += simSeconds;
    if (realClock_) {
        LocalTime local = office_.engine().clock().local(office_.now());
        if (local.secondOfDay / 60.0 < minuteOfDay_) { // midnight: the next weekday's hours
            day_.sessions = office_.config().office.hours[static_cast<std::size_t>(local.weekday)];
            profile_ = demo::ArrivalProfile(day_);
        }
        minuteOfDay_ = local.secondOfDay / 60.0;
    } else {
        minuteOfDay_ += simSeconds / 60.0;
    }
    std::optional<std::size_t> session = sessionAt(minuteOfDay_);
    if (session != session_) {
        session_ = session;
        if (session) {
            sessionOpened(*session);
        } else {
            moduleLogger("demo")->info("simulated {}: the session closes; the counters serve whoever is still waiting",
                                       hhmm(minuteOfDay_));
        }
    }
    if (session_) {
        arrivals(simSeconds);
    } else if (!realClock_ && dayDone()) {
        skipGap();
    }
    for (auto& [number, desk] : desks_) {
        work(desk);
    }
}

void DemoStaff::arrivals(double simSeconds) {
    std::poisson_distribution<int> count(profile_.perMinute(minuteOfDay_) * simSeconds / 60.0);
    for (int i = count(rng_); i > 0; --i) {
        issue(draw_.citizen(rng_));
    }
}

// Tickets taken in the half hour before opening: the crowd at the door. Each
// desk may take one break in the middle of the session.
void DemoStaff::sessionOpened(std::size_t index) {
    const Session& s = day_.sessions[index];
    int crowd = 0;
    if (!realClock_ || static_cast<int>(minuteOfDay_) == s.openMinute) {
        std::poisson_distribution<int> door(profile_.doorCrowd(index));
        crowd = door(rng_);
        for (int i = 0; i < crowd; ++i) {
            issue(draw_.citizen(rng_));
        }
    }
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double length = s.closeMinute - s.openMinute;
    for (auto& [number, desk] : desks_) {
        desk.breakAt = -1;
        double at = s.openMinute + length * (0.4 + 0.4 * u(rng_));
        if (u(rng_) < kBreakShare && at > minuteOfDay_) {
            desk.breakAt = now_ + (at - minuteOfDay_) * 60;
            desk.breakUntil = desk.breakAt + 600 + 300 * u(rng_);
        }
    }
    moduleLogger("demo")->info("simulated {} (day {}): the session opens, {} citizens took a ticket at the door",
                               hhmm(minuteOfDay_), dayNumber_, crowd);
}

void DemoStaff::issue(const demo::Citizen& citizen) {
    IssueTicket cmd{citizen.field, citizen.priority, "", ""}; // the office adds the public id and estimate
    office_.submit(std::move(cmd), "sim:kiosk",
                   [this, alive = std::weak_ptr<bool>(alive_), citizen](const Result<Events>& r) {
                       if (!alive.lock() || !r) {
                           return; // refused (quota, numbering used up): the citizen goes home
                       }
                       for (const Event& e : *r) {
                           if (e.kind == EventKind::ticketIssued) {
                               citizens_[e.ticketId] = citizen;
                           }
                       }
                   });
}

// Between sessions: once every simulated desk is free and nobody waits for
// them, the clock jumps to the next opening (the next day after the last).
bool DemoStaff::dayDone() const {
    const QueueEngine& engine = office_.engine();
    for (const auto& [number, desk] : desks_) {
        const Counter* c = engine.counter(number);
        if (desk.human || c == nullptr || !c->open) {
            continue;
        }
        if (c->activeTicket != 0 || !desk.parkedUntil.empty()) {
            return false;
        }
        for (const std::string& f : engine.callableFields(*c)) {
            if (engine.waiting(f) > 0) {
                return false;
            }
        }
    }
    return true;
}

void DemoStaff::skipGap() {
    if (day_.sessions.empty()) {
        return;
    }
    for (const Session& s : day_.sessions) {
        if (s.openMinute > minuteOfDay_) {
            minuteOfDay_ = s.openMinute;
            return;
        }
    }
    minuteOfDay_ = day_.sessions.front().openMinute; // tomorrow
    ++dayNumber_;
}

bool DemoStaff::staffTaken(const std::string& staff, int forDesk) const {
    // Another desk's claim counts at once: its OpenCounter is only submitted,
    // and the engine shows it open a moment later (at start-up every desk is
    // staffed in one go).
    for (const auto& [number, d] : desks_) {
        if (number != forDesk && d.staff == staff) {
            return true;
        }
    }
    for (const auto& [number, c] : office_.engine().counters()) {
        if (c.open && c.staff == staff) {
            return true;
        }
    }
    return office_.staffLoggedIn(staff);
}

// Logs a desk in with the free staff member who covers most of its fields.
void DemoStaff::openDesk(Desk& desk) {
    const OfficeConfig& cfg = office_.config();
    const Counter* c = office_.engine().counter(desk.number);
    if (c != nullptr && c->open) {
        desk.staff = c->staff; // still open from before a restart
        return;
    }
    const CounterConfig* counter = cfg.counter(desk.number);
    const StaffConfig* best = nullptr;
    long bestCover = 0;
    for (const StaffConfig& s : cfg.staff) {
        long cover = std::count_if(counter->fields.begin(), counter->fields.end(), [&s](const std::string& f) {
            return std::find(s.fields.begin(), s.fields.end(), f) != s.fields.end();
        });
        if (cover > bestCover && !staffTaken(s.id, desk.number)) {
            best = &s;
            bestCover = cover;
        }
    }
    if (best == nullptr) {
        return;
    }
    desk.staff = best->id;
    office_.submit(OpenCounter{desk.number, best->id}, "sim:staff:" + best->id, [](const Result<Events>&) {});
}

bool DemoStaff::simulatedMayAct(int counter) const {
    auto it = desks_.find(counter);
    if (it == desks_.end() || it->second.human) {
        return false;
    }
    const Counter* c = office_.engine().counter(counter);
    // A person who logged in as this desk's staff member (no event: the
    // counter was already open under that name) has a session.
    return c == nullptr || !c->open || !office_.staffLoggedIn(c->staff);
}

void DemoStaff::onCommitted(const Events& events) {
    for (const Event& e : events) {
        auto it = desks_.find(e.counter);
        if (it == desks_.end() || e.counter == 0) {
            continue;
        }
        Desk& desk = it->second;
        if (e.kind == EventKind::counterClosed) {
            if (!simulated(e.actor) && e.actor != "system") { // a person left: a colleague comes later
                desk.human = false;
                desk.reopenAt = now_ + kReopenAfterSeconds;
            }
            desk.callAt = -1;
        } else if (counterAction(e.kind) && !simulated(e.actor) && e.actor != "system") {
            if (!desk.human) {
                moduleLogger("demo")->info("counter {}: a person is working here ({}); simulated staff keep off it",
                                           e.counter, e.actor);
            }
            desk.human = true;
        }
    }
}

const demo::Citizen& DemoStaff::citizenOf(const Ticket& t) {
    auto it = citizens_.find(t.id);
    if (it == citizens_.end()) { // someone else issued it (the kiosk page): drawn now
        it = citizens_.emplace(t.id, draw_.citizen(rng_, t.field)).first;
    }
    return it->second;
}

void DemoStaff::work(Desk& desk) {
    if (!simulatedMayAct(desk.number)) {
        return;
    }
    const QueueEngine& engine = office_.engine();
    const std::string actor = "sim:counter:" + std::to_string(desk.number);
    const Ticket* t = nullptr;
    switch (engine.counterState(desk.number)) {
    case CounterState::closed:
        if (now_ >= desk.reopenAt) {
            openDesk(desk);
            desk.reopenAt = now_ + kReopenAfterSeconds; // not again at once if that was refused
        }
        return;
    case CounterState::paused:
        if (now_ >= desk.breakUntil) {
            office_.submit(Resume{desk.number}, actor, [](const Result<Events>&) {});
        }
        return;
    case CounterState::idle:
        break;
    case CounterState::calling:
        if ((t = engine.ticket(engine.counter(desk.number)->activeTicket)) != nullptr) {
            workCalling(desk, *t);
        }
        return;
    case CounterState::serving:
        if ((t = engine.ticket(engine.counter(desk.number)->activeTicket)) != nullptr) {
            workServing(desk, *t);
        }
        return;
    }
    if (desk.breakAt >= 0 && now_ >= desk.breakAt) {
        desk.breakAt = -1;
        if (now_ > desk.breakUntil - 120) {
            return; // too busy for it this session
        }
        office_.submit(Pause{desk.number, office_.config().pauseReasons.front().id}, actor,
                       [](const Result<Events>&) {});
        return;
    }
    for (auto it = desk.parkedUntil.begin(); it != desk.parkedUntil.end(); ++it) {
        const Ticket* parked = engine.ticket(it->first);
        if (parked == nullptr || parked->state != TicketState::parked) {
            desk.parkedUntil.erase(it); // someone else dealt with it
            return;
        }
        if (now_ >= it->second) { // back with the missing paper
            desk.calledFirstAt = -1;
            office_.submit(CallTicket{desk.number, it->first}, actor, [](const Result<Events>&) {});
            desk.parkedUntil.erase(it);
            return;
        }
    }
    const std::vector<std::string> fields = engine.callableFields(*engine.counter(desk.number));
    bool someone = std::any_of(fields.begin(), fields.end(),
                               [&engine](const std::string& f) { return engine.waiting(f) > 0; });
    if (!someone) {
        desk.callAt = -1;
        return;
    }
    if (desk.callAt < 0) { // looks up, presses the button
        desk.callAt = now_ + std::uniform_real_distribution<double>(5, 20)(rng_);
    }
    if (now_ >= desk.callAt) {
        desk.callAt = -1;
        desk.calledFirstAt = -1; // set when the call shows (workCalling)
        office_.submit(CallNext{desk.number}, actor, [](const Result<Events>&) {});
    }
}

// Called: the citizen walks over (a slow one needs a recall); one who left is
// recalled twice, then marked a no-show.
void DemoStaff::workCalling(Desk& desk, const Ticket& t) {
    const demo::Citizen& who = citizenOf(t);
    const std::string actor = "sim:counter:" + std::to_string(desk.number);
    if (desk.calledFirstAt < 0) { // called before a restart, or by the simulation's CallNext that raced
        desk.lastCallAt = desk.calledFirstAt = now_;
    }
    if (!who.absent && now_ >= desk.calledFirstAt + who.walkSeconds) {
        desk.serviceEndsAt = now_ + who.serviceSeconds;
        desk.calledFirstAt = -1;
        office_.submit(StartService{desk.number}, actor, [](const Result<Events>&) {});
        return;
    }
    if (now_ < desk.lastCallAt + demo::kRecallAfterSeconds) {
        return;
    }
    desk.lastCallAt = now_;
    if (t.recalls < demo::kRecallsBeforeNoShow) {
        office_.submit(Recall{desk.number}, actor, [](const Result<Events>&) {});
    } else {
        office_.submit(MarkNoShow{desk.number}, actor, [](const Result<Events>&) {});
    }
}

void DemoStaff::workServing(Desk& desk, const Ticket& t) {
    const demo::Citizen who = citizenOf(t);
    const std::string actor = "sim:counter:" + std::to_string(desk.number);
    if (desk.serviceEndsAt < 0) { // started before a restart, or by a person before they left
        desk.serviceEndsAt = now_ + who.serviceSeconds;
    }
    if (now_ < desk.serviceEndsAt) {
        return;
    }
    desk.serviceEndsAt = -1;
    switch (who.outcome) {
    case demo::Citizen::Outcome::transfer:
        citizens_[t.id] = draw_.citizen(rng_, who.transferTo); // a new errand in the new field
        if (citizens_[t.id].outcome == demo::Citizen::Outcome::transfer) {
            citizens_[t.id].outcome = demo::Citizen::Outcome::finish; // not sent on twice
        }
        office_.submit(Transfer{desk.number, who.transferTo}, actor, [](const Result<Events>&) {});
        return;
    case demo::Citizen::Outcome::park:
        desk.parkedUntil[t.id] = now_ + who.parkSeconds;
        citizens_[t.id].outcome = demo::Citizen::Outcome::finish; // the second visit ends it
        office_.submit(Park{desk.number}, actor, [](const Result<Events>&) {});
        return;
    case demo::Citizen::Outcome::finish:
        break;
    }
    // The citizen may rate it afterwards: the daemon's DemoTraffic does that (demo_ratings.cpp).
    office_.submit(FinishService{desk.number}, actor, [](const Result<Events>&) {});
    citizens_.erase(t.id);
}

} // namespace qmsd
