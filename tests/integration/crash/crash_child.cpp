// The crash test's child: drives a real Journal and Store through an endless,
// random office day and reports each event on stdout only once it is durable.
// crash_test SIGKILLs it at random points and checks the store against what it
// reported. Usage: crash_child DBPATH SEED
//
// Output, one line per committed event, written with write(2) so nothing sits
// in a buffer that a kill could lose or a fork could duplicate:
//   ACK <seq> <kind> <ticketId> <day> <field> <number> <code>
// (number and code are those of an issue event, 0 and "-" for other kinds).
#include "crash_office.hpp"

#include "app/journal.hpp"
#include "clock/office_clock.hpp"
#include "store/store.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <unistd.h>

using namespace qmsd;

namespace {

[[noreturn]] void die(const std::string& what) {
    std::cerr << "crash_child: " << what << std::endl;
    std::exit(2);
}

void writeAll(const std::string& s) {
    const char* p = s.data();
    std::size_t left = s.size();
    while (left > 0) {
        ssize_t n = ::write(STDOUT_FILENO, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            std::_Exit(3); // the parent is gone: nothing left to report to
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

std::string orDash(const std::string& s) { return s.empty() ? "-" : s; }

// Only ever called with events that are already committed.
void report(const Events& events) {
    std::string out;
    for (const auto& e : events) {
        bool issue = e.kind == EventKind::ticketIssued;
        out += "ACK " + std::to_string(e.seq) + " " + std::string(eventKindName(e.kind)) + " " +
               std::to_string(e.ticketId) + " " + e.day + " " + orDash(e.field) + " " +
               std::to_string(issue ? e.number : 0) + " " + (issue ? orDash(e.code) : "-") + "\n";
    }
    if (!out.empty()) {
        writeAll(out);
    }
}

void reportIfDone(const Result<Events>& r) {
    if (r) {
        report(*r);
    }
}

// The journal's own events (the day close) reach us through the listener,
// which it calls only after the commit.
void reportSystemEvents(const Events& events) {
    Events own;
    for (const auto& e : events) {
        if (e.actor == "system") {
            own.push_back(e);
        }
    }
    report(own);
}

enum class Op {
    issue,
    callNext,
    start,
    finish,
    recall,
    noShow,
    transfer,
    park,
    callParked,
    reinstate,
    pause,
    resume,
    cancel,
    open,
    close,
};

// Roughly what a day at a one-stop office looks like: mostly issuing and
// calling, now and then a transfer, a park or a break.
constexpr std::array<double, 15> kWeights{35, 14, 8, 10, 4, 4, 3, 3, 3, 2, 2, 3, 3, 4, 2};

class Driver {
  public:
    Driver(Journal& journal, const OfficeConfig& config, OfficeClock clock, std::uint64_t seed,
           TimePoint start)
        : journal_(journal), config_(config), clock_(std::move(clock)), rng_(seed), now_(start),
          seed_(seed), ops_(kWeights.begin(), kWeights.end()) {}

    void step() {
        if (chance(0.1)) {
            int n = uniform(2, 8);
            for (int i = 0; i < n; ++i) {
                advance();
                Command cmd = pick();
                journal_.submit(cmd, CommandMeta{now_, actorOf(cmd)}, reportIfDone);
            }
            if (auto st = journal_.flush(); !st) {
                std::cerr << "crash_child: flush failed: " << st.error().message << std::endl;
            }
            return;
        }
        advance();
        Command cmd = pick();
        reportIfDone(journal_.execute(cmd, CommandMeta{now_, actorOf(cmd)}));
    }

  private:
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    template <typename T> const T& oneOf(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(uniform(0, static_cast<int>(v.size()) - 1))];
    }

    // 1–20 s a step; about every 400 steps the next morning, so the day
    // rollover also happens under the kill.
    void advance() {
        if (chance(1.0 / 400)) {
            now_ = clock_.instantOf(nextDay(clock_.localDay(now_)), 7 * 60 + 30);
            return;
        }
        now_ += std::chrono::seconds{uniform(1, 20)};
    }

    int anyCounter() { return oneOf(config_.counters).number; }

    std::vector<TicketId> ticketsIn(std::initializer_list<TicketState> states) const {
        std::vector<TicketId> out;
        for (const Ticket& t : journal_.engine().tickets()) {
            for (auto s : states) {
                if (t.state == s) {
                    out.push_back(t.id);
                }
            }
        }
        return out;
    }

    // A ticket in one of `states`, or now and then any id, to be refused.
    TicketId someTicket(std::initializer_list<TicketState> states) {
        auto ids = ticketsIn(states);
        if (ids.empty() || chance(0.1)) {
            return uniform(1, static_cast<int>(journal_.engine().lastTicketId()) + 2);
        }
        return oneOf(ids);
    }

    Command pickIssue() {
        IssueTicket c;
        c.field = oneOf(config_.fields).id;
        if (chance(0.15)) {
            c.priority = oneOf(config_.priorities).id;
        }
        if (chance(0.3)) {
            c.phone = "09" + std::to_string(uniform(10000000, 99999999));
        }
        if (chance(0.8)) {
            c.publicId = "p" + std::to_string(seed_) + "-" + std::to_string(++issued_);
        }
        return c;
    }

    Command pickCallParked() {
        auto parked = ticketsIn({TicketState::parked});
        if (parked.empty()) {
            return CallTicket{anyCounter(), someTicket({TicketState::waiting})};
        }
        TicketId id = oneOf(parked);
        int counter = chance(0.8) ? journal_.engine().ticket(id)->counter : anyCounter();
        return CallTicket{counter, id};
    }

    Command pick() {
        switch (static_cast<Op>(ops_(rng_))) {
        case Op::issue:
            return pickIssue();
        case Op::callNext:
            return CallNext{anyCounter()};
        case Op::start:
            return StartService{anyCounter()};
        case Op::finish:
            return FinishService{anyCounter()};
        case Op::recall:
            return Recall{anyCounter()};
        case Op::noShow:
            return MarkNoShow{anyCounter()};
        case Op::transfer:
            return Transfer{anyCounter(), oneOf(config_.fields).id};
        case Op::park:
            return Park{anyCounter()};
        case Op::callParked:
            return pickCallParked();
        case Op::reinstate:
            return Reinstate{someTicket({TicketState::noShow})};
        case Op::pause:
            return Pause{anyCounter(), oneOf(config_.pauseReasons).id};
        case Op::resume:
            return Resume{anyCounter()};
        case Op::cancel:
            return CancelTicket{
                someTicket({TicketState::waiting, TicketState::parked, TicketState::noShow}),
                "citizen_left"};
        case Op::open:
            return OpenCounter{anyCounter(), oneOf(config_.staff).id};
        case Op::close:
            return CloseCounter{anyCounter()};
        }
        return CallNext{anyCounter()};
    }

    std::string actorOf(const Command& cmd) const {
        if (std::holds_alternative<IssueTicket>(cmd)) {
            return "kiosk:k1";
        }
        if (const auto* o = std::get_if<OpenCounter>(&cmd)) {
            return "staff:" + o->staff;
        }
        return "staff:crash";
    }

    Journal& journal_;
    const OfficeConfig& config_;
    OfficeClock clock_;
    std::mt19937_64 rng_;
    TimePoint now_;
    std::uint64_t seed_;
    std::discrete_distribution<int> ops_;
    int issued_ = 0;
};

// Continue from the newest event, so the synthetic clock never runs backwards
// across restarts; a new database starts on a Monday morning.
TimePoint startTime(Store& store, const OfficeClock& clock) {
    auto head = store.head();
    if (!head) {
        die("cannot read the store head: " + head.error().message);
    }
    if (head->lastSeq == 0) {
        return clock.instantOf("2026-11-23", 7 * 60 + 30);
    }
    auto newest = store.eventsAfter(head->lastSeq - 1, 1);
    if (!newest || newest->empty()) {
        die("cannot read event " + std::to_string(head->lastSeq));
    }
    return newest->back().at + std::chrono::seconds{1};
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: crash_child DBPATH SEED" << std::endl;
        return 2;
    }
    std::string path = argv[1];
    std::uint64_t seed = std::strtoull(argv[2], nullptr, 10);
    auto config = std::make_shared<const OfficeConfig>(crash::makeCrashOffice());
    auto clock = OfficeClock::forZone(config->office.timeZone);
    if (!clock) {
        die(clock.error().message);
    }
    auto store = Store::open(path);
    if (!store) {
        die("cannot open " + path + ": " + store.error().message);
    }
    TimePoint start = startTime(**store, *clock);
    auto journal = Journal::open(**store, config, start);
    if (!journal) {
        die("cannot open the journal: " + journal.error().message);
    }
    (*journal)->addListener(reportSystemEvents);
    Driver driver(**journal, *config, *clock, seed, start);
    for (;;) {
        driver.step();
    }
}
