#include "flag_accuracy.hpp"

#include "clock/office_clock.hpp"

#include <cstdio>
#include <cstdlib>

namespace qmsd::bench {

namespace {

// The first finding named in a reason ("Since 09:12: Land: longest wait …").
std::string findingOf(const std::string& reason) {
    for (const char* f : {"no counter open", "longest wait", "called within", "ticket taken now", "an hour at"}) {
        if (reason.find(f) != std::string::npos) {
            return f;
        }
    }
    return "other";
}

} // namespace

void FlagRecorder::advanceTo(const replay::EngineDriver& d, TimePoint at) {
    const QueueEngine& engine = d.engine();
    if (engine.day() != day_) {
        tracker_.reset(); // as the daemon at each new day
        tracker_.setClock(engine.clock());
        day_ = engine.day();
        next_ = std::max(next_, at);
    }
    // Overnight the engine is still on the day before: nothing to assess.
    const TimePoint dayEnd = engine.clock().instantOf(nextDay(day_), 0);
    if (next_ >= dayEnd) {
        next_ = std::max(next_, at);
        return;
    }
    for (; next_ <= at && next_ < dayEnd; next_ += kStep) {
        auto figures = computeAllFieldFigures(engine, d.estimator(), next_);
        auto alerts = findCounterAlerts(engine, figures, next_);
        tracker_.update(figures, alerts, next_);
        int hour = engine.clock().local(next_).minuteOfDay / 60;
        for (const auto& f : figures) {
            if (tracker_.level(f.field) == FlagLevel::needStaff) {
                HourKey key{f.field, day_, hour};
                flagged_[key] += static_cast<double>(kStep.count());
                raisedBy_.try_emplace(key, findingOf(tracker_.reason(f.field).en));
            }
        }
    }
}

FlagScore scoreFlags(const replay::Arrivals& a, const OfficeConfig& cfg, const FlagRecorder& flags,
                     double minFlagMinutes, int minJudged) {
    auto clock = OfficeClock::forZone(cfg.office.timeZone);
    struct Judged {
        int within = 0, total = 0;
    };
    std::map<HourKey, Judged> truth;
    for (const auto& r : a.rows) {
        const FieldConfig* f = cfg.field(r.field);
        if (f == nullptr) {
            continue;
        }
        double target = f->targetWaitMinutes;
        auto minutes = [&r](TimePoint t) { return std::chrono::duration<double, std::ratio<60>>(t - r.issuedAt).count(); };
        if (r.calledAt) {
            Judged& j = truth[{r.field, r.day, clock->local(*r.calledAt).minuteOfDay / 60}];
            ++j.total;
            j.within += minutes(*r.calledAt) <= target + 1e-9 ? 1 : 0;
        } else if (minutes(r.endedAt()) > target) { // left after more than the target: a miss
            ++truth[{r.field, r.day, clock->local(r.endedAt()).minuteOfDay / 60}].total;
        }
    }
    FlagScore s;
    auto flaggedFor = [&flags, minFlagMinutes](const HourKey& k) {
        auto it = flags.flaggedSeconds().find(k);
        return it != flags.flaggedSeconds().end() && it->second >= minFlagMinutes * 60;
    };
    for (const auto& [key, j] : truth) {
        if (j.total < minJudged) {
            continue;
        }
        const FieldConfig* f = cfg.field(std::get<0>(key));
        bool isShort = static_cast<double>(j.within) / j.total < f->serviceLevelTarget;
        bool flagged = flaggedFor(key);
        (isShort ? s.shortHours : s.okHours) += 1;
        s.caught += isShort && flagged ? 1 : 0;
        if (isShort && !flagged && std::getenv("QMSD_BENCH_DEBUG") != nullptr) {
            auto it = flags.flaggedSeconds().find(key);
            std::fprintf(stderr, "missed %s %s %02d: %d/%d within, flagged %.1f min\n", std::get<0>(key).c_str(),
                         std::get<1>(key).c_str(), std::get<2>(key), j.within, j.total,
                         it == flags.flaggedSeconds().end() ? 0.0 : it->second / 60);
        }
        s.falseAlarms += !isShort && flagged ? 1 : 0;
        if (!isShort && flagged) {
            ++s.falseAlarmsBy[flags.raisedBy().at(key)];
            if (std::getenv("QMSD_BENCH_DEBUG") != nullptr) {
                std::fprintf(stderr, "false alarm %s %s %02d: %d/%d within, flagged %.0f min, by %s\n",
                             std::get<0>(key).c_str(), std::get<1>(key).c_str(), std::get<2>(key), j.within, j.total,
                             flags.flaggedSeconds().at(key) / 60, flags.raisedBy().at(key).c_str());
            }
        }
    }
    for (const auto& [key, seconds] : flags.flaggedSeconds()) {
        auto it = truth.find(key);
        if (seconds >= minFlagMinutes * 60 && (it == truth.end() || it->second.total < minJudged)) {
            ++s.flaggedUnjudged;
        }
    }
    return s;
}

} // namespace qmsd::bench
