#pragma once
// How tickets ended, counted (definitions: report_query.hpp). One type for a
// digest's slot (day_digest.hpp), a report's row (report_query.hpp) and a
// field's day sent to the city (upstream/wire.hpp), so adding them up is one
// `+=` and a new outcome is added in one place.
namespace qmsd::reports {

struct Outcomes {
    int issued = 0;
    int served = 0;
    int noShow = 0;
    int cancelled = 0;
    int expired = 0;
    int transferred = 0;
    int stillOpen = 0; // not final at the end of the range (today, or a day cut short)

    Outcomes& operator+=(const Outcomes& o) {
        issued += o.issued;
        served += o.served;
        noShow += o.noShow;
        cancelled += o.cancelled;
        expired += o.expired;
        transferred += o.transferred;
        stillOpen += o.stillOpen;
        return *this;
    }
    int total() const { return issued + served + noShow + cancelled + expired + transferred + stillOpen; }
};

} // namespace qmsd::reports
