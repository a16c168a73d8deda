#include "app/demo_traffic.hpp"

#include "app/live_analytics.hpp"
#include "app/daemon.hpp"
#include "app/demo_ratings.hpp"
#include "core/public_id.hpp"

#include <algorithm>

namespace qmsd {
namespace {

constexpr auto kTick = std::chrono::milliseconds{100};

} // namespace

DemoTraffic::DemoTraffic(boost::asio::io_context& io, Daemon& daemon, unsigned seed, double speed)
    : daemon_(daemon), timer_(io), staff_(*this, seed, speed), rng_(seed ^ 0x5eedu) {}

const OfficeConfig& DemoTraffic::config() const { return daemon_.config(); }

const QueueEngine& DemoTraffic::engine() const { return daemon_.journal().engine(); }

void DemoTraffic::submit(Command cmd, std::string actor, CommandDone done) {
    if (auto* issue = std::get_if<IssueTicket>(&cmd); issue != nullptr) {
        if (issue->publicId.empty()) {
            issue->publicId = makePublicId();
        }
        // The wait the kiosk would print, from the daemon's one predictor.
        issue->estimateSeconds = daemon_.analytics().estimator().secondsForNew(engine(), issue->field,
                                                                               issue->priority, systemNow());
    }
    if (std::holds_alternative<FinishService>(cmd)) {
        // The citizen just served may rate it (demo_ratings.cpp). The callback
        // holds no `this`: it may run after the demo stopped.
        done = [&daemon = daemon_, seed = rng_(), done = std::move(done)](const Result<Events>& r) {
            if (r && !r->empty()) {
                std::mt19937 rng(seed);
                rateAsDemoCitizen(daemon, r->front().ticketId, rng);
            }
            done(r);
        };
    }
    daemon_.submit(std::move(cmd), std::move(actor), std::move(done));
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
