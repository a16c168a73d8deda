#pragma once
// The staffing flags held against the truth: replaying a period, the flags
// are assessed every 30 s of simulated time as the daemon's timer does; an
// hour of a field counts as flagged when NEED_STAFF stood for at least
// minFlagMinutes of it. The truth, from the CSV alone: the hour's calls
// (and uncalled departures past the target) whose share within the field's
// target fell short of its target share.
#include "analytics/field_flags.hpp"
#include "csv_arrivals.hpp"
#include "engine_driver.hpp"

#include <iosfwd>
#include <map>
#include <string>
#include <tuple>

namespace qmsd::bench {

using HourKey = std::tuple<std::string, std::string, int>; // field, day, hour

class FlagRecorder {
  public:
    explicit FlagRecorder(FlagRules rules = {}) : tracker_(rules) {}
    // Assesses the flags every kStep of simulated time up to `at`.
    void advanceTo(const replay::EngineDriver& d, TimePoint at);
    const std::map<HourKey, double>& flaggedSeconds() const { return flagged_; }
    // What raised the flag standing in each hour (its reason's first finding).
    const std::map<HourKey, std::string>& raisedBy() const { return raisedBy_; }

    static constexpr std::chrono::seconds kStep{30};

  private:
    FlagTracker tracker_;
    std::string day_;
    TimePoint next_{};
    std::map<HourKey, double> flagged_;
    std::map<HourKey, std::string> raisedBy_;
};

struct FlagScore {
    int shortHours = 0;   // the truth: hours whose share within target fell short
    int okHours = 0;
    int caught = 0;       // short and flagged
    int falseAlarms = 0;  // flagged, not short
    int flaggedUnjudged = 0; // flagged hours with too few calls to judge
    std::map<std::string, int> falseAlarmsBy; // what raised them
    double catchRate() const { return shortHours > 0 ? static_cast<double>(caught) / shortHours : 0; }
    // Of the hours flagged, the share that were not short.
    double falseAlarmRate() const {
        int flagged = caught + falseAlarms;
        return flagged > 0 ? static_cast<double>(falseAlarms) / flagged : 0;
    }
};

FlagScore scoreFlags(const replay::Arrivals& a, const OfficeConfig& cfg, const FlagRecorder& flags,
                     double minFlagMinutes, int minJudged);

} // namespace qmsd::bench
