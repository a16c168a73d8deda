#include "analytics/field_flags.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace qmsd {

namespace {

std::string whole(double v) { return std::to_string(std::lround(v)); }

std::string percent(double share) { return whole(share * 100); }

const std::string& englishName(const FieldFigures& f) { return f.nameEn.empty() ? f.name : f.nameEn; }

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& s : items) {
        out += (out.empty() ? "" : sep) + s;
    }
    return out;
}

// What the flag is about: seen now, or predicted.
struct Findings {
    bool noCounter = false, head = false, serviceLevel = false; // seen
    bool estimate = false, overload = false, staffing = false;  // predicted
    bool seen() const { return noCounter || head || serviceLevel; }
    bool any() const { return seen() || estimate || overload || staffing; }
};

// "Đất đai: người chờ lâu nhất đã chờ 17 phút (mục tiêu 15 phút). 2 người đang chờ, 2 quầy mở."
FlagText describe(const FieldFigures& f, const Findings& why) {
    const std::string target = whole(f.target.targetMinutes);
    const std::string open = std::to_string(f.countersServing);
    std::vector<std::string> vi, en;
    if (why.noCounter) {
        vi.push_back("không có quầy nào mở cho " + std::to_string(f.waiting) + " người đang chờ");
        en.push_back("no counter open for " + std::to_string(f.waiting) + " waiting");
    }
    if (why.head) {
        vi.push_back("người chờ lâu nhất đã chờ " + whole(f.headWaitMinutes) + " phút (mục tiêu " + target + " phút)");
        en.push_back("longest wait " + whole(f.headWaitMinutes) + " min (target " + target + " min)");
    }
    if (why.serviceLevel && f.serviceLevel) {
        vi.push_back("trong giờ qua " + percent(*f.serviceLevel) + "% được gọi trong " + target + " phút (mục tiêu " +
                     percent(f.target.share) + "%)");
        en.push_back(percent(*f.serviceLevel) + "% called within " + target + " min in the last hour (target " +
                     percent(f.target.share) + "%)");
    }
    if (why.estimate && f.estimatedWaitMinutes) {
        std::string e = whole(*f.estimatedWaitMinutes);
        vi.push_back("người lấy số bây giờ dự kiến chờ " + e + " phút (mục tiêu " + target + " phút)");
        en.push_back("a ticket taken now would wait about " + e + " min (target " + target + " min)");
    }
    if (why.overload || why.staffing) {
        std::string rate = whole(f.arrivalsPerMinute * 60);
        std::string service = whole(f.meanServiceMinutes);
        vi.push_back("khoảng " + rate + " lượt/giờ, mỗi lượt khoảng " + service + " phút: cần " +
                     std::to_string(f.countersNeeded) + " quầy, đang mở " + open);
        en.push_back("about " + rate + " an hour at about " + service + " min each: " +
                     std::to_string(f.countersNeeded) + (f.countersNeeded == 1 ? " counter" : " counters") +
                     " needed, " + open + " open");
    }
    FlagText context = fieldContext(f);
    FlagText t;
    t.vi = f.name + ": " + (vi.empty() ? "bình thường" : joined(vi, "; ")) + ". " + context.vi + ".";
    t.en = englishName(f) + ": " + (en.empty() ? "normal" : joined(en, "; ")) + ". " + context.en + ".";
    return t;
}

std::string counterNameVi(const QueueEngine& engine, int number) { return engine.config().counterName(number); }

} // namespace

std::string_view flagLevelName(FlagLevel level) {
    switch (level) {
    case FlagLevel::ok:
        return "ok";
    case FlagLevel::watch:
        return "watch";
    case FlagLevel::needStaff:
        return "need_staff";
    }
    return "ok";
}

std::string_view counterAlertName(CounterAlertKind kind) {
    switch (kind) {
    case CounterAlertKind::none:
        return "ok";
    case CounterAlertKind::idleWhileWaiting:
        return "idle_while_waiting";
    case CounterAlertKind::pausedWhileWaiting:
        return "paused_while_waiting";
    }
    return "ok";
}

FlagText fieldContext(const FieldFigures& f) {
    FlagText t;
    const int n = f.countersServing;
    t.vi = std::to_string(f.waiting) + " người đang chờ, " + std::to_string(n) + " quầy mở";
    t.en = std::to_string(f.waiting) + " waiting, " + std::to_string(n) + (n == 1 ? " counter open" : " counters open");
    std::vector<std::string> vi, en;
    for (const auto& c : f.sharedCounters) {
        vi.push_back(c.name + " dùng chung với " + joined(c.otherFields, ", "));
        en.push_back(c.name + " shared with " + joined(c.otherFields, ", "));
    }
    if (!vi.empty()) {
        t.vi += " (" + joined(vi, "; ") + ")";
        t.en += " (" + joined(en, "; ") + ")";
    }
    return t;
}

FieldAssessment assessField(const FieldFigures& f, const FlagRules& rules, bool clearing) {
    const double t = f.target.targetMinutes;
    const double waitMargin = clearing ? rules.clearMargin * t : 0.0;
    const double slMargin = clearing ? rules.slClearMargin : 0.0;
    auto over = [&](double value, double ratio) { return value > ratio * t - waitMargin; };
    double est = f.estimatedWaitMinutes.value_or(0);
    bool slKnown = f.serviceLevel && f.callsInWindow >= rules.minCallsForServiceLevel;
    bool evidence = f.arrivalsInWindow >= rules.minArrivals && f.servicesInWindow >= rules.minServices;

    // NEED_STAFF: someone already waited past the target, people wait with no
    // counter, or (with evidence) a ticket taken now would.
    Findings need;
    need.noCounter = f.waiting > 0 && f.countersServing == 0;
    need.head = f.waiting > 0 && over(f.headWaitMinutes, 1.0);
    // After the cut-off (or out of quota) no ticket can be taken now: nothing to predict for one.
    need.estimate = evidence && f.issuing && f.estimatedWaitMinutes && over(est, 1.0);
    // Nobody waiting and a ticket taken now within the target: nothing for more staff to do.
    bool quiet = f.waiting == 0 && !(f.issuing && f.estimatedWaitMinutes && est > t);
    // WATCH: the same nearing the target; the last hour's share below target
    // (history: it kept flags up an hour after a queue had cleared, and
    // raised 25% of the false alarms when it could call for staff); and
    // Erlang's steady-state view of the arrivals against the counters.
    Findings watch;
    watch.head = f.waiting > 0 && over(f.headWaitMinutes, rules.watchRatio);
    watch.serviceLevel = slKnown && *f.serviceLevel < f.target.share + rules.slWatchMargin + slMargin;
    watch.estimate = evidence && f.issuing && f.estimatedWaitMinutes && over(est, rules.watchRatio);
    watch.overload = evidence && f.countersServing > 0 && f.load > 0 && f.load >= f.openCounters;
    watch.staffing = evidence && f.countersServing > 0 && f.countersNeeded > std::ceil(f.openCounters - 1e-9);

    FieldAssessment a;
    auto seenOnly = [](Findings x) {
        x.estimate = x.overload = x.staffing = false;
        return x;
    };
    if (need.seen() && !quiet) {
        a.seenLevel = FlagLevel::needStaff;
        a.seenReason = describe(f, seenOnly(need));
    } else if (watch.seen()) {
        a.seenLevel = FlagLevel::watch;
        a.seenReason = describe(f, seenOnly(watch));
    }
    if (need.any() && !quiet) {
        a.level = FlagLevel::needStaff;
        a.reason = describe(f, need);
    } else if (watch.any()) {
        a.level = FlagLevel::watch;
        a.reason = describe(f, watch);
    } else {
        a.reason = describe(f, Findings{});
    }
    return a;
}

std::vector<CounterAlert> findCounterAlerts(const QueueEngine& engine,
                                            const std::vector<FieldFigures>& figures, TimePoint now) {
    std::vector<CounterAlert> out;
    for (const auto& [number, c] : engine.counters()) {
        if (!c.open || (!c.paused && c.activeTicket != 0)) {
            continue;
        }
        const FieldFigures* worst = nullptr;
        for (const auto& field : callableFields(engine, number)) {
            for (const auto& f : figures) {
                if (f.field != field || f.waiting == 0 || f.headWaitMinutes <= f.target.targetMinutes) {
                    continue;
                }
                if (worst == nullptr || f.headWaitMinutes / f.target.targetMinutes >
                                            worst->headWaitMinutes / worst->target.targetMinutes) {
                    worst = &f;
                }
            }
        }
        if (worst == nullptr) {
            continue;
        }
        CounterAlert a;
        a.counter = number;
        a.field = worst->field;
        std::string head = whole(worst->headWaitMinutes);
        std::string target = whole(worst->target.targetMinutes);
        std::string tailVi = " trong khi " + worst->name + " có người chờ " + head + " phút (mục tiêu " + target + ")";
        std::string tailEn = " while " + englishName(*worst) + " has someone waiting " + head + " min (target " + target + ")";
        std::string vi = counterNameVi(engine, number);
        std::string en = "Counter " + std::to_string(number);
        if (c.paused) {
            a.kind = CounterAlertKind::pausedWhileWaiting;
            const PauseReason* r = engine.config().pauseReason(c.pauseReason);
            std::string why = r != nullptr ? r->name : c.pauseReason;
            std::string since = whole(std::chrono::duration<double, std::ratio<60>>(now - c.pausedAt).count());
            a.reason.vi = vi + " tạm dừng" + (why.empty() ? "" : " (" + why + ")") + " " + since + " phút" + tailVi;
            a.reason.en = en + " paused" + (why.empty() ? "" : " (" + why + ")") + " for " + since + " min" + tailEn;
        } else {
            a.kind = CounterAlertKind::idleWhileWaiting;
            a.reason.vi = vi + " đang trống" + tailVi;
            a.reason.en = en + " is idle" + tailEn;
        }
        out.push_back(std::move(a));
    }
    return out;
}

FlagTracker::FlagTracker(FlagRules rules) : rules_(rules) {}

void FlagTracker::reset() {
    fields_.clear();
    counters_.clear();
}

FlagLevel FlagTracker::level(const std::string& field) const {
    auto it = fields_.find(field);
    return it == fields_.end() ? FlagLevel::ok : it->second.level;
}

FlagText FlagTracker::reason(const std::string& field) const {
    auto it = fields_.find(field);
    return it == fields_.end() ? FlagText{} : it->second.shown;
}

std::optional<TimePoint> FlagTracker::since(const std::string& field) const {
    auto it = fields_.find(field);
    if (it == fields_.end() || it->second.level == FlagLevel::ok) {
        return std::nullopt;
    }
    return it->second.since;
}

bool FlagTracker::held(const std::string& field) const {
    auto it = fields_.find(field);
    return it != fields_.end() && it->second.level != FlagLevel::ok && it->second.below;
}

CounterAlertKind FlagTracker::counterFlag(int counter) const {
    auto it = counters_.find(counter);
    return it == counters_.end() ? CounterAlertKind::none : it->second.shown;
}

std::string FlagTracker::hhmm(TimePoint t) const { return clock_ ? clock_->formatHourMinute(t) : std::string{}; }

FlagText FlagTracker::shownReason(const FieldState& st) const {
    if (st.level == FlagLevel::ok) {
        return {};
    }
    const std::string at = hhmm(st.since);
    FlagText t;
    if (!st.below) {
        t.vi = (at.empty() ? "" : "Từ " + at + ": ") + st.raisedBecause.vi;
        t.en = (at.empty() ? "" : "Since " + at + ": ") + st.raisedBecause.en;
        return t;
    }
    // Held by the hysteresis: say so, since when, and when it may go.
    t.vi = "Đang giữ cảnh báo" + (at.empty() ? "" : " (bật lúc " + at + ")");
    t.en = "Held" + (at.empty() ? "" : " (raised at " + at + ")");
    if (st.clearSince) {
        std::string from = hhmm(*st.clearSince);
        std::string until = hhmm(*st.clearSince + rules_.hold);
        t.vi += ": số liệu đã ổn" + (from.empty() ? "" : " từ " + from) + ", sẽ hạ" +
                (until.empty() ? "" : " lúc " + until) + " nếu vẫn ổn";
        t.en += ": figures normal" + (from.empty() ? "" : " since " + from) + ", lowered" +
                (until.empty() ? "" : " at " + until) + " if they stay so";
    } else {
        t.vi += ": số liệu chưa xuống đủ dưới ngưỡng";
        t.en += ": figures not yet clearly below the threshold";
    }
    t.vi += ". Lý do khi bật: " + st.raisedBecause.vi;
    t.en += ". Raised because: " + st.raisedBecause.en;
    return t;
}

void FlagTracker::updateField(const FieldFigures& f, TimePoint now, std::vector<FlagChange>& out) {
    FieldState& st = fields_[f.field];
    FieldAssessment up = assessField(f, rules_, false);
    FieldAssessment down = assessField(f, rules_, true);
    auto change = [&](FlagLevel to, const FlagText& why) {
        out.push_back({f.field, 0, std::string(flagLevelName(st.level)), std::string(flagLevelName(to)), why, now});
        st.level = to;
        st.since = now;
        st.raisedBecause = why;
        st.clearSince.reset();
    };
    // A predicted need counts once it has held for `sustain`; a seen one at once.
    if (up.level > st.level && up.seenLevel < up.level) {
        st.pendingSince = st.pendingSince.value_or(now);
    } else {
        st.pendingSince.reset();
    }
    FlagLevel raiseTo = up.seenLevel;
    if (st.pendingSince && now - *st.pendingSince >= rules_.sustain) {
        raiseTo = up.level;
    }
    if (raiseTo > st.level) {
        if (raiseTo == up.level) {
            st.pendingSince.reset();
        }
        change(raiseTo, raiseTo == up.level ? up.reason : up.seenReason);
    } else if (down.level < st.level) {
        if (!st.clearSince) {
            st.clearSince = now;
            st.lowerTo = down.level;
        }
        st.lowerTo = std::max(st.lowerTo, down.level);
        if (now - *st.clearSince >= rules_.hold) {
            FlagText why = up.reason;
            if (st.lowerTo == FlagLevel::ok) {
                FlagText ctx = fieldContext(f);
                why = {f.name + ": hết cảnh báo (bật lúc " + hhmm(st.since) + "). " + ctx.vi + ".",
                       englishName(f) + ": flag cleared (raised at " + hhmm(st.since) + "). " + ctx.en + "."};
            }
            change(st.lowerTo, why);
        }
    } else {
        st.clearSince.reset();
    }
    st.below = st.level != FlagLevel::ok && up.level < st.level;
    st.shown = shownReason(st);
}

void FlagTracker::updateCounter(const CounterAlert* alert, int counter, CounterState& st, TimePoint now,
                                std::vector<FlagChange>& out) {
    CounterAlertKind kind = alert != nullptr ? alert->kind : CounterAlertKind::none;
    if (kind != st.seen) {
        st.seen = kind;
        st.seenSince = now;
    }
    bool due = kind != CounterAlertKind::idleWhileWaiting || now - st.seenSince >= rules_.counterGrace;
    if (kind != st.shown && due) {
        FlagText why = alert != nullptr ? alert->reason : FlagText{"Quầy " + std::to_string(counter) + ": hết cảnh báo",
                                                                   "Counter " + std::to_string(counter) + ": alert cleared"};
        out.push_back({"", counter, std::string(counterAlertName(st.shown)), std::string(counterAlertName(kind)),
                       why, now});
        st.shown = kind;
    }
}

std::vector<FlagChange> FlagTracker::update(const std::vector<FieldFigures>& fields,
                                            const std::vector<CounterAlert>& counters, TimePoint now) {
    std::vector<FlagChange> out;
    for (const auto& f : fields) {
        updateField(f, now, out);
    }
    for (const auto& a : counters) {
        counters_[a.counter]; // start tracking
    }
    for (auto& [number, st] : counters_) {
        auto it = std::find_if(counters.begin(), counters.end(),
                               [n = number](const CounterAlert& a) { return a.counter == n; });
        updateCounter(it == counters.end() ? nullptr : &*it, number, st, now, out);
    }
    return out;
}

} // namespace qmsd
