#include "serial/serial_bus.hpp"

#include "caller_ff68/protocol.hpp"
#include "rs485_0107/protocol.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <termios.h>

#include <algorithm>

namespace qmsd::drivers::serial {

namespace asio = boost::asio;

SerialBus::SerialBus(asio::io_context& loop, BusConfig bus, const std::vector<DeviceConfig>& units,
                     BusCallbacks callbacks, std::unique_ptr<FrameProtocol> protocol)
    : loop_(loop), bus_(std::move(bus)), units_(units), callbacks_(std::move(callbacks)),
      protocol_(std::move(protocol)), port_(io_), retry_(io_), gap_(io_) {
    for (const auto& u : units_) {
        health_[u.id] = UnitHealth{u.id, bus_.id, false, "not opened yet"};
    }
}

SerialBus::~SerialBus() { stop(); }

void SerialBus::start() {
    work_.emplace(io_.get_executor());
    asio::post(io_, [this] { open(); });
    thread_ = std::thread([this] { io_.run(); });
}

void SerialBus::stop() {
    if (!thread_.joinable()) {
        return;
    }
    asio::post(io_, [this] {
        boost::system::error_code ec;
        retry_.cancel();
        gap_.cancel();
        port_.close(ec);
        work_.reset();
    });
    thread_.join();
}

const DeviceConfig* SerialBus::unitAt(int address, bool input) const {
    for (const auto& u : units_) {
        bool isInput = u.role == DeviceRole::keypad || u.role == DeviceRole::rating;
        if (u.address == address && isInput == input) {
            return &u;
        }
    }
    return nullptr;
}

void SerialBus::report(const DeviceConfig& unit) {
    if (callbacks_.onHealth) {
        asio::post(loop_, [cb = callbacks_.onHealth, h = health_[unit.id]] { cb(h); });
    }
}

void SerialBus::open() {
    boost::system::error_code ec;
    port_.open(bus_.port, ec);
    if (!ec) {
        using sp = asio::serial_port_base;
        port_.set_option(sp::baud_rate(static_cast<unsigned>(bus_.baud)), ec);
        port_.set_option(sp::character_size(static_cast<unsigned>(bus_.dataBits)), ec);
        port_.set_option(sp::parity(bus_.parity == "even"  ? sp::parity::even
                                    : bus_.parity == "odd" ? sp::parity::odd
                                                           : sp::parity::none),
                         ec);
        port_.set_option(sp::stop_bits(bus_.stopBits == 2 ? sp::stop_bits::two : sp::stop_bits::one), ec);
        port_.set_option(sp::flow_control(sp::flow_control::none), ec);
        ec = {}; // a pty takes no line settings; the data still flows
    }
    if (ec) {
        fail(bus_.port + ": cannot open: " + ec.message());
        return;
    }
    portError_.clear();
    for (const auto& u : units_) {
        auto& h = health_[u.id];
        h.online = true; // write-only displays cannot say more than "the line is up"
        h.lastError.clear();
        report(u);
    }
    // Everything shows its current state again after a reopen.
    for (const auto& [device, frames] : current_) {
        for (std::size_t i = 0; i < frames.size(); ++i) {
            queue(device, i, frames[i]);
        }
    }
    readMore();
    writeNext();
}

void SerialBus::fail(const std::string& why) {
    boost::system::error_code ec;
    port_.close(ec);
    gap_.cancel();
    writing_ = false;
    portError_ = why;
    for (const auto& u : units_) {
        auto& h = health_[u.id];
        if (h.online || h.lastError != why) {
            h.online = false;
            h.lastError = why;
            report(u);
        }
    }
    // Looked for again every retry_backoff_ms, not with a doubling back-off:
    // opening a missing port costs nothing, and a replugged adapter is then
    // back within that time rather than up to twice as long as it was away.
    retry_.expires_after(std::chrono::milliseconds{bus_.retryBackoffMs});
    retry_.async_wait([this](boost::system::error_code wec) {
        if (!wec) {
            open();
        }
    });
}

void SerialBus::readMore() {
    port_.async_read_some(asio::buffer(readBuffer_), [this](boost::system::error_code ec, std::size_t n) {
        if (ec == asio::error::operation_aborted) {
            return;
        }
        if (ec) {
            fail(bus_.port + ": link lost: " + ec.message());
            return;
        }
        std::vector<ParsedFrame> frames;
        protocol_->feed(readBuffer_.data(), n, frames);
        onFrames(frames);
        readMore();
    });
}

void SerialBus::onFrames(std::vector<ParsedFrame>& frames) {
    for (auto& f : frames) {
        const DeviceConfig* unit = unitAt(f.address, true);
        if (f.kind == ParsedFrame::Kind::bad || unit == nullptr) {
            // Counted and logged by health, never acted on.
            const DeviceConfig* blame = unit != nullptr ? unit : (units_.empty() ? nullptr : &units_.front());
            if (blame != nullptr) {
                auto& h = health_[blame->id];
                ++h.badFrames;
                h.lastError = f.kind == ParsedFrame::Kind::bad ? f.why : "frame from unknown unit " + std::to_string(f.address);
                report(*blame);
            }
            continue;
        }
        auto& h = health_[unit->id];
        ++h.frames;
        h.lastSeen = std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
        report(*unit);
        if (f.ack) {
            acks_.push_back(*f.ack);
        }
        if (callbacks_.onKey) {
            asio::post(loop_, [cb = callbacks_.onKey, p = KeyPress{unit->id, f.code, std::nullopt}] { cb(p); });
        }
    }
    writeNext();
}

void SerialBus::show(const std::string& device, const DisplayState& state) {
    asio::post(io_, [this, device, state] {
        auto it = std::find_if(units_.begin(), units_.end(), [&device](const auto& u) { return u.id == device; });
        if (it == units_.end()) {
            return;
        }
        std::vector<Bytes> frames{protocol_->encodeDisplay(*it, state)};
        // A recall sends the same blinking frame again: that one must go out.
        bool blinking = state.mode != DisplayState::Mode::steady;
        if (!blinking && current_[device] == frames && !pending_.count(device)) {
            return; // already shown: no traffic on a shared line for nothing
        }
        current_[device] = frames;
        queue(device, 0, std::move(frames.front())); // latest state wins
        writeNext();
    });
}

void SerialBus::showBoard(const std::string& device, const BoardState& state) {
    asio::post(io_, [this, device, state] {
        auto it = std::find_if(units_.begin(), units_.end(), [&device](const auto& u) { return u.id == device; });
        if (it == units_.end()) {
            return;
        }
        auto frames = protocol_->encodeBoard(*it, state);
        auto& shown = current_[device];
        for (std::size_t i = 0; i < frames.size(); ++i) {
            if (i >= shown.size() || shown[i] != frames[i]) {
                queue(device, i, frames[i]);
            }
        }
        shown = std::move(frames);
        writeNext();
    });
}

void SerialBus::queue(const std::string& device, std::size_t line, Bytes frame) {
    auto [it, first] = pending_.try_emplace(device);
    if (first) {
        order_.push_back(device);
    }
    it->second[line] = std::move(frame);
}

// One frame at a time; the line is shared, so each frame is drained onto the
// wire and followed by the 3.5-character silence receivers frame on.
void SerialBus::writeNext() {
    if (writing_ || !port_.is_open()) {
        return;
    }
    Bytes next;
    if (!acks_.empty()) {
        next = std::move(acks_.front());
        acks_.pop_front();
    } else if (!order_.empty()) {
        auto& frames = pending_[order_.front()];
        next = std::move(frames.begin()->second);
        frames.erase(frames.begin());
        if (frames.empty()) {
            pending_.erase(order_.front());
            order_.pop_front();
        }
    } else {
        return;
    }
    writing_ = true;
    auto data = std::make_shared<Bytes>(std::move(next));
    asio::async_write(port_, asio::buffer(*data), [this, data](boost::system::error_code ec, std::size_t) {
        if (ec == asio::error::operation_aborted) {
            return;
        }
        if (ec) {
            fail(bus_.port + ": write failed: " + ec.message());
            return;
        }
        ::tcdrain(port_.native_handle());
        auto gap = std::chrono::microseconds{35'000'000 / std::max(bus_.baud, 1)};
        gap_.expires_after(std::max(gap, std::chrono::microseconds{1750}));
        gap_.async_wait([this](boost::system::error_code wec) {
            writing_ = false;
            if (!wec) {
                writeNext();
            }
        });
    });
}

std::unique_ptr<Bus> makeRs485Bus(asio::io_context& loop, const BusConfig& bus,
                                  const std::vector<DeviceConfig>& units, BusCallbacks callbacks) {
    return std::make_unique<SerialBus>(loop, bus, units, std::move(callbacks),
                                       std::make_unique<rs485_0107::Protocol>());
}

std::unique_ptr<Bus> makeCallerFf68Bus(asio::io_context& loop, const BusConfig& bus,
                                       const std::vector<DeviceConfig>& units, BusCallbacks callbacks) {
    return std::make_unique<SerialBus>(loop, bus, units, std::move(callbacks),
                                       std::make_unique<caller_ff68::Protocol>());
}

} // namespace qmsd::drivers::serial
