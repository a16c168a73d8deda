#include "app/demo_traffic.hpp"

#include "app/live_analytics.hpp"
#include "app/daemon.hpp"
#include "app/demo_ratings.hpp"

#include <algorithm>

namespace qmsd {
namespace {

void ignoreResult(const Result<Events>&) {}

} // namespace

DemoTraffic::DemoTraffic(boost::asio::io_context& io, Daemon& daemon, unsigned seed)
    : daemon_(daemon), timer_(io), rng_(seed) {}

void DemoTraffic::start() {
    openCounters();
    arm();
}

// Logs each counter in with the first free staff member who serves its first field.
void DemoTraffic::openCounters() {
    const auto& cfg = daemon_.config();
    std::vector<std::string> taken;
    for (const auto& c : cfg.counters) {
        if (daemon_.journal().engine().counter(c.number)->open) {
            continue;
        }
        for (const auto& s : cfg.staff) {
            bool free = std::find(taken.begin(), taken.end(), s.id) == taken.end();
            bool serves = std::find(s.fields.begin(), s.fields.end(), c.fields.front()) != s.fields.end();
            if (free && serves) {
                taken.push_back(s.id);
                daemon_.submit(OpenCounter{c.number, s.id}, "sim:staff:" + s.id, ignoreResult);
                break;
            }
        }
    }
}

void DemoTraffic::arm() {
    std::uniform_int_distribution<int> ms(300, 1500);
    timer_.expires_after(std::chrono::milliseconds{ms(rng_)});
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        tick();
        arm();
    });
}

void DemoTraffic::tick() {
    const auto& cfg = daemon_.config();
    if (daemon_.journal().engine().counters().empty() || cfg.fields.empty()) {
        return;
    }
    std::uniform_real_distribution<double> u(0.0, 1.0);
    if (u(rng_) < 0.45) {
        // Fields early in the list are busier, as Hộ tịch and Chứng thực are.
        std::geometric_distribution<std::size_t> pick(0.35);
        const auto& field = cfg.fields[std::min(pick(rng_), cfg.fields.size() - 1)];
        std::string priority;
        if (!cfg.priorities.empty() && u(rng_) < 0.1) {
            priority = cfg.priorities[rng_() % cfg.priorities.size()].id;
        }
        IssueTicket issue{field.id, priority, "", makePublicId()};
        issue.estimateSeconds =
            daemon_.analytics().estimator().secondsForNew(daemon_.journal().engine(), field.id, priority, systemNow());
        daemon_.submit(std::move(issue), "sim:kiosk", ignoreResult);
        return;
    }
    const auto& counters = cfg.counters;
    actAtCounter(counters[rng_() % counters.size()].number);
}

void DemoTraffic::actAtCounter(int number) {
    const QueueEngine& engine = daemon_.journal().engine();
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::string actor = "sim:counter:" + std::to_string(number);
    double roll = u(rng_);
    switch (engine.counterState(number)) {
    case CounterState::closed:
        openCounters();
        break;
    case CounterState::paused:
        if (roll < 0.3) {
            daemon_.submit(Resume{number}, actor, ignoreResult);
        }
        break;
    case CounterState::idle:
        if (roll < 0.05) {
            daemon_.submit(Pause{number, daemon_.config().pauseReasons.front().id}, actor, ignoreResult);
        } else {
            daemon_.submit(CallNext{number}, actor, ignoreResult);
        }
        break;
    case CounterState::calling:
        if (roll < 0.7) {
            daemon_.submit(StartService{number}, actor, ignoreResult);
        } else if (roll < 0.9) {
            daemon_.submit(Recall{number}, actor, ignoreResult);
        } else {
            daemon_.submit(MarkNoShow{number}, actor, ignoreResult);
        }
        break;
    case CounterState::serving:
        if (roll < 0.05 && daemon_.config().fields.size() > 1) {
            const Ticket* t = engine.ticket(engine.counter(number)->activeTicket);
            const auto& fields = daemon_.config().fields;
            const auto& to = fields[rng_() % fields.size()].id;
            if (t != nullptr && to != t->field) {
                daemon_.submit(Transfer{number, to}, actor, ignoreResult);
            }
        } else if (roll < 0.45) {
            // The citizen just served may rate it (demo_ratings.cpp). The callback
            // holds no `this`: it may run after the demo stopped.
            daemon_.submit(FinishService{number}, actor,
                           [&daemon = daemon_, seed = rng_()](const Result<Events>& done) {
                               if (done && !done->empty()) {
                                   std::mt19937 rng(seed);
                                   rateAsDemoCitizen(daemon, done->front().ticketId, rng);
                               }
                           });
        }
        break;
    }
}

} // namespace qmsd
