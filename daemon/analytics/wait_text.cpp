#include "analytics/wait_text.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd {

namespace {

// The middle half of the outcomes a forecast expects (±0.674 sd of a normal).
constexpr double kHalfWidthSd = 0.674;
constexpr int kStep = 5;
constexpr int kLongest = 120; // past two hours a range says nothing more useful

int floorStep(double m) { return static_cast<int>(std::floor(m / kStep)) * kStep; }
int ceilStep(double m) { return static_cast<int>(std::ceil(m / kStep)) * kStep; }
int roundStep(double m) { return static_cast<int>(std::lround(m / kStep)) * kStep; }

} // namespace

WaitText waitText(const Forecast* f) {
    WaitText w;
    if (f == nullptr || !f->known) {
        w.vi = "chưa rõ (chưa có quầy nào mở)";
        w.en = "not known yet (no counter open)";
        return w;
    }
    w.unsure = f->unsure;
    double spread = kHalfWidthSd * f->sdMinutes;
    // A guessed service time (no data today, no history) can be far off either way.
    if (f->unsure) {
        spread = std::max(spread, 0.4 * f->minutes);
    }
    // Bounds to the nearest five minutes, the figure itself always inside.
    double m = f->minutes;
    int lo = std::min(roundStep(std::max(0.0, m - spread)), floorStep(m));
    int hi = std::max({roundStep(m + spread), ceilStep(m), lo + kStep});
    w.lowMinutes = lo < kStep ? 0 : lo;
    w.highMinutes = hi;
    if (w.lowMinutes >= kLongest) {
        w.lowMinutes = kLongest;
        w.highMinutes = 0;
        w.vi = "trên 2 giờ";
        w.en = "over 2 hours";
    } else if (w.lowMinutes == 0) {
        std::string n = std::to_string(w.highMinutes);
        w.vi = "dưới " + n + " phút";
        w.en = "under " + n + " min";
    } else {
        std::string range = std::to_string(w.lowMinutes) + "–" + std::to_string(w.highMinutes);
        w.vi = "khoảng " + range + " phút";
        w.en = "about " + range + " min";
    }
    if (w.unsure) {
        w.vi += " (ước tính sơ bộ)";
        w.en += " (rough estimate)";
    }
    return w;
}

} // namespace qmsd
