#include "analytics/field_flags.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace qmsd {

namespace {

std::string whole(double v) { return std::to_string(std::lround(v)); }

// 1.5 counters is "1,5" in Vietnamese and "1.5" in English.
std::string counters(double v, char decimalPoint) {
    if (std::abs(v - std::round(v)) < 0.05) {
        return whole(v);
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', decimalPoint);
    return s;
}

std::string percent(double share) { return whole(share * 100); }

const std::string& englishName(const FieldFigures& f) { return f.nameEn.empty() ? f.name : f.nameEn; }

// What the flag is about, and why, as one line per language.
struct Findings {
    bool noCounter = false, estimate = false, head = false, overload = false, staffing = false,
         serviceLevel = false;
};

FlagText describe(const FieldFigures& f, const Findings& why) {
    const std::string target = whole(f.target.targetMinutes);
    FlagText t;
    t.vi = f.name + ": " + std::to_string(f.waiting) + " người đang chờ, ";
    t.en = englishName(f) + ": " + std::to_string(f.waiting) + " waiting, ";
    if (f.estimatedWaitMinutes) {
        t.vi += "dự kiến " + whole(*f.estimatedWaitMinutes) + " phút, mục tiêu " + target + "; ";
        t.en += "estimated " + whole(*f.estimatedWaitMinutes) + " min, target " + target + "; ";
        t.vi += counters(f.openCounters, ',') + " quầy mở, cần " + std::to_string(f.countersNeeded);
        bool one = std::abs(f.openCounters - 1.0) < 0.05;
        t.en += counters(f.openCounters, '.') + (one ? " counter open, " : " counters open, ") +
                std::to_string(f.countersNeeded) + " needed";
    } else {
        t.vi += "không có quầy nào mở, mục tiêu " + target + "; cần " + std::to_string(f.countersNeeded);
        t.en += "no counter open, target " + target + "; " + std::to_string(f.countersNeeded) + " needed";
    }
    if (why.head) {
        t.vi += "; người chờ lâu nhất " + whole(f.headWaitMinutes) + " phút";
        t.en += "; longest wait " + whole(f.headWaitMinutes) + " min";
    }
    if (why.overload && f.estimatedWaitMinutes) {
        char load[32];
        std::snprintf(load, sizeof load, "%.1f", f.load);
        std::string vi = load;
        std::replace(vi.begin(), vi.end(), '.', ',');
        t.vi += "; quá tải (tải " + vi + " Erlang)";
        t.en += std::string("; overloaded (load ") + load + " Erlang)";
    }
    if (why.serviceLevel && f.serviceLevel) {
        t.vi += "; " + percent(*f.serviceLevel) + "% được gọi trong " + target + " phút (mục tiêu " +
                percent(f.target.share) + "%)";
        t.en += "; " + percent(*f.serviceLevel) + "% called within " + target + " min (target " +
                percent(f.target.share) + "%)";
    }
    return t;
}

std::string counterNameVi(const QueueEngine& engine, int number) {
    const CounterConfig* cc = engine.config().counter(number);
    return cc != nullptr && !cc->name.empty() ? cc->name : "Quầy " + std::to_string(number);
}

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

FieldAssessment assessField(const FieldFigures& f, const FlagRules& rules, bool clearing) {
    const double t = f.target.targetMinutes;
    const double waitMargin = clearing ? rules.clearMargin * t : 0.0;
    const double slMargin = clearing ? rules.slClearMargin : 0.0;
    auto over = [&](double value, double ratio) { return value > ratio * t - waitMargin; };
    double est = f.estimatedWaitMinutes.value_or(0);
    bool slKnown = f.serviceLevel && f.callsInWindow >= rules.minCallsForServiceLevel;

    Findings need;
    need.noCounter = f.waiting > 0 && f.countersServing == 0;
    need.estimate = f.estimatedWaitMinutes && over(est, 1.0);
    need.head = f.waiting > 0 && over(f.headWaitMinutes, 1.0);
    need.overload = f.load > 0 && f.load >= f.openCounters;
    need.staffing = f.countersNeeded > std::ceil(f.openCounters - 1e-9);
    need.serviceLevel = slKnown && *f.serviceLevel < f.target.share + slMargin;
    if (need.noCounter || need.estimate || need.head || need.overload || need.staffing || need.serviceLevel) {
        return {FlagLevel::needStaff, describe(f, need)};
    }
    Findings watch;
    watch.estimate = f.estimatedWaitMinutes && over(est, rules.watchRatio);
    watch.head = f.waiting > 0 && over(f.headWaitMinutes, rules.watchRatio);
    watch.serviceLevel = slKnown && *f.serviceLevel < f.target.share + rules.slWatchMargin + slMargin;
    if (watch.estimate || watch.head || watch.serviceLevel) {
        return {FlagLevel::watch, describe(f, watch)};
    }
    return {FlagLevel::ok, describe(f, Findings{})};
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
    return it == fields_.end() ? FlagText{} : it->second.reason;
}

CounterAlertKind FlagTracker::counterFlag(int counter) const {
    auto it = counters_.find(counter);
    return it == counters_.end() ? CounterAlertKind::none : it->second.shown;
}

void FlagTracker::updateField(const FieldFigures& f, TimePoint now, std::vector<FlagChange>& out) {
    FieldState& st = fields_[f.field];
    FieldAssessment up = assessField(f, rules_, false);
    FieldAssessment down = assessField(f, rules_, true);
    auto change = [&](FlagLevel to, const FlagText& why) {
        out.push_back({f.field, 0, std::string(flagLevelName(st.level)), std::string(flagLevelName(to)), why, now});
        st.level = to;
        st.clearSince.reset();
    };
    if (up.level > st.level) {
        change(up.level, up.reason);
    } else if (down.level < st.level) {
        if (!st.clearSince) {
            st.clearSince = now;
            st.lowerTo = down.level;
        }
        st.lowerTo = std::max(st.lowerTo, down.level);
        if (now - *st.clearSince >= rules_.hold) {
            change(st.lowerTo, up.reason);
        }
    } else {
        st.clearSince.reset();
    }
    st.reason = up.reason;
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
