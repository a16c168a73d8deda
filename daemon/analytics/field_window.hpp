#pragma once
// Sliding-window figures per field, fed the committed events in order: arrival
// rate, mean service time, waits of recently called tickets and the share
// called within the field's target. Each event costs O(1) amortised; memory is
// the tickets still open today plus the samples of one window per field.
//
// What counts (so the Erlang load means counter time per arrival):
//  - an arrival is a ticket issued into the field or transferred into it; a
//    reinstated no-show is not a new arrival (it was counted when issued);
//  - a service is counter time from the call (the counter is taken while the
//    citizen walks up) to the finish, or to a transfer out of the field; time
//    before a park is added to the time after the call back; a no-show is not
//    a service;
//  - a wait is from entering the field's queue (issue, transfer in,
//    reinstatement) to the call; calling back a parked ticket and recalls are
//    not new waits.
// A new office-local day starts empty; events of an earlier day (the closing
// of yesterday after a rollover) are ignored.
#include "analytics/sample_ring.hpp"
#include "core/time.hpp"
#include "engine/event.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace qmsd {

struct FieldWindowSettings {
    Millis window = std::chrono::minutes{60};
    // The mean service time is over the window when it holds at least
    // minServices services, else over the day's last minServices, padded with
    // the default while the day has fewer.
    double defaultServiceMinutes = 10.0;
    int minServices = 5;
    // The arrival rate divides by the time since the day's first event, but by
    // no less than this, so the first ticket of the day is not "60 an hour".
    Millis minRateSpan = std::chrono::minutes{15};
    // A hard cap on samples kept per field and kind, whatever the window holds.
    std::size_t maxSamples = 4096;
};

struct FieldWindowStats {
    int arrivals = 0; // in the window
    double arrivalsPerMinute = 0;
    int services = 0;      // finished (or transferred on) in the window
    int servicesToday = 0;
    double meanServiceMinutes = 0; // see FieldWindowSettings::minServices
    // The services behind that mean (the window's, or the day's last
    // minServices), without the default's padding: for a model with its own prior.
    int serviceSamples = 0;
    double serviceSumMinutes = 0;
    double serviceSumSquares = 0;
    // How much of the window the day has filled (since its first event), for
    // a model that blends the arrival rate with history instead of a floor.
    double observedMinutes = 0;
    int calls = 0;                 // called from the queue in the window
    int noShows = 0;               // calls in the window whose citizen did not come
    std::optional<double> meanWaitMinutes;   // of those calls
    std::optional<double> shareWithinTarget; // of those calls, wait ≤ target
};

class FieldWindow {
  public:
    explicit FieldWindow(FieldWindowSettings settings = {});

    void onEvent(const Event& e);
    void onEvents(const std::vector<Event>& events) {
        for (const auto& e : events) {
            onEvent(e);
        }
    }
    // Start `day` empty unless it is the day already tracked (the daemon calls
    // this after a rollover, before the new day's first event).
    void startDay(const std::string& day);

    // Figures over (now − window, now]. Costs O(log n + calls in the window).
    FieldWindowStats stats(const std::string& field, TimePoint now, double targetMinutes) const;

    const std::string& day() const { return day_; }
    const FieldWindowSettings& settings() const { return settings_; }
    std::size_t openTickets() const { return tickets_.size(); }
    std::size_t samplesHeld() const;

  private:
    struct Sample {
        TimePoint at;
        double minutes = 0;
    };
    struct FieldData {
        SampleRing<TimePoint> arrivals;
        SampleRing<Sample> services;
        SampleRing<Sample> waits;
        SampleRing<TimePoint> noShows;
        int servicesToday = 0;
    };
    enum class Phase { waiting, atCounter, parked, noShow };
    struct TicketTrack {
        std::string field;
        Phase phase = Phase::waiting;
        TimePoint queuedAt{};
        TimePoint serviceFrom{}; // the latest call
        double servedMinutes = 0; // before a park
    };

    void clear(const std::string& day, TimePoint at);
    FieldData& data(const std::string& field, TimePoint at);
    void addArrival(const std::string& field, TimePoint at);
    void addService(TicketTrack& t, TimePoint at);
    template <class T> void prune(SampleRing<T>& q, TimePoint at, std::size_t keep) const;

    FieldWindowSettings settings_;
    std::string day_;
    TimePoint dayStart_{};
    std::map<std::string, FieldData> fields_;
    std::unordered_map<TicketId, TicketTrack> tickets_;
};

} // namespace qmsd
