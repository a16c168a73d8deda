// Staffing flags: the rule, its reasons in Vietnamese and English, hysteresis,
// and counters left idle or paused while people wait too long.
#include "analytics/field_flags.hpp"
#include "clock/office_clock.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const std::string kDay = "2026-11-23";

// Đất đai, target 15 minutes / 80%, two counters, nothing alarming, and
// enough arrivals and services in the window for predictions to count.
FieldFigures calmLand() {
    FieldFigures f;
    f.field = "dat_dai";
    f.name = "Đất đai";
    f.nameEn = "Land";
    f.target = ServiceTarget{15, 0.8};
    f.waiting = 2;
    f.headWaitMinutes = 3;
    f.arrivalsPerMinute = 0.1;
    f.arrivalsInWindow = 6;
    f.servicesInWindow = 5;
    f.meanServiceMinutes = 10;
    f.load = 1.0;
    f.openCounters = 2;
    f.countersServing = 2;
    f.estimatedWaitMinutes = 5;
    f.countersNeeded = 2;
    return f;
}

FieldFigures withEstimate(double minutes) {
    FieldFigures f = calmLand();
    f.estimatedWaitMinutes = minutes;
    return f;
}

FieldFigures withHead(double minutes) {
    FieldFigures f = calmLand();
    f.headWaitMinutes = minutes;
    return f;
}

// Predictions raised as soon as seen: for the tests of the hysteresis alone.
FlagRules instant() {
    FlagRules r;
    r.sustain = Millis{0};
    return r;
}

TimePoint at(int minute, int second = 0) { return localTime(kDay, 9, 0) + minutes{minute} + seconds{second}; }

} // namespace

TEST_CASE("the leader's example: a long estimate and too few counters, in the leader's words") {
    FieldFigures f = calmLand();
    f.waiting = 14;
    f.estimatedWaitMinutes = 52;
    f.countersNeeded = 4;
    auto a = assessField(f, FlagRules{});
    CHECK(a.level == FlagLevel::needStaff);
    CHECK(a.seenLevel == FlagLevel::ok); // predicted, not yet seen in anyone's wait
    CHECK(a.reason.vi == "Đất đai: người lấy số bây giờ dự kiến chờ 52 phút (mục tiêu 15 phút). 14 người đang chờ, "
                         "2 quầy mở.");
    CHECK(a.reason.en == "Land: a ticket taken now would wait about 52 min (target 15 min). 14 waiting, 2 counters open.");
}

TEST_CASE("each condition raises the flag on its own, and the reason names only what raised it") {
    FlagRules rules;
    CHECK(assessField(calmLand(), rules).level == FlagLevel::ok);
    CHECK(assessField(withEstimate(12), rules).level == FlagLevel::watch); // > 75% of 15
    CHECK(assessField(withEstimate(11), rules).level == FlagLevel::ok);
    CHECK(assessField(withEstimate(16), rules).level == FlagLevel::needStaff);

    auto h = assessField(withHead(17), rules);
    CHECK(h.level == FlagLevel::needStaff);
    CHECK(h.seenLevel == FlagLevel::needStaff);
    CHECK(h.reason.vi == "Đất đai: người chờ lâu nhất đã chờ 17 phút (mục tiêu 15 phút). 2 người đang chờ, 2 quầy mở.");
    CHECK(h.reason.en == "Land: longest wait 17 min (target 15 min). 2 waiting, 2 counters open.");

    // Erlang's steady state alone is worth watching, not a call for staff.
    FieldFigures staff = calmLand();
    staff.countersNeeded = 3;
    auto st = assessField(staff, rules);
    CHECK(st.level == FlagLevel::watch);
    CHECK(st.reason.vi == "Đất đai: khoảng 6 lượt/giờ, mỗi lượt khoảng 10 phút: cần 3 quầy, đang mở 2. 2 người đang "
                          "chờ, 2 quầy mở.");
    // Two light fields sharing a counter: half a counter each, N* = 1 is enough.
    FieldFigures shared = calmLand();
    shared.openCounters = 0.5;
    shared.load = 0.2;
    shared.countersNeeded = 1;
    CHECK(assessField(shared, rules).level == FlagLevel::ok);

    FieldFigures overload = calmLand();
    overload.load = 2.4;
    overload.arrivalsPerMinute = 0.24;
    auto o = assessField(overload, rules);
    CHECK(o.level == FlagLevel::watch);
    CHECK(o.reason.vi.find("khoảng 14 lượt/giờ, mỗi lượt khoảng 10 phút") != std::string::npos);
    CHECK(o.reason.vi.find("Erlang") == std::string::npos); // the leader's words, not the analyst's
    CHECK(o.reason.en.find("Erlang") == std::string::npos);

    FieldFigures none = calmLand();
    none.countersServing = 0;
    none.openCounters = 0;
    none.estimatedWaitMinutes.reset();
    none.countersNeeded = 1;
    auto n = assessField(none, rules);
    CHECK(n.level == FlagLevel::needStaff);
    CHECK(n.reason.vi == "Đất đai: không có quầy nào mở cho 2 người đang chờ. 2 người đang chờ, 0 quầy mở.");
    CHECK(n.reason.en == "Land: no counter open for 2 waiting. 2 waiting, 0 counters open.");
}

TEST_CASE("a prediction needs arrivals and services in the window; what is seen does not") {
    FieldFigures f = withEstimate(40);
    f.countersNeeded = 4;
    f.arrivalsInWindow = 3; // one short of the evidence a prediction needs
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::ok);
    f.arrivalsInWindow = 4;
    f.servicesInWindow = 1;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::ok);
    f.servicesInWindow = 2;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::needStaff);
    // Someone has already waited past the target: no evidence needed.
    FieldFigures seen = withHead(20);
    seen.arrivalsInWindow = 1;
    seen.servicesInWindow = 0;
    CHECK(assessField(seen, FlagRules{}).level == FlagLevel::needStaff);
}

TEST_CASE("nobody waiting and a new ticket within the target is never need staff (the demo's Xây dựng)") {
    FieldFigures f = calmLand();
    f.target = ServiceTarget{20, 0.8};
    f.waiting = 0;
    f.headWaitMinutes = 0;
    f.estimatedWaitMinutes = 8;
    f.load = 3;          // a burst of arrivals earlier in the window
    f.countersNeeded = 4;
    f.openCounters = 1;
    f.countersServing = 1;
    CHECK(assessField(f, FlagRules{}).level != FlagLevel::needStaff);
    // A low share called in time over the last hour is worth watching, no more.
    f.serviceLevel = 0.5;
    f.callsInWindow = 10;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::watch);
    // But a new ticket that would wait past the target is a need, even with nobody waiting yet.
    f.estimatedWaitMinutes = 25;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::needStaff);
    // Past the cut-off nobody can take one: nothing to call staff for.
    f.issuing = false;
    CHECK(assessField(f, FlagRules{}).level != FlagLevel::needStaff);
}

TEST_CASE("a shared counter is named as shared, counted as the dashboard's column counts it") {
    FieldFigures f = withHead(20);
    f.countersServing = 2;
    f.openCounters = 1.5;
    f.sharedCounters = {SharedCounter{4, "Quầy 4", {"Xây dựng"}}};
    auto a = assessField(f, FlagRules{});
    CHECK(a.reason.vi.find("2 quầy mở (Quầy 4 dùng chung với Xây dựng)") != std::string::npos);
    CHECK(a.reason.en.find("2 counters open (Quầy 4 shared with Xây dựng)") != std::string::npos);
    CHECK(a.reason.vi.find("1,5") == std::string::npos);
    f.countersServing = 1;
    f.sharedCounters.clear();
    CHECK(assessField(f, FlagRules{}).reason.en.find("1 counter open.") != std::string::npos);
}

TEST_CASE("the last hour's share called in time is watched once there are enough calls") {
    FieldFigures f = calmLand();
    f.serviceLevel = 0.7;
    f.callsInWindow = 3;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::ok); // too few calls to judge
    f.callsInWindow = 10;
    auto a = assessField(f, FlagRules{});
    CHECK(a.level == FlagLevel::watch); // the past hour: watched, not a call for staff on its own
    CHECK(a.seenLevel == FlagLevel::watch);
    CHECK(a.reason.vi == "Đất đai: trong giờ qua 70% được gọi trong 15 phút (mục tiêu 80%). 2 người đang chờ, 2 quầy mở.");
    CHECK(a.reason.en == "Land: 70% called within 15 min in the last hour (target 80%). 2 waiting, 2 counters open.");
    f.serviceLevel = 0.82;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::watch); // within 5 points of the target
    f.serviceLevel = 0.9;
    CHECK(assessField(f, FlagRules{}).level == FlagLevel::ok);
}

TEST_CASE("a predicted need is raised only once it has held; one burst is not a flag") {
    FlagTracker t;
    // A burst: the estimate jumps past the target for three minutes, then the queue clears.
    for (int m = 0; m < 3; ++m) {
        CHECK(t.update({withEstimate(40)}, {}, at(m)).empty());
    }
    CHECK(t.update({withEstimate(5)}, {}, at(3)).empty());
    CHECK(t.level("dat_dai") == FlagLevel::ok);
    // The same prediction holding for the ten minutes of `sustain`.
    for (int m = 4; m < 14; ++m) {
        CHECK(t.update({withEstimate(40)}, {}, at(m)).empty());
    }
    auto c = t.update({withEstimate(40)}, {}, at(14));
    REQUIRE(c.size() == 1);
    CHECK(c[0].to == "need_staff");
    // What is seen is raised at once.
    FlagTracker seen;
    REQUIRE(seen.update({withHead(20)}, {}, at(0)).size() == 1);
}

TEST_CASE("a flag is raised at once and lowered only after the hold time") {
    FlagTracker t(instant());
    t.setClock(*OfficeClock::forZone("Asia/Ho_Chi_Minh"));
    auto c = t.update({withEstimate(52)}, {}, at(0));
    REQUIRE(c.size() == 1);
    CHECK(c[0].field == "dat_dai");
    CHECK(c[0].from == "ok");
    CHECK(c[0].to == "need_staff");
    CHECK(c[0].at == at(0));
    CHECK(c[0].reason.en.rfind("Land: a ticket taken now would wait about 52 min", 0) == 0);
    CHECK(t.reason("dat_dai").vi.rfind("Từ 09:00: Đất đai: người lấy số bây giờ dự kiến chờ 52 phút", 0) == 0);
    CHECK(t.since("dat_dai") == at(0));
    CHECK_FALSE(t.held("dat_dai"));

    // Back to 5 minutes at 09:01: still flagged for the 5-minute hold, and the
    // leader reads that it is held, since when, and what raised it.
    for (int m = 1; m <= 5; ++m) {
        CHECK(t.update({withEstimate(5)}, {}, at(m)).empty());
        CHECK(t.level("dat_dai") == FlagLevel::needStaff);
        CHECK(t.held("dat_dai"));
    }
    CHECK(t.reason("dat_dai").vi == "Đang giữ cảnh báo (bật lúc 09:00): số liệu đã ổn từ 09:01, sẽ hạ lúc 09:06 nếu "
                                    "vẫn ổn. Lý do khi bật: Đất đai: người lấy số bây giờ dự kiến chờ 52 phút "
                                    "(mục tiêu 15 phút). 2 người đang chờ, 2 quầy mở.");
    CHECK(t.reason("dat_dai").en.rfind("Held (raised at 09:00): figures normal since 09:01, lowered at 09:06", 0) == 0);
    auto down = t.update({withEstimate(5)}, {}, at(6));
    REQUIRE(down.size() == 1);
    CHECK(down[0].from == "need_staff");
    CHECK(down[0].to == "ok");
    CHECK(down[0].reason.vi == "Đất đai: hết cảnh báo (bật lúc 09:00). 2 người đang chờ, 2 quầy mở.");
    CHECK(t.level("dat_dai") == FlagLevel::ok);
    CHECK(t.reason("dat_dai").vi.empty());
}

TEST_CASE("a break in the clear period restarts the hold") {
    FlagTracker t(instant());
    t.update({withEstimate(30)}, {}, at(0));
    t.update({withEstimate(5)}, {}, at(1));
    t.update({withEstimate(5)}, {}, at(4));
    t.update({withEstimate(15.5)}, {}, at(5)); // over target again: no change, hold restarts
    CHECK(t.update({withEstimate(5)}, {}, at(7)).empty());
    CHECK(t.update({withEstimate(5)}, {}, at(11)).empty());
    auto c = t.update({withEstimate(5)}, {}, at(12));
    REQUIRE(c.size() == 1);
    CHECK(c[0].to == "ok");
}

TEST_CASE("a value oscillating around the threshold does not flap") {
    FlagTracker t(instant());
    int changes = 0;
    for (int s = 0; s < 3600; s += 20) { // an hour, every 20 s, 14.6 ↔ 15.4 minutes
        changes += static_cast<int>(t.update({withEstimate(s % 40 == 0 ? 15.4 : 14.6)}, {}, at(0, s)).size());
    }
    CHECK(changes == 1);
    CHECK(t.level("dat_dai") == FlagLevel::needStaff);

    FlagTracker w(instant());
    changes = 0;
    for (int s = 0; s < 3600; s += 20) { // around the 75% watch line (11.25)
        changes += static_cast<int>(w.update({withEstimate(s % 40 == 0 ? 11.5 : 11.0)}, {}, at(0, s)).size());
    }
    CHECK(changes == 1);
    CHECK(w.level("dat_dai") == FlagLevel::watch);
}

TEST_CASE("lowering needs the value below the threshold by a margin") {
    FlagTracker t(instant());
    t.update({withEstimate(20)}, {}, at(0));
    // 14 is under the 15-minute target but within the 1.5-minute margin: stays raised.
    for (int m = 1; m <= 20; ++m) {
        CHECK(t.update({withEstimate(14)}, {}, at(m)).empty());
    }
    CHECK(t.level("dat_dai") == FlagLevel::needStaff);
    CHECK(t.reason("dat_dai").en.find("figures not yet clearly below the threshold") != std::string::npos);
    // 13 clears NEED_STAFF but is still over the watch line: down to WATCH after the hold.
    t.update({withEstimate(13)}, {}, at(21));
    auto c = t.update({withEstimate(13)}, {}, at(26));
    REQUIRE(c.size() == 1);
    CHECK(c[0].to == "watch");
    // From WATCH up again is immediate.
    auto up = t.update({withEstimate(16)}, {}, at(27));
    REQUIRE(up.size() == 1);
    CHECK(up[0].from == "watch");
    CHECK(up[0].to == "need_staff");
    t.reset();
    CHECK(t.level("dat_dai") == FlagLevel::ok);
}

TEST_CASE("counters idle or paused while people wait past the target") {
    OfficeFixture f;
    f.now = localTime(kDay, 8, 0);
    f.must(OpenCounter{3, "nv03"});
    f.must(OpenCounter{1, "nv01"});
    f.must(IssueTicket{"dat_dai"}); // target 30
    f.must(IssueTicket{"ho_tich"}); // target 15
    f.must(CallNext{1});            // counter 1 busy with A001
    Estimator window; // nothing fed: the flags here read the queue, not the rates

    f.now = localTime(kDay, 8, 20); // dat_dai has waited 20 of its 30 minutes
    auto figs = computeAllFieldFigures(f.engine(), window, f.now);
    CHECK(findCounterAlerts(f.engine(), figs, f.now).empty());

    f.now = localTime(kDay, 8, 40);
    figs = computeAllFieldFigures(f.engine(), window, f.now);
    auto alerts = findCounterAlerts(f.engine(), figs, f.now);
    REQUIRE(alerts.size() == 1); // counter 1 is busy, counter 3 idle
    CHECK(alerts[0].counter == 3);
    CHECK(alerts[0].kind == CounterAlertKind::idleWhileWaiting);
    CHECK(alerts[0].field == "dat_dai");
    CHECK(alerts[0].reason.vi == "Quầy 3 đang trống trong khi Đất đai có người chờ 40 phút (mục tiêu 30)");
    CHECK(alerts[0].reason.en == "Counter 3 is idle while Đất đai has someone waiting 40 min (target 30)");

    // Idle is flagged after the 2-minute grace, not at once.
    FlagTracker t;
    auto changes = [](const std::vector<FlagChange>& all) {
        std::vector<FlagChange> out;
        for (const auto& c : all) {
            if (c.counter != 0) {
                out.push_back(c);
            }
        }
        return out;
    };
    CHECK(changes(t.update(figs, alerts, f.now)).empty());
    auto raised = changes(t.update(figs, alerts, f.now + minutes{2}));
    REQUIRE(raised.size() == 1);
    CHECK(raised[0].counter == 3);
    CHECK(raised[0].from == "ok");
    CHECK(raised[0].to == "idle_while_waiting");
    CHECK(t.counterFlag(3) == CounterAlertKind::idleWhileWaiting);

    // Paused for a meeting at 08:35: flagged at once, with the reason's name.
    f.now = localTime(kDay, 8, 35);
    f.must(Pause{3, "meeting"});
    f.now = localTime(kDay, 8, 45);
    figs = computeAllFieldFigures(f.engine(), window, f.now);
    alerts = findCounterAlerts(f.engine(), figs, f.now);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == CounterAlertKind::pausedWhileWaiting);
    CHECK(alerts[0].reason.vi == "Quầy 3 tạm dừng (Họp) 10 phút trong khi Đất đai có người chờ 45 phút (mục tiêu 30)");
    CHECK(alerts[0].reason.en == "Counter 3 paused (Họp) for 10 min while Đất đai has someone waiting 45 min (target 30)");
    auto paused = changes(t.update(figs, alerts, f.now));
    REQUIRE(paused.size() == 1);
    CHECK(paused[0].from == "idle_while_waiting");
    CHECK(paused[0].to == "paused_while_waiting");

    // Resumed and calling: the counter flag clears at once.
    f.must(Resume{3});
    f.must(CallNext{3});
    figs = computeAllFieldFigures(f.engine(), window, f.now);
    alerts = findCounterAlerts(f.engine(), figs, f.now);
    CHECK(alerts.empty());
    auto cleared = changes(t.update(figs, alerts, f.now + seconds{5}));
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].to == "ok");
    CHECK(t.counterFlag(3) == CounterAlertKind::none);
}
