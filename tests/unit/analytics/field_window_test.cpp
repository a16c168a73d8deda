// FieldWindow over scripted event sequences whose answers are worked out by
// hand in each test.
#include "analytics/field_window.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>

using namespace qmsd;
using Catch::Matchers::WithinAbs;

namespace {

const std::string kDay = "2026-11-23";
TimePoint at(double minutes) {
    return test::localTime(kDay, 8, 0) + Millis{std::llround(minutes * 60000)};
}

class Script {
  public:
    explicit Script(FieldWindow& w) : w_(w) {}
    Script& event(EventKind kind, double minute, TicketId id, const std::string& field = "",
                  const std::string& toField = "", const std::string& day = kDay) {
        Event e;
        e.seq = ++seq_;
        e.at = at(minute);
        e.day = day;
        e.kind = kind;
        e.ticketId = id;
        e.field = field;
        e.toField = toField;
        e.counter = 1;
        w_.onEvent(e);
        return *this;
    }
    Script& issue(double m, TicketId id, const std::string& field) { return event(EventKind::ticketIssued, m, id, field); }
    Script& call(double m, TicketId id) { return event(EventKind::ticketCalled, m, id); }
    Script& finish(double m, TicketId id) { return event(EventKind::ticketFinished, m, id); }

  private:
    FieldWindow& w_;
    std::int64_t seq_ = 0;
};

} // namespace

TEST_CASE("arrival rate, blended service time and waits of a morning") {
    FieldWindow w; // 60-minute window, default service 10 min until 5 services
    Script s(w);
    for (int i = 0; i < 6; ++i) {
        s.issue(5 * i, i + 1, "ho_tich"); // 08:00, 08:05 … 08:25
    }
    s.call(2, 1).finish(10, 1);  // waited 2, served 8
    s.call(10, 2).finish(16, 2); // waited 5, served 6
    s.call(30, 3);               // waited 20

    auto st = w.stats("ho_tich", at(30), 15);
    CHECK(st.arrivals == 6);
    CHECK_THAT(st.arrivalsPerMinute, WithinAbs(6.0 / 30.0, 1e-12)); // 30 minutes since the first event
    CHECK(st.services == 2);
    // Two services, padded with three of the 10-minute default.
    CHECK_THAT(st.meanServiceMinutes, WithinAbs((8 + 6 + 3 * 10.0) / 5, 1e-9));
    CHECK(st.calls == 3);
    CHECK_THAT(*st.meanWaitMinutes, WithinAbs(9.0, 1e-9));
    CHECK_THAT(*st.shareWithinTarget, WithinAbs(2.0 / 3.0, 1e-12));

    s.finish(40, 3); // served 10
    // At 09:45 the window (08:45, 09:45] is empty: the day's services stand in.
    auto later = w.stats("ho_tich", at(105), 15);
    CHECK(later.arrivals == 0);
    CHECK(later.arrivalsPerMinute == 0.0);
    CHECK(later.services == 0);
    CHECK(later.servicesToday == 3);
    CHECK_THAT(later.meanServiceMinutes, WithinAbs((8 + 6 + 10 + 2 * 10.0) / 5, 1e-9));
    CHECK(later.calls == 0);
    CHECK_FALSE(later.meanWaitMinutes);
    CHECK_FALSE(later.shareWithinTarget);
}

TEST_CASE("the first minutes of a day are not read as a full hour") {
    FieldWindow w;
    Script s(w);
    s.issue(0, 1, "ho_tich").issue(1, 2, "ho_tich").issue(2, 3, "ho_tich");
    // Three tickets in 3 minutes, but never divided by less than 15 minutes.
    CHECK_THAT(w.stats("ho_tich", at(3), 15).arrivalsPerMinute, WithinAbs(3.0 / 15, 1e-12));
    // After two hours the window is the last 60 minutes.
    s.issue(100, 4, "ho_tich");
    CHECK_THAT(w.stats("ho_tich", at(120), 15).arrivalsPerMinute, WithinAbs(1.0 / 60, 1e-12));
}

TEST_CASE("with enough services the mean is the plain mean of the window") {
    FieldWindow w;
    Script s(w);
    const double served[] = {4, 6, 8, 10, 12, 14};
    for (int i = 0; i < 6; ++i) { // issued every 8 minutes, called a minute later
        s.issue(8 * i, i + 1, "dat_dai").call(8 * i + 1, i + 1).finish(8 * i + 1 + served[i], i + 1);
    }
    // Services end at 5, 15, 25, 35, 46, 55.
    auto all = w.stats("dat_dai", at(56), 15);
    CHECK(all.services == 6);
    CHECK_THAT(all.meanServiceMinutes, WithinAbs(54.0 / 6, 1e-9));
    auto five = w.stats("dat_dai", at(70), 15); // (10, 70]: the last five
    CHECK(five.services == 5);
    CHECK_THAT(five.meanServiceMinutes, WithinAbs(50.0 / 5, 1e-9));
    // (20, 80]: four services in the window, so the day's last five: 6…14.
    auto four = w.stats("dat_dai", at(80), 15);
    CHECK(four.services == 4);
    CHECK_THAT(four.meanServiceMinutes, WithinAbs(50.0 / 5, 1e-9));
    CHECK(w.stats("ho_tich", at(80), 15).meanServiceMinutes == 10.0); // no data: the default
}

TEST_CASE("a transfer ends a service in one field and starts a wait in the next") {
    FieldWindowSettings cfg;
    cfg.minServices = 1; // plain means, to read the samples directly
    FieldWindow w(cfg);
    Script s(w);
    s.issue(0, 1, "ho_tich").call(4, 1);
    s.event(EventKind::ticketTransferred, 10, 1, "ho_tich", "chung_thuc");
    s.call(13, 1).finish(20, 1);
    auto from = w.stats("ho_tich", at(20), 15);
    CHECK(from.arrivals == 1);
    CHECK(from.services == 1);
    CHECK_THAT(from.meanServiceMinutes, WithinAbs(6.0, 1e-9)); // call 4 → transfer 10
    CHECK(from.calls == 1);
    CHECK_THAT(*from.meanWaitMinutes, WithinAbs(4.0, 1e-9));
    auto to = w.stats("chung_thuc", at(20), 15);
    CHECK(to.arrivals == 1);
    CHECK(to.calls == 1);
    CHECK_THAT(*to.meanWaitMinutes, WithinAbs(3.0, 1e-9)); // from the transfer, not the issue
    CHECK_THAT(to.meanServiceMinutes, WithinAbs(7.0, 1e-9));
    CHECK(w.openTickets() == 0);
}

TEST_CASE("recalls, no-shows, reinstatement and parking") {
    FieldWindowSettings cfg;
    cfg.minServices = 1;
    FieldWindow w(cfg);
    Script s(w);
    // A no-show: called at 10 (waited 10), recalled, gone at 12, reinstated at 20, called at 23.
    s.issue(0, 1, "ho_tich").call(10, 1);
    s.event(EventKind::ticketRecalled, 11, 1);
    s.event(EventKind::ticketNoShow, 12, 1);
    s.event(EventKind::ticketReinstated, 20, 1);
    s.call(23, 1).finish(30, 1);
    auto st = w.stats("ho_tich", at(30), 15);
    CHECK(st.arrivals == 1);  // reinstatement is not a new arrival
    CHECK(st.calls == 2);     // the recall is not a call
    CHECK_THAT(*st.meanWaitMinutes, WithinAbs((10 + 3) / 2.0, 1e-9));
    CHECK(st.services == 1);
    CHECK_THAT(st.meanServiceMinutes, WithinAbs(7.0, 1e-9)); // the no-show's 2 minutes are not service

    // Parked after 4 minutes at the desk, called back at 50, finished at 56: 10 minutes, one wait.
    s.issue(40, 2, "chung_thuc").call(41, 2);
    s.event(EventKind::ticketStarted, 42, 2);
    s.event(EventKind::ticketParked, 45, 2);
    s.call(50, 2).finish(56, 2);
    auto p = w.stats("chung_thuc", at(56), 15);
    CHECK(p.calls == 1);
    CHECK_THAT(*p.meanWaitMinutes, WithinAbs(1.0, 1e-9));
    CHECK_THAT(p.meanServiceMinutes, WithinAbs(10.0, 1e-9));
}

TEST_CASE("a new day starts empty and yesterday's closing is ignored") {
    FieldWindow w;
    Script s(w);
    s.issue(0, 1, "ho_tich").issue(1, 2, "ho_tich").call(2, 1).finish(9, 1);
    CHECK(w.day() == kDay);
    CHECK(w.openTickets() == 1);
    // Next morning, 24 hours later.
    s.event(EventKind::ticketIssued, 24 * 60, 3, "ho_tich", "", "2026-11-24");
    CHECK(w.day() == "2026-11-24");
    CHECK(w.openTickets() == 1);
    auto st = w.stats("ho_tich", at(24 * 60 + 1), 15);
    CHECK(st.arrivals == 1);
    CHECK(st.servicesToday == 0);
    CHECK(st.calls == 0);
    CHECK(st.meanServiceMinutes == 10.0);
    // Yesterday's ticket 2 expiring, published late, changes nothing.
    s.event(EventKind::ticketExpired, 24 * 60 - 1, 2, "ho_tich", "", kDay);
    CHECK(w.day() == "2026-11-24");
    CHECK(w.openTickets() == 1);

    w.startDay("2026-11-25");
    CHECK(w.day() == "2026-11-25");
    CHECK(w.openTickets() == 0);
    CHECK(w.samplesHeld() == 0);
}

TEST_CASE("memory stays bounded over a long busy day") {
    FieldWindow w;
    Script s(w);
    // 3000 tickets, one every 12 s, each called 2 minutes later and served for 6 s: only the last
    // hour's samples and the few open tickets are kept.
    for (int i = 0; i < 3000; ++i) {
        double m = i * 0.2;
        s.issue(m, i + 1, "ho_tich");
        if (i >= 10) {
            s.call(m, i - 9).finish(m + 0.1, i - 9);
        }
    }
    CHECK(w.openTickets() == 10);
    CHECK(w.samplesHeld() <= 3 * 301);
    auto st = w.stats("ho_tich", at(599.9), 15); // (539.9, 599.9]: issues 2700…2999
    CHECK(st.arrivals == 300);
    CHECK_THAT(st.arrivalsPerMinute, WithinAbs(5.0, 1e-9));
    CHECK_THAT(*st.meanWaitMinutes, WithinAbs(2.0, 1e-4)); // 10 tickets ahead, 12 s apart
}
