#include "app/live_analytics.hpp"

#include "app/daemon.hpp"
#include "app/logging.hpp"
#include "reports/history_prior.hpp"

#include <spdlog/spdlog.h>

namespace qmsd {

LiveAnalytics::LiveAnalytics(boost::asio::io_context& io, Daemon& daemon)
    : io_(io), daemon_(daemon), log_(moduleLogger("analytics")), timer_(io) {}

void LiveAnalytics::start() {
    const QueueEngine& engine = daemon_.journal().engine();
    estimator_.startDay(engine.day());
    if (auto today = daemon_.store().eventsOfDay(engine.day())) {
        estimator_.onEvents(*today);
    } else {
        log_->error("today's events could not be read, live figures start empty: {}",
                    today.error().message);
    }
    // Flags raised before a restart are not known again until re-assessed:
    // the first assessment re-raises what still holds.
    flagsDay_ = engine.day();
    flags_.setClock(engine.clock());
    loadHistory(engine.day());
    arm();
}

void LiveAnalytics::loadHistory(const std::string& day) {
    // Eight weeks of reports: cached digests make it quick, but the first
    // read of a long-running office replays them, so it runs off the loop.
    bool queued = daemon_.runBlocking(
        [cfg = daemon_.config(), path = daemon_.databasePath(), day] {
            return reports::readHistoryPrior(path, cfg, day);
        },
        [this, day](Result<HistoryPrior> prior) {
            if (!prior) {
                log_->warn("earlier weeks could not be read, estimates use today only: {}", prior.error().message);
                return;
            }
            if (day != daemon_.journal().engine().day()) {
                return; // a newer day has asked for its own
            }
            log_->info("estimates lean on {} … {} ({} fields with history)", prior->fromDay, prior->toDay,
                       prior->fields.size());
            estimator_.setPrior(std::move(*prior));
        });
    if (!queued) {
        // The helper's queue is full of reports; estimates use today only
        // until the next day's read (no retry loop that would add to it).
        log_->warn("earlier weeks not read: the helper thread is busy; estimates use today only");
    }
}

void LiveAnalytics::stop() { timer_.cancel(); }

void LiveAnalytics::onCommitted(const std::vector<Event>& events) { estimator_.onEvents(events); }

std::vector<FieldFigures> LiveAnalytics::figures(TimePoint now) const {
    return computeAllFieldFigures(daemon_.journal().engine(), estimator_, now);
}

void LiveAnalytics::arm() {
    // Flags move on minutes (a 5-minute hold), so a few seconds' delay costs
    // nothing and keeps the assessment off the request path ([analytics]).
    timer_.expires_after(std::chrono::seconds{daemon_.config().analytics.flagCheckSeconds});
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        assess();
        arm();
    });
}

void LiveAnalytics::assess() {
    const QueueEngine& engine = daemon_.journal().engine();
    if (engine.day() != flagsDay_) {
        flags_.reset(); // a new day starts with every flag at OK
        estimator_.startDay(engine.day());
        flagsDay_ = engine.day();
        flags_.setClock(engine.clock());
        loadHistory(engine.day());
    }
    TimePoint now = systemNow();
    auto figs = figures(now);
    alerts_ = findCounterAlerts(engine, figs, now);
    for (const auto& change : flags_.update(figs, alerts_, now)) {
        RecordFlag cmd{change.field, change.counter, change.to, change.reason.vi};
        daemon_.submit(cmd, "system:analytics", [log = log_, change](const Result<Events>& r) {
            if (!r) {
                log->error("flag change not recorded field={} counter={} to={}: {}", change.field,
                           change.counter, change.to, r.error().message);
            }
        });
    }
}

} // namespace qmsd
