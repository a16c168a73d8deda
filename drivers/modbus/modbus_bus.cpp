#include "modbus/modbus_bus.hpp"

#include <boost/asio/post.hpp>
#include <modbus.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace qmsd::drivers::modbus {
namespace {

constexpr auto kMaxBackoff = std::chrono::seconds{30};
constexpr int kFailuresBeforeOffline = 2;

// modbus_strerror() uses strerror(), which is not thread-safe (libmodbus #468).
std::string errorText(int err) {
    switch (err) {
    case EMBBADCRC:
        return "bad CRC";
    case EMBBADDATA:
        return "bad data";
    case EMBBADEXC:
        return "bad exception code";
    case EMBMDATA:
        return "too many data";
    case EMBBADSLAVE:
        return "reply from the wrong unit";
    case EMBXILFUN:
        return "exception: illegal function";
    case EMBXILADD:
        return "exception: illegal data address";
    case EMBXILVAL:
        return "exception: illegal data value";
    case EMBXSFAIL:
        return "exception: slave device failure";
    case ETIMEDOUT:
        return "no answer (timeout)";
    default: {
        char buf[128];
        return strerror_r(err, buf, sizeof buf);
    }
    }
}

// A Modbus exception reply (EMBXILFUN..EMBXGTAR): the unit is there and refuses.
bool isException(int err) { return err > MODBUS_ENOBASE && err <= EMBXGTAR; }

bool isLinkError(int err) {
    return err == EIO || err == ENXIO || err == ENODEV || err == EBADF || err == EPIPE ||
           err == ECONNRESET || err == ECONNREFUSED || err == ENOTCONN;
}

} // namespace

ModbusBus::ModbusBus(boost::asio::io_context& loop, BusConfig bus, const std::vector<DeviceConfig>& units,
                     BusCallbacks callbacks)
    : loop_(loop), bus_(std::move(bus)), callbacks_(std::move(callbacks)),
      linkBackoff_(bus_.retryBackoffMs) {
    if (bus_.type == "modbus_rtu") {
        // Modbus over serial line v1.02 §2.5.1.1: t3.5 = 3.5 characters, fixed at
        // 1.75 ms above 19200 baud; a character is start + data + parity + stop bits.
        int bits = 1 + bus_.dataBits + (bus_.parity == "none" ? 0 : 1) + bus_.stopBits;
        double seconds = bus_.baud > 19200 ? 0.00175 : 3.5 * bits / std::max(bus_.baud, 1);
        interFrameGap_ = std::chrono::microseconds{static_cast<std::int64_t>(seconds * 1e6) + 1};
    }
    for (const auto& d : units) {
        std::string why;
        auto profile = profileFor(d, &why);
        if (!profile) {
            continue; // the daemon checked profiles before creating the bus
        }
        Unit u;
        u.config = d;
        u.profile = *profile;
        u.input = d.role == DeviceRole::keypad || d.role == DeviceRole::rating;
        u.health.device = d.id;
        u.health.bus = bus_.id;
        u.health.lastError = "not contacted yet";
        u.backoff = std::chrono::milliseconds{bus_.retryBackoffMs};
        units_.push_back(std::move(u));
    }
}

ModbusBus::~ModbusBus() { stop(); }

void ModbusBus::start() {
    worker_ = std::thread([this] { run(); });
}

void ModbusBus::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) {
        worker_.join();
    }
    if (ctx_ != nullptr) {
        modbus_close(ctx_);
        modbus_free(ctx_);
        ctx_ = nullptr;
    }
}

ModbusBus::Unit* ModbusBus::find(const std::string& device) {
    auto it = std::find_if(units_.begin(), units_.end(),
                           [&device](const Unit& u) { return u.config.id == device; });
    return it == units_.end() ? nullptr : &*it;
}

void ModbusBus::setDirty(const std::string& device, std::vector<RegisterWrite> writes, bool repeat) {
    {
        std::lock_guard lock(mutex_);
        Unit* u = find(device);
        if (u == nullptr || u->input) {
            return;
        }
        if (!repeat && u->writes == writes && u->health.online && !u->dirty) {
            return; // already shown (a reconnect resends everything anyway)
        }
        u->writes = std::move(writes); // pending updates coalesce: the latest state wins
        u->dirty = true;
        kicked_ = true;
    }
    wake_.notify_all();
}

void ModbusBus::show(const std::string& device, const DisplayState& state) {
    Unit* u = find(device); // units_ itself never changes after construction
    if (u != nullptr) {
        // A recall repeats the call's "blink N times": the unit must get it again.
        setDirty(device, displayWrites(u->profile, state), state.mode != DisplayState::Mode::steady);
    }
}

void ModbusBus::showBoard(const std::string& device, const BoardState& state) {
    Unit* u = find(device);
    if (u != nullptr) {
        setDirty(device, boardWrites(u->profile, state));
    }
}

void ModbusBus::setPressCounter(const std::string& device, std::uint32_t counter) {
    std::lock_guard lock(mutex_);
    if (Unit* u = find(device)) {
        u->lastCounter = counter;
    }
}

bool ModbusBus::openLink() {
    if (bus_.type == "modbus_tcp") {
        ctx_ = modbus_new_tcp_pi(bus_.host.c_str(), std::to_string(bus_.tcpPort).c_str());
    } else {
        char parity = bus_.parity == "even" ? 'E' : bus_.parity == "odd" ? 'O' : 'N';
        ctx_ = modbus_new_rtu(bus_.port.c_str(), bus_.baud, parity, bus_.dataBits, bus_.stopBits);
    }
    if (ctx_ == nullptr) {
        linkError_ = "cannot create a Modbus context: " + errorText(errno);
        return false;
    }
    auto ms = [](int v) { return static_cast<std::uint32_t>(v) * 1000u; };
    modbus_set_response_timeout(ctx_, 0, ms(bus_.responseTimeoutMs));
    modbus_set_byte_timeout(ctx_, 0, ms(bus_.byteTimeoutMs));
    // After a garbled or misaddressed reply libmodbus then waits out the line
    // and flushes; without it the stream stays one reply behind for good (each
    // request reads the previous one's answer, and a lost write passes as done).
    modbus_set_error_recovery(ctx_, MODBUS_ERROR_RECOVERY_PROTOCOL);
    if (modbus_connect(ctx_) == -1) {
        linkError_ = (bus_.type == "modbus_tcp" ? bus_.host + ":" + std::to_string(bus_.tcpPort) : bus_.port) +
                     ": " + errorText(errno);
        modbus_free(ctx_);
        ctx_ = nullptr;
        return false;
    }
    return true;
}

void ModbusBus::closeLink(const std::string& why) {
    if (ctx_ != nullptr) {
        modbus_close(ctx_);
        modbus_free(ctx_);
        ctx_ = nullptr;
    }
    linkError_ = why;
}

ModbusBus::Outcome ModbusBus::perform(Unit& unit, const std::vector<RegisterWrite>& writes,
                                      std::vector<std::uint16_t>* read, int readCount) {
    modbus_set_slave(ctx_, unit.config.address);
    auto fail = [this, &unit]() {
        int err = errno;
        if (isLinkError(err)) {
            return std::pair{Outcome::linkDown, err};
        }
        if (isException(err)) {
            return std::pair{Outcome::refused, err}; // a whole, valid reply: nothing to flush
        }
        modbus_flush(ctx_); // a late reply, or a garbled one's rest, must not be taken for the next one
        if (err == ETIMEDOUT) {
            return std::pair{unit.config.address == 0 ? Outcome::ok : Outcome::timeout, err};
        }
        return std::pair{Outcome::badReply, err};
    };
    Outcome result = Outcome::ok;
    std::string refusal;
    for (const auto& w : writes) {
        int rc = w.single ? modbus_write_register(ctx_, w.address, w.values.front())
                          : modbus_write_registers(ctx_, w.address, static_cast<int>(w.values.size()),
                                                   w.values.data());
        if (rc == -1) {
            // Broadcasts (unit 0) get no reply; libmodbus still waits for one (#372).
            auto [outcome, err] = fail();
            if (outcome == Outcome::refused) {
                // The rest of the state still goes out (a board without line 4
                // still shows lines 1-3); the refusal is reported.
                result = Outcome::refused;
                refusal = "register " + std::to_string(w.address) + " refused: " + errorText(err);
                continue;
            }
            if (outcome != Outcome::ok) {
                unit.health.lastError = errorText(err);
                return outcome;
            }
        }
    }
    if (read != nullptr) {
        read->assign(static_cast<std::size_t>(readCount), 0);
        if (modbus_read_registers(ctx_, unit.profile.base, readCount, read->data()) == -1) {
            auto [outcome, err] = fail();
            unit.health.lastError = errorText(err);
            if (outcome == Outcome::refused && writes.empty() && !unit.input) {
                // A display that cannot be read back still answered the probe.
                unit.health.lastError.clear();
                return Outcome::ok;
            }
            return outcome == Outcome::ok ? Outcome::timeout : outcome;
        }
    }
    if (result == Outcome::refused) {
        unit.health.lastError = refusal;
    }
    return result;
}

// Called with mutex_ held.
void ModbusBus::record(Unit& unit, Outcome outcome, int /*err*/) {
    auto now = Clock::now();
    switch (outcome) {
    case Outcome::ok:
    case Outcome::refused: {
        ++unit.health.frames;
        unit.failures = 0;
        unit.backoff = std::chrono::milliseconds{bus_.retryBackoffMs};
        if (!unit.health.online && !unit.input && !unit.writes.empty()) {
            unit.dirty = true; // back from offline (noticed by a probe): its whole current state
        }
        unit.health.online = true;
        if (outcome == Outcome::ok) {
            unit.health.lastError.clear();
        }
        unit.health.lastSeen = std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
        unit.nextProbe = now + std::chrono::milliseconds{bus_.probeIntervalMs};
        break;
    }
    case Outcome::timeout:
    case Outcome::badReply:
        (outcome == Outcome::timeout ? unit.health.timeouts : unit.health.badFrames) += 1;
        unit.nextProbe = now; // the second try comes at once: offline is then known quickly
        if (++unit.failures >= kFailuresBeforeOffline || !unit.health.online) {
            unit.health.online = false;
            unit.nextAttempt = now + unit.backoff;
            unit.backoff = std::min<std::chrono::milliseconds>(unit.backoff * 2, kMaxBackoff);
        } else {
            ++unit.health.retries;
        }
        break;
    case Outcome::linkDown:
        break; // handled for every unit by the caller
    }
}

void ModbusBus::reportHealth(Unit& unit) {
    if (unit.health == unit.reported) {
        return;
    }
    // Counters change on every frame: state changes go at once, counts at
    // most every two seconds.
    bool stateChanged = unit.health.online != unit.reported.online ||
                        unit.health.lastError != unit.reported.lastError;
    auto now = Clock::now();
    if (!stateChanged && now - unit.reportedAt < std::chrono::seconds{2}) {
        return;
    }
    unit.reported = unit.health;
    unit.reportedAt = now;
    if (callbacks_.onHealth) {
        boost::asio::post(loop_, [cb = callbacks_.onHealth, h = unit.health] { cb(h); });
    }
}

void ModbusBus::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        kicked_ = false; // everything dirty so far is seen by the scan below
        auto now = Clock::now();
        if (ctx_ == nullptr) {
            if (now < linkRetryAt_) {
                wake_.wait_until(lock, linkRetryAt_, [this] { return stopping_; });
                continue;
            }
            lock.unlock();
            bool opened = openLink();
            lock.lock();
            if (!opened) {
                linkRetryAt_ = Clock::now() + linkBackoff_;
                linkBackoff_ = std::min<std::chrono::milliseconds>(linkBackoff_ * 2, kMaxBackoff);
                for (auto& u : units_) {
                    u.health.online = false;
                    u.health.lastError = linkError_;
                    reportHealth(u);
                }
                continue;
            }
            linkBackoff_ = std::chrono::milliseconds{bus_.retryBackoffMs};
            for (auto& u : units_) {
                u.dirty = u.dirty || !u.writes.empty(); // resend everything after a reconnect
                u.nextAttempt = {};
                u.failures = 0;
            }
        }
        // Display writes go first, then polls that are due; but a poll overdue
        // by a whole interval goes before writes, so a burst of display changes
        // cannot leave key presses unseen.
        Unit* next = nullptr;
        bool poll = false;
        auto wake = Clock::time_point::max();
        // Polls go by how long they are overdue, not by position, so on a bus
        // slower than its keypads' poll rate every keypad still gets its turn.
        auto pollDue = [this](const Unit& u) {
            return std::max(u.nextPoll, u.health.online ? Clock::time_point{} : u.nextAttempt);
        };
        auto mostOverdue = [&](Clock::time_point by) {
            Unit* best = nullptr;
            for (auto& u : units_) {
                if (u.input && pollDue(u) <= by && (best == nullptr || pollDue(u) < pollDue(*best))) {
                    best = &u;
                }
            }
            return best;
        };
        if (Unit* late = mostOverdue(now - std::chrono::milliseconds{bus_.pollIntervalMs})) {
            next = late;
            poll = true;
        }
        for (auto& u : units_) {
            if (next != nullptr) {
                break;
            }
            bool reachable = u.health.online || now >= u.nextAttempt;
            if (!u.input && u.dirty) {
                if (reachable) {
                    next = &u;
                    break;
                }
                wake = std::min(wake, u.nextAttempt);
            }
        }
        if (next == nullptr) {
            if (Unit* due = mostOverdue(now)) {
                next = due;
                poll = true;
            } else {
                for (auto& u : units_) {
                    if (u.input) {
                        wake = std::min(wake, pollDue(u));
                    }
                }
            }
        }
        bool probe = false;
        if (next == nullptr && bus_.probeIntervalMs > 0) {
            // Lowest priority: a display nothing was said to for a while is read back.
            for (auto& u : units_) {
                if (u.input || u.config.address == 0) {
                    continue; // broadcast units never answer
                }
                auto due = std::max(u.nextProbe, u.health.online ? Clock::time_point{} : u.nextAttempt);
                if (now >= due) {
                    next = &u;
                    probe = true;
                    break;
                }
                wake = std::min(wake, due);
            }
        }
        if (next == nullptr) {
            // Woken by a new display state too, not only by the next due poll.
            wake_.wait_until(lock, wake, [this] { return stopping_ || kicked_; });
            continue;
        }
        std::vector<RegisterWrite> writes;
        if (probe) {
            next->nextProbe = now + std::chrono::milliseconds{bus_.probeIntervalMs};
        } else if (!poll) {
            writes = next->writes;
            next->dirty = false;
        } else {
            next->nextPoll = now + std::chrono::milliseconds{bus_.pollIntervalMs};
        }
        std::vector<std::uint16_t> values;
        Unit& unit = *next;
        lock.unlock();
        // RTU frames are delimited by silence: at least 3.5 characters (fixed at
        // 1.75 ms above 19200 baud) between the last reply and the next request,
        // or other units on the line read the two as one frame.
        if (interFrameGap_.count() > 0) {
            std::this_thread::sleep_until(lastFrameEnd_ + interFrameGap_);
        }
        Outcome outcome = perform(unit, writes, poll || probe ? &values : nullptr, probe ? 1 : 2);
        lastFrameEnd_ = Clock::now();
        int err = errno;
        lock.lock();
        if (outcome == Outcome::linkDown) {
            std::string why = (bus_.type == "modbus_tcp" ? bus_.host : bus_.port) + ": link lost: " + errorText(err);
            closeLink(why);
            linkRetryAt_ = Clock::now() + linkBackoff_;
            for (auto& u : units_) {
                u.health.online = false;
                u.health.lastError = why;
                reportHealth(u);
            }
            if (!poll) {
                unit.dirty = true;
            }
            continue;
        }
        if (outcome != Outcome::ok && outcome != Outcome::refused && !poll && !probe && !unit.dirty) {
            unit.dirty = true; // try the same state again (unless a newer one arrived)
        }
        record(unit, outcome, err);
        if (outcome == Outcome::ok && poll) {
            auto code = static_cast<int>(values[0]);
            auto counter = static_cast<std::uint32_t>(values[1]);
            bool powerCycled = code == 0 && counter == 0;
            if (unit.lastCounter && *unit.lastCounter != counter && !powerCycled && callbacks_.onKey) {
                boost::asio::post(loop_, [cb = callbacks_.onKey, p = KeyPress{unit.config.id, code, counter}] { cb(p); });
            } else if (!unit.lastCounter && callbacks_.onKey) {
                // No counter saved for this keypad yet: this first reading is its
                // baseline, saved so a press made while the daemon is down counts.
                KeyPress baseline{unit.config.id, code, counter};
                baseline.baselineOnly = true;
                boost::asio::post(loop_, [cb = callbacks_.onKey, p = baseline] { cb(p); });
            }
            unit.lastCounter = counter;
        }
        reportHealth(unit);
    }
}

std::unique_ptr<Bus> makeModbusBus(boost::asio::io_context& loop, const BusConfig& bus,
                                   const std::vector<DeviceConfig>& units, BusCallbacks callbacks) {
    return std::make_unique<ModbusBus>(loop, bus, units, std::move(callbacks));
}

} // namespace qmsd::drivers::modbus
