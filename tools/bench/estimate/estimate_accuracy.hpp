#pragma once
// What each ticket was told at issue by qmsd's predictor and by the simple
// ones, on the same tickets, against the wait that followed: mean absolute
// error and bias (wait − told) by field and by hour, as ratios.
#include "csv_arrivals.hpp"
#include "engine_driver.hpp"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace qmsd::bench {

enum Predictor { kQmsd = 0, kSimple, kSimpleNext, kZero, kPredictors };
inline const char* const kPredictorNames[kPredictors] = {
    "qmsd", "AHT×ahead÷N", "AHT×(ahead+1)÷N", "always 0"};

struct Told {
    std::size_t row = 0;
    std::string field;
    int hour = 0;
    double minutes[kPredictors]{};
    int low = 0, high = 0; // the range the citizen read
};

class AccuracyRecorder {
  public:
    // Before the ticket of `row` is issued at `at`: what each predictor says
    // (nothing when no open counter serves the field: qmsd says "chưa rõ").
    void onIssue(const replay::EngineDriver& d, const replay::ArrivalRow& row, std::size_t index, TimePoint at);
    // The errors against the CSV's real waits, printed; returns the overall
    // MAE of each predictor (minutes) for the summary.
    std::vector<double> report(std::ostream& out, const replay::Arrivals& a, const OfficeConfig& cfg) const;

  private:
    std::vector<Told> told_;
};

} // namespace qmsd::bench
