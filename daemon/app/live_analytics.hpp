#pragma once
// The leader's live figures and staffing flags, kept beside the journal: the
// sliding window is fed every committed event (and today's stored events at
// start-up, since a rebuild does not notify listeners), and a timer on the
// loop re-assesses the flags every few seconds. A flag that changes is
// submitted as a RecordFlag command, so it is committed to the store before
// the log, the live stream and the dashboard show it, like any other change.
#include "analytics/field_figures.hpp"
#include "analytics/field_flags.hpp"
#include "analytics/field_window.hpp"
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

    std::vector<FieldFigures> figures(TimePoint now) const;
    const FieldWindow& window() const { return window_; }
    const FlagTracker& flags() const { return flags_; }
    const std::vector<CounterAlert>& counterAlerts() const { return alerts_; }

  private:
    void arm();
    void assess();

    boost::asio::io_context& io_;
    Daemon& daemon_;
    std::shared_ptr<spdlog::logger> log_;
    FieldWindow window_;
    FlagTracker flags_;
    std::vector<CounterAlert> alerts_;
    std::string flagsDay_;
    boost::asio::steady_timer timer_;
};

} // namespace qmsd
