#pragma once
// Which transaction a Modbus bus makes next, and what each outcome means for
// the unit: pure bookkeeping with the clock passed in, no I/O and no locks
// (ModbusBus holds its mutex around every call), so it is tested on its own.
//
// The rules, in the order they decide:
//  1. A keypad poll overdue by a whole interval goes first: presses are never
//     left unread behind a burst of display changes.
//  2. Display writes and the probe of an offline unit share one queue, oldest
//     first. A unit keeps its place while newer states replace its pending one
//     (only the latest is written) and goes to the back once written, or once
//     tried and failed — so no unit waits more than one turn of the others,
//     and a failing unit is never tried twice in a row while others wait.
//  3. Keypad polls that are due; then, when nothing else is waiting, the
//     read-back of displays nothing was said to for probe_interval_ms.
//
// A unit that fails twice is offline. It is then only asked in a probe slot:
// one offline unit at a time, each at most every retry_backoff_ms, the slot
// spaced so probes take at most ~5 % of the bus while other units work
// (nothing is spaced when no unit answers: the whole line is down). On RTU a
// unit heard before is probed with a response timeout fitted to how fast it
// used to answer (~25 ms at 9600 baud instead of 200), so it can be asked
// every second and is back within that. Probes that wait the full timeout —
// units never heard, and a known unit's every 30 s in case it came back
// slower — have a slot of their own, so they cannot delay a known unit's
// return. Through a TCP gateway every probe waits the full timeout (see
// probeDue): 200 ms every 4 s. A unit answering garbage (there, but broken)
// is probed every 15 × retry_backoff_ms: each of its probes drains the line. When any unit comes back, or the link is
// reopened, every offline unit gets one try at once: a cable or a power
// supply shared by several units brings them back together.
//
// A display is probed with a one-register read (the shortest exchange) and
// gets its whole state once when it comes back (it may have lost power); a
// write it refused (exception reply) is sent again, alone, every
// retry_backoff_ms until taken or replaced by a newer state (every 30 s when
// the unit said it has no such function, register or value).
#include "device/bus.hpp"
#include "modbus/modbus_errors.hpp"
#include "modbus/register_profile.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace qmsd::drivers::modbus {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;
using std::chrono::milliseconds;

struct Unit {
    DeviceConfig config;
    Profile profile;
    bool input = false; // keypad or rating box: polled
    // A display's latest state, and what of it is still to be sent: all of it
    // after a change or an absence, the refused writes after a refusal.
    std::vector<RegisterWrite> state;
    std::vector<RegisterWrite> pending;
    std::uint64_t generation =
        0; // bumped by every new state, so a write in flight knows it was overtaken
    Clock::time_point queuedAt{};  // its place in the write queue
    Clock::time_point notBefore{}; // refused writes wait until then
    bool refusedPending = false;
    std::optional<std::uint32_t> lastCounter; // keypads: the press counter last acted on
    UnitHealth health;
    UnitHealth reported; // what the loop last heard
    Clock::time_point reportedAt{};
    int failures = 0;
    Clock::time_point nextPoll{};
    Clock::time_point nextReadBack{};
    Clock::time_point nextTry{}; // offline: its next probe
    bool sweep = false;          // offline: one try now, outside the slot
    Clock::time_point sweepAt{};
    // How long it took to answer, beyond the bytes' own time on the wire.
    std::array<microseconds, 8> turnarounds{};
    int turnaroundCount = 0;
    Clock::time_point
        lastFullProbe{}; // offline and heard before: its last probe with the full timeout
};

// One transaction (or, for a display's state, a short series of writes).
struct Job {
    enum class Kind { none, write, poll, readBack };
    Kind kind = Kind::none;
    std::size_t unit = 0;
    std::vector<RegisterWrite> writes;
    std::uint64_t generation = 0;
    int readCount = 0;
    bool probe = false; // an offline unit's probe
    int lane = 0;       // and its slot (BusSchedule::ProbeDue)
    // Response timeout: the bus's; or, when > 0, this allowance for the unit to
    // start answering once the request's bytes are out (a fitted probe).
    microseconds allowance{0};
};

// What the worker saw.
struct JobResult {
    Outcome outcome = Outcome::ok;
    int err = 0;
    std::string error;                      // for health.lastError
    std::vector<RegisterWrite> refused;     // writes the unit refused
    std::vector<std::uint16_t> values;      // poll / read-back
    microseconds took{0};                   // the whole job, for the probe slot's spacing
    std::optional<microseconds> turnaround; // the slowest answer beyond wire time
};

class BusSchedule {
  public:
    BusSchedule(const BusConfig& bus, std::vector<Unit> units);

    std::vector<Unit>& units() { return units_; }
    // Index of a device, or -1.
    int find(const std::string& device) const;

    // A new state for a display; false when there is nothing new to send.
    bool setState(std::size_t unit, std::vector<RegisterWrite> writes, bool repeat,
                  Clock::time_point now);

    // The next job, or Kind::none and when to look again.
    Job next(Clock::time_point now, Clock::time_point* wake);
    void finish(const Job& job, const JobResult& r, Clock::time_point now);

    void linkDown(const std::string& why);
    void linkUp(Clock::time_point now);

    // Twice its slowest recent answer beyond wire time, plus 10 ms, once it was heard.
    static std::optional<microseconds> fittedAllowance(const Unit& u);
    // One character's time on the wire (RTU), 0 over TCP.
    microseconds charTime() const { return charTime_; }

  private:
    bool anyOnline() const;
    void goOffline(Unit& u, Clock::time_point now);
    void comeBack(Unit& u, Clock::time_point now);
    struct ProbeDue {
        Clock::time_point at;
        bool full; // with the whole response timeout
        int lane;  // its slot: 0 units heard before (fitted probes), 1 the rest
    };
    Job probeJob(std::size_t i, const ProbeDue& due, Clock::time_point now);
    std::optional<ProbeDue> probeDue(const Unit& u) const;

    BusConfig bus_;
    std::vector<Unit> units_;
    // The next offline probe while other units answer: [0] units heard before, [1] the rest.
    std::array<Clock::time_point, 2> slotAt_{};
    microseconds charTime_{0};
};

constexpr int kFailuresBeforeOffline = 2;
// Offline probes may take this share of the bus while other units work.
constexpr int kProbeSlotSpacing = 20; // a slot every 20 probe-lengths: 5 %
constexpr auto kFullProbeEvery = std::chrono::seconds{30};
// An offline unit that answered its last probe with garbage: probed every
// this many retry_backoff_ms.
constexpr int kGarbledProbeEvery = 15;
// Refused for want of the function or register: asked again only this often.
constexpr auto kPermanentRefusalRetry = std::chrono::seconds{30};

} // namespace qmsd::drivers::modbus
