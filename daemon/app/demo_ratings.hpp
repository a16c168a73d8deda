#pragma once
// What the demo's simulated citizens do after their service: most of them
// rate it (on their phone, the counter's rating screen or its rating box),
// mostly satisfied, a few not, now and then with a comment — so the demo's
// satisfaction panel and reports have something to show. One call per
// finished ticket; the rating goes through Daemon::submit like any other.
#include "engine/ticket.hpp"

#include <random>

namespace qmsd {

class Daemon;

void rateAsDemoCitizen(Daemon& daemon, TicketId ticket, std::mt19937& rng);

} // namespace qmsd
