#pragma once
// What the wait predictor and the live figures assume about a field now: its
// mean service time and spread, and its arrival rate, each blended from today
// (the sliding window) and from the same weekday and hour of earlier weeks
// (HistoryPrior, read from the store at start-up and at each new day).
//
// Early in the day, or in a quiet field, today has a handful of services: the
// history carries the estimate (a prior worth kPriorServices services, and
// kPriorRateMinutes minutes of arrivals), and as today's samples grow they
// take over. Without history the configured default stands in, and the
// figures say they are unsure.
#include "analytics/field_window.hpp"
#include "config/office_config.hpp"
#include "core/time.hpp"

#include <array>
#include <map>
#include <string>

namespace qmsd {

class OfficeClock;

inline constexpr double kDefaultServiceMinutes = 10.0;
inline constexpr double kDefaultServiceCv = 0.6; // lognormal spread of office services, before data
inline constexpr int kHoursOfWeek = 7 * 24;      // index weekday·24 + hour, 0 = Monday 00:00

// One field's history, per hour of the week, over the prior's weeks.
struct FieldHistory {
    std::array<int, kHoursOfWeek> services{};
    std::array<double, kHoursOfWeek> serviceMinutes{};   // summed
    std::array<double, kHoursOfWeek> arrivalsPerHour{};  // mean over the days of that weekday
    int servicesTotal = 0;
    double meanServiceMinutes = 0; // over every hour
    double serviceCv = kDefaultServiceCv; // from the median and p90 of all the weeks' services
};

struct HistoryPrior {
    std::string fromDay, toDay; // the days it was read from; empty = none
    std::map<std::string, FieldHistory> fields;
    bool empty() const { return fields.empty(); }
};

// Services an hour of the week needs before its own mean is used instead of
// the field's over all hours.
inline constexpr int kMinHourServices = 20;
// What the history is worth against today's samples.
inline constexpr double kPriorServices = 8;
inline constexpr double kPriorRateMinutes = 30;

struct FieldService {
    double meanMinutes = kDefaultServiceMinutes;
    double cv = kDefaultServiceCv; // 0: every service takes exactly the mean
    // Calls whose citizen does not come, and how long a counter waits for them.
    double noShowShare = 0;
    double noShowMinutes = 1;
    int todaySamples = 0;
    int historySamples = 0; // behind the prior's mean (the hour's, or the field's)
    // Few of today's services and little history: the configured default carries the mean.
    bool unsure = false;
};

struct FieldRate {
    double perMinute = 0;
    bool fromHistory = false; // the history carried most of it (early in the day)
};

class ServiceModel {
  public:
    ServiceModel() = default;
    // A model with one figure for every field (tests, and the replay's what-if).
    static ServiceModel uniform(double meanMinutes, double cv);

    const FieldService& service(const std::string& field) const;
    void set(const std::string& field, FieldService s) { fields_[field] = s; }
    // What one call of the field takes a counter on average: a service, or
    // the wait for a citizen who does not come.
    double callMinutes(const std::string& field) const;
    // The office's usual pause between a counter's finish and its next call
    // (staff write up the file, the next citizen walks up): added to every call.
    double pauseMinutes = 0;

  private:
    std::map<std::string, FieldService> fields_;
    FieldService fallback_;
};

// The model for every configured field at `now` (the window must be on today);
// `pauseMinutes` is the office's pause between citizens, seen today.
ServiceModel buildServiceModel(const OfficeConfig& cfg, const OfficeClock& clock, const FieldWindow& window,
                               const HistoryPrior& prior, TimePoint now, double pauseMinutes = 0);
// One field's arrival rate, today's window blended with the same hour of earlier weeks.
FieldRate blendedRate(const FieldWindowStats& today, const HistoryPrior& prior, const std::string& field,
                      int hourOfWeek);
int hourOfWeek(const OfficeClock& clock, TimePoint t);

} // namespace qmsd
