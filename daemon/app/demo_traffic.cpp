#include "app/demo_traffic.hpp"

#include "app/daemon.hpp"

#include <algorithm>

namespace qmsd {
namespace {

constexpr auto kTick = std::chrono::milliseconds{100};

} // namespace

DemoTraffic::DemoTraffic(boost::asio::io_context& io, Daemon& daemon, unsigned seed, double speed)
    : daemon_(daemon), timer_(io), staff_(*this, seed, speed) {}

const OfficeConfig& DemoTraffic::config() const { return daemon_.config(); }

const QueueEngine& DemoTraffic::engine() const { return daemon_.journal().engine(); }

void DemoTraffic::submit(Command cmd, std::string actor, CommandDone done) {
    if (auto* issue = std::get_if<IssueTicket>(&cmd); issue != nullptr && issue->publicId.empty()) {
        issue->publicId = makePublicId();
    }
    daemon_.submit(cmd, std::move(actor), std::move(done));
}

bool DemoTraffic::staffLoggedIn(const std::string& staff) const { return daemon_.staffLoggedIn(staff); }

void DemoTraffic::start() {
    staff_.start();
    lastTick_ = std::chrono::steady_clock::now();
    arm();
}

void DemoTraffic::arm() {
    timer_.expires_after(kTick);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        auto now = std::chrono::steady_clock::now();
        // A stalled loop (a debugger, a suspended laptop) does not make a crowd appear at once.
        double real = std::min(1.0, std::chrono::duration<double>(now - lastTick_).count());
        lastTick_ = now;
        staff_.advance(real);
        arm();
    });
}

} // namespace qmsd
