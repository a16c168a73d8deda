#pragma once
// How long a shipper waits before it tries the centre again.
//
// Two kinds of failure. A server that answers "no" at once — the port is
// closed (restarting, or its host up without it) or it is still starting up
// after a crash — costs nothing to ask again, and the office's backlog should
// start moving within seconds of its return: retry every `absentRetry`.
// Anything else (timeouts, a query failing, a full disk, authentication)
// doubles the wait up to `maxBackoff`, so a long outage costs the centre and
// the WAN little. Every wait is drawn from [½, 1] of its nominal length, so
// the 200 offices of a province that all lost the server at one instant do not
// all come back in the same second.
#include "core/time.hpp"

#include <string_view>

namespace qmsd::upstream {

struct RetryPolicy {
    Millis absentRetry{2000};
    Millis maxBackoff{60000};
};

// Whether a failure says the server is simply not there (yet): connection
// refused, or starting up / shutting down (SQLSTATE 57P03's messages).
bool serverAbsent(std::string_view failure);

struct RetryStep {
    Millis nominal{0}; // the backoff to remember for the next failure
    Millis wait{0};    // what to wait this time (jittered)
};

// `previous`: the nominal backoff after the last failure (0: none yet);
// `unit`: a number in [0, 1) for the jitter.
RetryStep nextRetry(const RetryPolicy& policy, Millis previous, std::string_view failure, double unit);

} // namespace qmsd::upstream
