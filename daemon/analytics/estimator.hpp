#pragma once
// The office's waits as of now, computed once per committed change and
// shared by every reader: the daemon's kiosk, ticket, phone, dashboard and
// stats replies, the live figures and flags, and qmsd-replay's recorded
// estimates all ask this one object (analytics/wait_predictor.hpp says how
// the figures are made).
//
// Fed the committed events in order (its sliding window) and, at start-up
// and each new day, the history of earlier weeks. A forecast is reused while
// the engine's state is the one it was made from (same last event, day and
// config) and it is younger than kMaxForecastAge; a busy loop of replies
// therefore costs one lookup each, never a walk of the queue.
#include "analytics/field_window.hpp"
#include "analytics/service_model.hpp"
#include "analytics/wait_predictor.hpp"
#include "analytics/wait_text.hpp"
#include "engine/queue_engine.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qmsd {

// Forecasts age as services run on; past this a reply recomputes.
inline constexpr std::chrono::seconds kMaxForecastAge{20};

class Estimator {
  public:
    explicit Estimator(FieldWindowSettings settings = {});

    void onEvents(const std::vector<Event>& events);
    // A new day (after a rollover), before its first event.
    void startDay(const std::string& day) { window_.startDay(day); }
    void setPrior(HistoryPrior prior);

    const FieldWindow& window() const { return window_; }
    // The office's usual pause between a counter's finish and its next call,
    // in minutes: the median of the recent ones up to kLongestPause (a longer
    // gap is an empty queue or staff away, not a pause).
    double pauseMinutes() const;
    const HistoryPrior& prior() const { return prior_; }

    // The model and the forecast for this engine at `now` (cached, see above).
    // The tickets of fields no open counter can call are in it only once
    // ticket() was asked about one (WaitForecast::deferField): most commits
    // nobody asks, and the line is not walked.
    const WaitForecast& forecast(const QueueEngine& engine, TimePoint now) const;
    const ServiceModel& model(const QueueEngine& engine, TimePoint now) const;
    // Frees the cached forecast: it keeps its memory from run to run, sized
    // for the longest line it has seen, until a later run finds the line
    // shorter. The next forecast() builds a new one.
    void forgetForecast() { cache_ = Cache{}; }

    // A waiting ticket's forecast, and a new ticket's, as of `now` (the
    // cached forecast's minutes less its age); empty when there is none.
    std::optional<Forecast> ticket(const QueueEngine& engine, TicketId id, TimePoint now) const;
    std::optional<Forecast> newTicket(const QueueEngine& engine, const std::string& field, bool priority,
                                      TimePoint now) const;
    // What a ticket issued now would be told, in whole seconds (-1: no
    // estimate), recorded in its ticket_issued event for the reports.
    int secondsForNew(const QueueEngine& engine, const std::string& field, const std::string& priority,
                      TimePoint now) const;

  private:
    void refresh(const QueueEngine& engine, TimePoint now) const;

    FieldWindow window_;
    HistoryPrior prior_;
    std::map<int, TimePoint> freedAt_; // counter → when its last citizen left the desk
    std::deque<double> pauses_;        // the latest, in minutes
    struct Cache {
        std::int64_t seq = -1;
        std::string day;
        const OfficeConfig* config = nullptr;
        TimePoint at{};
        ServiceModel model;
        WaitForecast forecast;
    };
    mutable Cache cache_;
};

} // namespace qmsd
