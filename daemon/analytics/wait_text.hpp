#pragma once
// What a citizen reads about their wait, made in this one place for the
// kiosk, the phone page, the printed ticket and anything that speaks it:
// a range in whole five minutes ("khoảng 10–15 phút", "about 10–15 min"),
// "dưới 5 phút" when the call is near, never "0 phút" for someone with
// people ahead, and a note when the figure is still a rough guess.
#include "analytics/wait_predictor.hpp"

#include <string>

namespace qmsd {

struct WaitText {
    std::string vi;
    std::string en;
    int lowMinutes = 0;  // the range shown; 0 with highMinutes: "under highMinutes"
    int highMinutes = 0; // 0 with lowMinutes 0: no estimate
    bool unsure = false;
};

// nullptr or !known (no open counter can call the field): "chưa rõ" / "not known yet".
WaitText waitText(const Forecast* forecast);

} // namespace qmsd
