#include "modbus/bus_schedule.hpp"

#include <algorithm>

namespace qmsd::drivers::modbus {
namespace {

template <typename T>
void keepEarliest(std::optional<std::pair<Clock::time_point, T>>& best, Clock::time_point key,
                  T what) {
    if (!best || key < best->first) {
        best = std::pair{key, what};
    }
}

} // namespace

BusSchedule::BusSchedule(const BusConfig& bus, std::vector<Unit> units)
    : bus_(bus), units_(std::move(units)) {
    if (bus_.type == "modbus_rtu") {
        int bits = 1 + bus_.dataBits + (bus_.parity == "none" ? 0 : 1) + bus_.stopBits;
        charTime_ = microseconds{static_cast<std::int64_t>(1e6 * bits / std::max(bus_.baud, 1))};
    }
}

int BusSchedule::find(const std::string& device) const {
    for (std::size_t i = 0; i < units_.size(); ++i) {
        if (units_[i].config.id == device) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

bool BusSchedule::setState(std::size_t i, std::vector<RegisterWrite> writes, bool repeat,
                           Clock::time_point now) {
    Unit& u = units_[i];
    if (u.input || (!repeat && writes == u.state && u.pending.empty() && u.health.online)) {
        return false; // already shown (a unit coming back is sent its whole state anyway)
    }
    if (u.pending.empty()) {
        u.queuedAt = now; // it joins the back of the queue; a pending unit keeps its place
    }
    u.state = writes;
    u.pending = std::move(writes); // the latest state replaces whatever was still to go
    ++u.generation;
    u.refusedPending = false;
    u.notBefore = {};
    return true;
}

bool BusSchedule::anyOnline() const {
    return std::any_of(units_.begin(), units_.end(), [](const Unit& u) { return u.health.online; });
}

std::optional<BusSchedule::ProbeDue> BusSchedule::probeDue(const Unit& u) const {
    bool cannotRead = u.config.address == 0 || bus_.probeIntervalMs == 0; // broadcasts never answer
    if (u.input ? u.config.address == 0 : u.pending.empty() && cannotRead) {
        return std::nullopt; // nothing to send, and nothing it would answer
    }
    // Units heard before have a slot of their own, so a configured unit that
    // never answered cannot hold up the return of one that did. On RTU their
    // probes wait a fitted time. Over TCP the gateway answers 0x0B for a dead
    // unit only after its own timeout, which a fitted one would cut short:
    // its late reply would be read as the answer to the next request (and
    // the gateway's line is held that long anyway).
    bool heard = fittedAllowance(u).has_value();
    bool fit = heard && charTime_.count() > 0;
    if (u.sweep) {
        return ProbeDue{u.sweepAt, !fit, heard ? 0 : 1};
    }
    // While other units answer, offline ones share the slots; when none does
    // there is nobody to hold up.
    bool shared = anyOnline();
    auto slot = [this, shared](Clock::time_point t, bool full, int lane) {
        return ProbeDue{shared ? std::max(t, slotAt_[static_cast<std::size_t>(lane)]) : t, full,
                        lane};
    };
    if (!fit) {
        return slot(u.nextTry, true, heard ? 0 : 1);
    }
    auto fitted = slot(u.nextTry, false, 0);
    auto full = slot(u.lastFullProbe + kFullProbeEvery, true, 1);
    return full.at < fitted.at ? full : fitted;
}

Job BusSchedule::next(Clock::time_point now, Clock::time_point* wake) {
    *wake = Clock::time_point::max();
    const milliseconds poll{bus_.pollIntervalMs};
    auto pollJob = [this, now, poll](std::size_t i) {
        units_[i].nextPoll = now + poll;
        Job j;
        j.kind = Job::Kind::poll;
        j.unit = i;
        j.readCount = 2;
        return j;
    };
    // 1. A poll overdue by a whole interval.
    std::optional<std::pair<Clock::time_point, std::size_t>> late;
    for (std::size_t i = 0; i < units_.size(); ++i) {
        const Unit& u = units_[i];
        if (u.input && u.health.online && u.nextPoll + poll <= now) {
            keepEarliest(late, u.nextPoll, i);
        }
    }
    if (late) {
        return pollJob(late->second);
    }
    // 2. Display writes and offline probes, oldest first.
    std::optional<std::pair<Clock::time_point, std::size_t>> first;
    bool firstIsProbe = false;
    for (std::size_t i = 0; i < units_.size(); ++i) {
        const Unit& u = units_[i];
        std::optional<Clock::time_point> key;
        if (!u.health.online) {
            if (auto due = probeDue(u)) {
                key = due->at;
            }
        } else if (!u.input && !u.pending.empty()) {
            key = std::max(u.queuedAt, u.notBefore);
        }
        if (!key) {
            continue;
        }
        if (*key > now) {
            *wake = std::min(*wake, *key);
        } else if (!first || *key < first->first) {
            first = std::pair{*key, i};
            firstIsProbe = !u.health.online;
        }
    }
    if (first) {
        if (firstIsProbe) {
            return probeJob(first->second, *probeDue(units_[first->second]), now);
        }
        Unit& u = units_[first->second];
        Job j;
        j.kind = Job::Kind::write;
        j.unit = first->second;
        j.writes = u.pending;
        j.generation = u.generation;
        return j;
    }
    // 3. Polls that are due.
    std::optional<std::pair<Clock::time_point, std::size_t>> due;
    for (std::size_t i = 0; i < units_.size(); ++i) {
        const Unit& u = units_[i];
        if (u.input && u.health.online) {
            if (u.nextPoll <= now) {
                keepEarliest(due, u.nextPoll, i);
            } else {
                *wake = std::min(*wake, u.nextPoll);
            }
        }
    }
    if (due) {
        return pollJob(due->second);
    }
    // 4. Read-backs of quiet displays.
    if (bus_.probeIntervalMs > 0) {
        std::optional<std::pair<Clock::time_point, std::size_t>> quiet;
        for (std::size_t i = 0; i < units_.size(); ++i) {
            const Unit& u = units_[i];
            if (!u.input && u.health.online && u.config.address != 0) {
                if (u.nextReadBack <= now) {
                    keepEarliest(quiet, u.nextReadBack, i);
                } else {
                    *wake = std::min(*wake, u.nextReadBack);
                }
            }
        }
        if (quiet) {
            units_[quiet->second].nextReadBack = now + milliseconds{bus_.probeIntervalMs};
            Job j;
            j.kind = Job::Kind::readBack;
            j.unit = quiet->second;
            j.readCount = 1;
            return j;
        }
    }
    return Job{};
}

std::optional<microseconds> BusSchedule::fittedAllowance(const Unit& u) {
    if (u.turnaroundCount == 0) {
        return std::nullopt;
    }
    auto heard = u.turnarounds.begin() +
                 std::min<int>(u.turnaroundCount, static_cast<int>(u.turnarounds.size()));
    return 2 * *std::max_element(u.turnarounds.begin(), heard) + milliseconds{10};
}

Job BusSchedule::probeJob(std::size_t i, const ProbeDue& due, Clock::time_point now) {
    Unit& u = units_[i];
    Job j;
    j.unit = i;
    j.probe = true;
    if (u.input) {
        j.kind = Job::Kind::poll;
        j.readCount = 2;
        u.nextPoll = now + milliseconds{bus_.pollIntervalMs};
    } else if (u.config.address != 0 && bus_.probeIntervalMs > 0) {
        // One register read: the shortest exchange there is (8 bytes out, 7
        // back), so a probe holds the line no longer than a keypad poll. Its
        // state follows, once, when it answers.
        j.kind = Job::Kind::readBack;
        j.readCount = 1;
    } else {
        j.kind = Job::Kind::write; // cannot be read: its state is the probe
        j.writes = u.pending;
        j.generation = u.generation;
    }
    j.lane = due.lane;
    if (due.full) {
        u.lastFullProbe = now;
    } else {
        j.allowance = *fittedAllowance(u);
    }
    return j;
}

void BusSchedule::goOffline(Unit& u, Clock::time_point now) {
    u.health.online = false;
    u.failures = 0;
    if (!u.input && !u.state.empty()) {
        u.pending = u.state; // it may come back blank (power lost): all of it, once
        u.refusedPending = false;
        u.notBefore = {};
    }
    u.nextTry = now + milliseconds{bus_.retryBackoffMs};
    u.lastFullProbe = now; // its last tries waited the whole timeout
    u.sweep = false;
}

void BusSchedule::comeBack(Unit& u, Clock::time_point now) {
    u.health.online = true;
    for (auto& other : units_) {
        if (!other.health.online && !other.sweep) {
            other.sweep = true; // a shared cable or supply may have brought it back too
            other.sweepAt = now;
        }
    }
}

void BusSchedule::finish(const Job& job, const JobResult& r, Clock::time_point now) {
    Unit& u = units_[job.unit];
    const milliseconds retry{bus_.retryBackoffMs};
    bool wasOnline = u.health.online;
    bool current = job.kind == Job::Kind::write && job.generation == u.generation;
    switch (r.outcome) {
    case Outcome::ok:
    case Outcome::refused: {
        ++u.health.frames;
        u.failures = 0;
        u.health.lastSeen = std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
        if (r.turnaround) {
            u.turnarounds[static_cast<std::size_t>(u.turnaroundCount) % u.turnarounds.size()] =
                *r.turnaround;
            ++u.turnaroundCount;
        }
        if (!u.input) {
            u.nextReadBack = now + milliseconds{bus_.probeIntervalMs};
        }
        if (current) {
            u.pending = r.refused; // what it refused goes again, alone, later
            u.refusedPending = !r.refused.empty();
            // A busy or failing unit may take it in a moment; one that has no
            // such register or function (a misconfigured profile) will not.
            auto wait = isPermanentRefusal(r.err)
                            ? std::chrono::duration_cast<milliseconds>(kPermanentRefusalRetry)
                            : retry;
            u.notBefore = u.refusedPending ? now + wait : Clock::time_point{};
            u.health.refusals += r.refused.size();
        } else if (job.kind == Job::Kind::write) {
            u.queuedAt = now; // overtaken by a newer state: it waits its turn behind the others
        }
        if (!wasOnline) {
            comeBack(u, now);
            if (!u.input && job.kind != Job::Kind::write && !u.state.empty()) {
                u.pending = u.state; // heard by a read: its whole state, once
                u.queuedAt = now;
            }
        }
        if (r.outcome == Outcome::refused) {
            u.health.lastError = r.error;
        } else if (!u.refusedPending) {
            u.health.lastError.clear();
        }
        break;
    }
    case Outcome::absent:
    case Outcome::timeout:
    case Outcome::badReply:
        (r.outcome == Outcome::badReply ? u.health.badFrames : u.health.timeouts) += 1;
        u.health.lastError = r.error;
        if (wasOnline && ++u.failures >= kFailuresBeforeOffline) {
            goOffline(u, now);
        } else if (wasOnline) {
            ++u.health.retries; // tried again after the others, never at once
            if (job.kind == Job::Kind::write) {
                u.queuedAt = now;
            } else if (job.kind == Job::Kind::readBack) {
                u.nextReadBack = now + retry;
            }
        }
        break;
    case Outcome::linkDown:
        break; // the caller closes the link and calls linkDown()
    }
    if (job.probe) {
        // A unit that answers garbage is there but broken (wiring, a failing
        // transceiver), and each of its probes costs a drain of the line: it is
        // asked less often than one that is simply gone.
        u.nextTry = now + (r.outcome == Outcome::badReply ? kGarbledProbeEvery * retry : retry);
        u.sweep = false;
        slotAt_[static_cast<std::size_t>(job.lane)] =
            now + std::max<microseconds>(retry, kProbeSlotSpacing * r.took);
    }
}

void BusSchedule::linkDown(const std::string& why) {
    for (auto& u : units_) {
        u.health.online = false;
        u.health.lastError = why;
        u.failures = 0;
        u.sweep = false;
        if (!u.input && !u.state.empty()) {
            u.pending = u.state;
            u.refusedPending = false;
            u.notBefore = {};
        }
    }
}

void BusSchedule::linkUp(Clock::time_point now) {
    for (auto& u : units_) {
        u.sweep = true; // every unit once, at once
        u.sweepAt = now;
        u.nextTry = now;
    }
}

} // namespace qmsd::drivers::modbus
