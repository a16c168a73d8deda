#pragma once
// `qmsd-replay check`: every CSV row through the real engine and store, then
// the project's own report over the result, to be compared with the figures
// computed straight from the CSV (check_compare).
#include "csv_arrivals.hpp"
#include "reports/report_query.hpp"

#include <functional>
#include <memory>
#include <string>

namespace qmsd::replay {

// Staff for the replay: every configured member, plus "replay-q<N>" for each
// counter N serving exactly that counter's fields — used for rows without a
// staff cell, so a CSV need not say who sat where.
std::shared_ptr<const OfficeConfig> withReplayStaff(const OfficeConfig& cfg);
std::string replayStaffOf(int counter);

struct CheckReplay {
    std::shared_ptr<const OfficeConfig> config; // the office plus replay staff
    reports::DayRange range;                    // first to last issue day
    int tickets = 0;
    long commands = 0;
    reports::Report report; // queryReport over the replayed store
};

// Rows are played in time order: the ticket is issued at issued_at, called by
// that counter (CallTicket, that exact ticket) at called_at, started, finished,
// marked no-show or cancelled at their times. A counter opens just before its
// first call of a day and closes after its last ticket; a row with another
// staff member reopens it. A command the engine refuses is an Error naming the
// row: "file:line: <what>: <the engine's message>".
//
// `before`, if given, is called before each step with the driver as it
// stands (the benchmarks read the live figures and flags there); `row` is
// the CSV row about to be played, `issue` whether the step issues it.
struct ReplayStep {
    TimePoint at{};
    std::size_t row = 0;
    bool issue = false;
};
class EngineDriver;
using StepHook = std::function<void(const EngineDriver&, const ReplayStep&)>;
Result<CheckReplay> replayArrivals(const Arrivals& arrivals, const OfficeConfig& cfg,
                                   const std::string& dbPath, const StepHook& before = {});

} // namespace qmsd::replay
