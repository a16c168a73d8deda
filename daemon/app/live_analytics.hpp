#pragma once
// The leader's live figures, the office's wait estimates and the staffing
// flags, kept beside the journal: the estimator's sliding window is fed every
// committed event (and today's stored events at start-up, since a rebuild
// does not notify listeners), the earlier weeks it leans on are read on the
// helper thread at start-up and at each new day, and a timer on the loop
// re-assesses the flags every few seconds. A flag that changes is
// submitted as a RecordFlag command, so it is committed to the store before
// the log, the live stream and the dashboard show it, like any other change.
#include "analytics/field_figures.hpp"
#include "analytics/field_flags.hpp"
#include "analytics/estimator.hpp"
#include "engine/event.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace qmsd {

class Daemon;

class LiveAnalytics {
  public:
    LiveAnalytics(boost::asio::io_context& io, Daemon& daemon);

    // Fills the window with today's stored events and starts the flag timer.
    void start();
    void stop();
    void onCommitted(const std::vector<Event>& events);
    // Nobody waits: the forecast sized for the last line goes (Estimator::forgetForecast).
    void forgetForecast() { estimator_.forgetForecast(); }

    std::vector<FieldFigures> figures(TimePoint now) const;
    const FieldWindow& window() const { return estimator_.window(); }
    // The one source of every wait shown or recorded (analytics/estimator.hpp).
    const Estimator& estimator() const { return estimator_; }
    const FlagTracker& flags() const { return flags_; }
    const std::vector<CounterAlert>& counterAlerts() const { return alerts_; }

  private:
    void arm();
    void assess();
    void loadHistory(const std::string& day);

    boost::asio::io_context& io_;
    Daemon& daemon_;
    std::shared_ptr<spdlog::logger> log_;
    Estimator estimator_;
    FlagTracker flags_;
    std::vector<CounterAlert> alerts_;
    std::string flagsDay_;
    boost::asio::steady_timer timer_;
};

} // namespace qmsd
