#pragma once
// A discrete-event simulation of a period through the real engine and store:
// tickets are issued at their real arrival times; a counter able to call (see
// CounterWindow) that is free calls next (CallNext: the engine's own policy,
// priorities and field preference) the moment it can, starts at once and
// finishes after the ticket's real service time; a real no-show is marked
// no-show 60 s after its call; a ticket that left uncalled leaves at the same
// time if still waiting. A counter whose window ends while serving finishes
// that citizen first; if it was its last window of the session and reached
// the session's issuing cut-off, it then keeps calling while its fields have
// anyone waiting (an office serves everyone it gave a ticket); one that
// closes earlier stops. The project's
// report over the simulated store gives the figures.
#include "history.hpp"
#include "reports/report_query.hpp"

#include <string>

namespace qmsd::replay {

struct SimOutcome {
    reports::Report report;
    int tickets = 0;
    long commands = 0;
};

// `dbPath`: where the simulated store goes (a fresh file).
Result<SimOutcome> simulate(const History& history, const OfficeConfig& cfg,
                            const std::string& dbPath);

} // namespace qmsd::replay
