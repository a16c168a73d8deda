// What a citizen reads about their wait, made in one place.
#include "analytics/wait_text.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;

namespace {

Forecast forecast(double minutes, double sd, int ahead = 3, bool unsure = false) {
    Forecast f;
    f.minutes = minutes;
    f.sdMinutes = sd;
    f.ahead = ahead;
    f.unsure = unsure;
    return f;
}

} // namespace

TEST_CASE("a range in whole five minutes around the forecast, in Vietnamese and English") {
    Forecast f = forecast(12, 3);
    WaitText w = waitText(&f);
    CHECK(w.vi == "khoảng 10–15 phút");
    CHECK(w.en == "about 10–15 min");
    CHECK(w.lowMinutes == 10);
    CHECK(w.highMinutes == 15);
    Forecast wide = forecast(42, 12);
    CHECK(waitText(&wide).vi == "khoảng 35–50 phút");
    Forecast exact = forecast(13, 0); // the figure is always inside the range
    CHECK(waitText(&exact).vi == "khoảng 10–15 phút");
}

TEST_CASE("a near call reads 'dưới 5 phút', never '0 phút', whoever is ahead") {
    for (double m : {0.0, 0.4, 2.0, 4.0}) {
        Forecast f = forecast(m, 0.5, 2);
        WaitText w = waitText(&f);
        CHECK(w.vi == "dưới 5 phút");
        CHECK(w.en == "under 5 min");
        CHECK(w.vi.find(" 0 phút") == std::string::npos);
    }
    Forecast f = forecast(3, 2.5);
    CHECK(waitText(&f).vi == "dưới 5 phút");
    Forecast g = forecast(4, 6);
    CHECK(waitText(&g).vi == "dưới 10 phút");
}

TEST_CASE("a guess says so, and is given room; no counter, no figure; past two hours, no range") {
    Forecast guess = forecast(20, 1, 3, true);
    WaitText w = waitText(&guess);
    CHECK(w.unsure);
    CHECK(w.vi == "khoảng 10–30 phút (ước tính sơ bộ)"); // ±8 minutes at least
    CHECK(w.en == "about 10–30 min (rough estimate)");
    CHECK(waitText(nullptr).vi == "chưa rõ (chưa có quầy nào mở)");
    Forecast none;
    none.known = false;
    CHECK(waitText(&none).en == "not known yet (no counter open)");
    Forecast longWait = forecast(150, 20);
    CHECK(waitText(&longWait).vi == "trên 2 giờ");
}
