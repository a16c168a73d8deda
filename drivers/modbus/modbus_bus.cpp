#include "modbus/modbus_bus.hpp"

#include <boost/asio/post.hpp>
#include <modbus.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace qmsd::drivers::modbus {
namespace {

std::vector<Unit> makeUnits(const BusConfig& bus, const std::vector<DeviceConfig>& devices) {
    std::vector<Unit> out;
    for (const auto& d : devices) {
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
        u.health.bus = bus.id;
        u.health.lastError = "not contacted yet";
        out.push_back(std::move(u));
    }
    return out;
}

// Bytes of an RTU request and its reply (address, function, data, CRC).
int requestBytes(const RegisterWrite& w) {
    return w.single ? 8 : 9 + 2 * static_cast<int>(w.values.size());
}
constexpr int kWriteReplyBytes = 8;
constexpr int kReadRequestBytes = 8;
int readReplyBytes(int registers) {
    return 5 + 2 * registers;
}

} // namespace

ModbusBus::ModbusBus(boost::asio::io_context& loop, BusConfig bus,
                     const std::vector<DeviceConfig>& units, BusCallbacks callbacks)
    : loop_(loop), bus_(std::move(bus)), callbacks_(std::move(callbacks)),
      schedule_(bus_, makeUnits(bus_, units)) {
    if (bus_.type == "modbus_rtu") {
        // Modbus over serial line v1.02 §2.5.1.1: t3.5 = 3.5 characters, fixed at
        // 1.75 ms above 19200 baud.
        interFrameGap_ = bus_.baud > 19200 ? microseconds{1750} : schedule_.charTime() * 7 / 2;
        interFrameGap_ += microseconds{1};
    }
}

ModbusBus::~ModbusBus() {
    stop();
}

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

void ModbusBus::setState(const std::string& device, std::vector<RegisterWrite> writes,
                         bool repeat) {
    int i = schedule_.find(device);
    if (i < 0) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        if (!schedule_.setState(static_cast<std::size_t>(i), std::move(writes), repeat,
                                Clock::now())) {
            return;
        }
        kicked_ = true;
    }
    wake_.notify_all();
}

void ModbusBus::show(const std::string& device, const DisplayState& state) {
    int i = schedule_.find(device);
    if (i >= 0) {
        const Unit& u =
            schedule_.units()[static_cast<std::size_t>(i)]; // profile: fixed at construction
        // A recall repeats the call's "blink N times": the unit must get it again.
        setState(device, displayWrites(u.profile, state), state.mode != DisplayState::Mode::steady);
    }
}

void ModbusBus::showBoard(const std::string& device, const BoardState& state) {
    int i = schedule_.find(device);
    if (i >= 0) {
        setState(device, boardWrites(schedule_.units()[static_cast<std::size_t>(i)].profile, state),
                 false);
    }
}

void ModbusBus::setPressCounter(const std::string& device, std::uint32_t counter) {
    std::lock_guard lock(mutex_);
    if (int i = schedule_.find(device); i >= 0) {
        schedule_.units()[static_cast<std::size_t>(i)].lastCounter = counter;
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
    modbus_set_byte_timeout(ctx_, 0, static_cast<std::uint32_t>(bus_.byteTimeoutMs) * 1000u);
    // No libmodbus recovery: after a garbled reply it sleeps the whole response
    // timeout with the bus held; drain() waits only until the line is quiet.
    modbus_set_error_recovery(ctx_, MODBUS_ERROR_RECOVERY_NONE);
    if (modbus_connect(ctx_) == -1) {
        linkError_ = (bus_.type == "modbus_tcp" ? bus_.host + ":" + std::to_string(bus_.tcpPort)
                                                : bus_.port) +
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

// The response timeout for one request: the bus's; for a fitted probe, the
// request's own time on the wire plus the unit's allowance; for an RTU
// broadcast (no reply ever comes), just the request's time on the wire.
void ModbusBus::setTimeout(const Job& job, int requestBytes) {
    microseconds full{static_cast<std::int64_t>(bus_.responseTimeoutMs) * 1000};
    auto wire = schedule_.charTime() * requestBytes;
    microseconds t = full;
    const Unit& u = schedule_.units()[job.unit];
    if (u.config.address == 0 && bus_.type == "modbus_rtu") {
        t = std::min(full, wire + 2 * interFrameGap_);
    } else if (job.allowance.count() > 0) {
        t = std::min(full, wire + schedule_.charTime() + job.allowance);
    }
    auto us = static_cast<std::uint32_t>(t.count());
    modbus_set_response_timeout(ctx_, us / 1000000u, us % 1000000u);
}

// After a garbled reply the rest of it, or a chattering unit's noise, may
// still be arriving: discard until the line has been quiet for the byte
// timeout (the longest gap inside a frame), for at most a response timeout.
void ModbusBus::drain() {
    int fd = modbus_get_socket(ctx_);
    auto deadline = Clock::now() + milliseconds{bus_.responseTimeoutMs};
    while (true) {
        modbus_flush(ctx_);
        auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        if (fd < 0 || left <= 0) {
            return;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::min<long long>(left, bus_.byteTimeoutMs))) <= 0) {
            return; // quiet (or an error the next request will meet)
        }
    }
}

JobResult ModbusBus::perform(const Job& job) {
    const Unit& unit = schedule_.units()[job.unit]; // only its fixed config is read here
    JobResult r;
    auto started = Clock::now();
    auto fail = [this, &r, started](int err) {
        r.outcome = classify(err);
        r.err = err;
        r.error = errorText(err);
        if (r.outcome == Outcome::timeout) {
            modbus_flush(ctx_); // a late reply must not be taken for the next one
        } else if (r.outcome == Outcome::badReply) {
            drain();
        }
        r.took = std::chrono::duration_cast<microseconds>(Clock::now() - started);
        return r;
    };
    auto answered = [this, &r](Clock::time_point t0, int bytes) {
        auto beyondWire = std::chrono::duration_cast<microseconds>(Clock::now() - t0) -
                          schedule_.charTime() * bytes;
        r.turnaround =
            std::max(r.turnaround.value_or(microseconds{0}), std::max(beyondWire, microseconds{0}));
    };
    modbus_set_slave(ctx_, unit.config.address);
    for (const auto& w : job.writes) {
        setTimeout(job, requestBytes(w));
        auto t0 = Clock::now();
        int rc = w.single
                     ? modbus_write_register(ctx_, w.address, w.values.front())
                     : modbus_write_registers(ctx_, w.address, static_cast<int>(w.values.size()),
                                              w.values.data());
        if (rc != -1) {
            answered(t0, requestBytes(w) + kWriteReplyBytes);
            continue;
        }
        int err = errno;
        if (err == ETIMEDOUT && unit.config.address == 0) {
            modbus_flush(ctx_);
            continue; // broadcasts get no reply; libmodbus waits for one anyway (#372)
        }
        if (classify(err) == Outcome::refused) {
            // The rest of the state still goes out (a board without line 4
            // still shows lines 1-3); the refused write is kept to send again.
            r.refused.push_back(w);
            r.outcome = Outcome::refused;
            r.err = err;
            r.error = "register " + std::to_string(w.address) + " refused: " + errorText(err);
            continue;
        }
        return fail(err);
    }
    if (job.readCount > 0) {
        setTimeout(job, kReadRequestBytes);
        r.values.assign(static_cast<std::size_t>(job.readCount), 0);
        auto t0 = Clock::now();
        if (modbus_read_registers(ctx_, unit.profile.base, job.readCount, r.values.data()) == -1) {
            int err = errno;
            if (classify(err) == Outcome::refused && job.kind == Job::Kind::readBack) {
                r.values.clear(); // a display that cannot be read back still answered
            } else if (classify(err) == Outcome::refused) {
                r.outcome = Outcome::refused;
                r.err = err;
                r.error =
                    "register " + std::to_string(unit.profile.base) + " refused: " + errorText(err);
                r.values.clear();
            } else {
                return fail(err);
            }
        } else {
            answered(t0, kReadRequestBytes + readReplyBytes(job.readCount));
        }
    }
    r.took = std::chrono::duration_cast<microseconds>(Clock::now() - started);
    return r;
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

// Called with mutex_ held, after a poll the unit answered.
void ModbusBus::onPolled(Unit& unit, const JobResult& r) {
    if (r.outcome != Outcome::ok || r.values.size() < 2 || !callbacks_.onKey) {
        return;
    }
    auto code = static_cast<int>(r.values[0]);
    auto counter = static_cast<std::uint32_t>(r.values[1]);
    bool powerCycled = code == 0 && counter == 0;
    if (unit.lastCounter && *unit.lastCounter != counter && !powerCycled) {
        boost::asio::post(
            loop_, [cb = callbacks_.onKey, p = KeyPress{unit.config.id, code, counter}] { cb(p); });
    } else if (!unit.lastCounter) {
        // No counter saved for this keypad yet: this first reading is its
        // baseline, saved so a press made while the daemon is down counts.
        KeyPress baseline{unit.config.id, code, counter};
        baseline.baselineOnly = true;
        boost::asio::post(loop_, [cb = callbacks_.onKey, p = baseline] { cb(p); });
    }
    unit.lastCounter = counter;
}

void ModbusBus::run() {
    const milliseconds retry{bus_.retryBackoffMs};
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        kicked_ = false; // everything new so far is seen by next() below
        if (ctx_ == nullptr) {
            if (Clock::now() < linkRetryAt_) {
                wake_.wait_until(lock, linkRetryAt_, [this] { return stopping_; });
                continue;
            }
            lock.unlock();
            bool opened = openLink();
            lock.lock();
            if (!opened) {
                // Looked for again every retry_backoff_ms: opening a missing port
                // or connecting to a gateway that refuses costs nothing, and a
                // replugged adapter is back within that time, not a doubling later.
                linkRetryAt_ = Clock::now() + retry;
                schedule_.linkDown(linkError_);
                for (auto& u : schedule_.units()) {
                    reportHealth(u);
                }
                continue;
            }
            linkOpenedAt_ = Clock::now();
            schedule_.linkUp(linkOpenedAt_);
        }
        Clock::time_point wake;
        Job job = schedule_.next(Clock::now(), &wake);
        if (job.kind == Job::Kind::none) {
            // Woken by a new display state too, not only by the next due job.
            wake_.wait_until(lock, wake, [this] { return stopping_ || kicked_; });
            continue;
        }
        lock.unlock();
        // RTU frames are delimited by silence: at least 3.5 characters (fixed at
        // 1.75 ms above 19200 baud) between the last reply and the next request,
        // or other units on the line read the two as one frame.
        if (interFrameGap_.count() > 0) {
            std::this_thread::sleep_until(lastFrameEnd_ + interFrameGap_);
        }
        JobResult r = perform(job);
        lastFrameEnd_ = Clock::now();
        lock.lock();
        if (r.outcome == Outcome::linkDown) {
            std::string why =
                (bus_.type == "modbus_tcp" ? bus_.host : bus_.port) + ": link lost: " + r.error;
            closeLink(why);
            // At once (a restarted gateway may already be back), unless the link
            // was only just opened: a gateway that accepts and drops must not spin us.
            auto now = Clock::now();
            linkRetryAt_ = now - linkOpenedAt_ < retry ? now + retry : now;
            schedule_.linkDown(why);
            for (auto& u : schedule_.units()) {
                reportHealth(u);
            }
            continue;
        }
        schedule_.finish(job, r, Clock::now());
        Unit& unit = schedule_.units()[job.unit];
        if (job.kind == Job::Kind::poll) {
            onPolled(unit, r);
        }
        reportHealth(unit);
    }
}

std::unique_ptr<Bus> makeModbusBus(boost::asio::io_context& loop, const BusConfig& bus,
                                   const std::vector<DeviceConfig>& units, BusCallbacks callbacks) {
    return std::make_unique<ModbusBus>(loop, bus, units, std::move(callbacks));
}

} // namespace qmsd::drivers::modbus
