#include "reports/report_merge.hpp"

#include <algorithm>

namespace qmsd::reports {
namespace {

double seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

bool anyCount(const SlotCounts& c) {
    int sum = c.outcomes.total();
    for (int v : c.levels) {
        sum += v;
    }
    return sum != 0;
}

void addCounts(Accumulator& a, const SlotCounts& c) {
    a.outcomes += c.outcomes;
    for (std::size_t i = 0; i < c.levels.size(); ++i) {
        a.ratings.count += c.levels[i];
        a.ratings.levels[i] += c.levels[i];
    }
    for (std::size_t i = 0; i < c.channels.size(); ++i) {
        a.ratings.channels[i] += c.channels[i];
    }
}

} // namespace

void addSlots(const DayDigest& d, const std::vector<SlotSinks>& sinks) {
    for (std::size_t i = 0; i < d.slots.size(); ++i) {
        const SlotSinks& w = sinks[i];
        if (anyCount(d.counts[i])) { // many slots only hold samples
            for (int k = 0; k < w.n; ++k) {
                addCounts(*w.rows[static_cast<std::size_t>(k)], d.counts[i]);
            }
        }
    }
    for (const auto& x : d.waits) {
        const SlotSinks& w = sinks[static_cast<std::size_t>(x.slot)];
        bool within = !w.hasField || x.ms <= w.targetMs;
        for (int k = 0; k < w.n; ++k) {
            Accumulator& a = *w.rows[static_cast<std::size_t>(k)];
            a.waitMs.push_back(x.ms);
            ++(within ? a.withinTarget : a.missedTarget);
        }
    }
    for (const auto& x : d.estimates) {
        const SlotSinks& w = sinks[static_cast<std::size_t>(x.slot)];
        for (int k = 0; k < w.n; ++k) {
            w.rows[static_cast<std::size_t>(k)]->addEstimate(x.estimateMs, x.waitMs);
        }
    }
    for (const auto& x : d.uncalled) {
        const SlotSinks& w = sinks[static_cast<std::size_t>(x.slot)];
        if (w.hasField && x.ms > w.targetMs) {
            for (int k = 0; k < w.n; ++k) {
                ++w.rows[static_cast<std::size_t>(k)]->missedTarget;
            }
        }
    }
    for (const auto& x : d.services) {
        const SlotSinks& w = sinks[static_cast<std::size_t>(x.slot)];
        for (int k = 0; k < w.n; ++k) {
            w.rows[static_cast<std::size_t>(k)]->serviceMs.push_back(x.ms);
        }
    }
    for (const auto& x : d.answers) { // answers to the office's rating questions, by question id
        const SlotSinks& w = sinks[static_cast<std::size_t>(x.slot)];
        const std::string& question = d.questions[static_cast<std::size_t>(x.question)];
        for (int k = 0; k < w.n; ++k) {
            auto& levels = w.rows[static_cast<std::size_t>(k)]->ratings.questions[question];
            for (std::size_t i = 0; i < levels.size(); ++i) {
                levels[i] += x.levels[i];
            }
        }
    }
}

ReportMerge::ReportMerge(const OfficeConfig& cfg, const ReportOptions& options) : cfg_(cfg), options_(options) {
    for (const auto& f : cfg.fields) {
        fieldIndex(f.id);
    }
    for (const auto& s : cfg.staff) {
        staffIndex(s.id);
    }
    for (const auto& c : cfg.counters) {
        byCounter_[c.number];
        counterTime_[c.number];
    }
}

int ReportMerge::fieldIndex(const std::string& id) {
    for (std::size_t i = 0; i < fieldIds_.size(); ++i) {
        if (fieldIds_[i] == id) {
            return static_cast<int>(i);
        }
    }
    fieldIds_.push_back(id);
    auto t = options_.targets.find(id);
    const ServiceTarget& target = t != options_.targets.end() ? t->second : options_.defaultTarget;
    fieldTargetMs_.push_back(target.targetMinutes * 60'000);
    byField_.emplace_back();
    load_.emplace_back();
    return static_cast<int>(fieldIds_.size() - 1);
}

int ReportMerge::staffIndex(const std::string& id) {
    for (std::size_t i = 0; i < staffIds_.size(); ++i) {
        if (staffIds_[i] == id) {
            return static_cast<int>(i);
        }
    }
    staffIds_.push_back(id);
    byStaff_.emplace_back();
    return static_cast<int>(staffIds_.size() - 1);
}

int ReportMerge::targetMs(int field) const { return fieldTargetMs_[static_cast<std::size_t>(field)]; }

void ReportMerge::add(const DayDigest& d) {
    if (!d.active) {
        return;
    }
    ++daysWithActivity_;
    ++openDays_[static_cast<std::size_t>(d.weekday)];
    byDay_.emplace_back(d.day, Accumulator{});
    Accumulator& day = byDay_.back().second;

    std::vector<int> fields;
    fields.reserve(d.fields.size());
    for (const auto& f : d.fields) {
        fields.push_back(fieldIndex(f));
    }
    std::vector<int> staff;
    staff.reserve(d.staff.size());
    for (const auto& s : d.staff) {
        staff.push_back(staffIndex(s));
    }
    // Each slot's rows, resolved once per day.
    std::vector<SlotSinks> sinks(d.slots.size());
    for (std::size_t i = 0; i < d.slots.size(); ++i) {
        const DigestSlot& s = d.slots[i];
        SlotSinks& w = sinks[i];
        w.add(total_);
        w.add(day);
        w.add(byCell_[static_cast<std::size_t>(d.weekday * 24 + s.hour)]);
        if (s.field >= 0) {
            int field = fields[static_cast<std::size_t>(s.field)];
            w.hasField = true;
            w.targetMs = targetMs(field);
            w.add(byField_[static_cast<std::size_t>(field)]);
        }
        if (s.counter > 0) {
            w.add(byCounter_[s.counter]);
        }
        if (s.staff >= 0) {
            w.add(byStaff_[static_cast<std::size_t>(staff[static_cast<std::size_t>(s.staff)])]);
        }
    }
    addSlots(d, sinks);
    for (const auto& x : d.comments) {
        const DigestSlot& s = d.slots[static_cast<std::size_t>(x.slot)];
        comments_.push_back(RatingComment{d.day, x.atMs, x.code,
                                          s.field >= 0 ? d.fields[static_cast<std::size_t>(s.field)] : std::string{},
                                          s.counter,
                                          s.staff >= 0 ? d.staff[static_cast<std::size_t>(s.staff)] : std::string{},
                                          x.level, x.text});
    }
    for (const auto& c : d.counterTime) {
        byCounter_[c.counter];
        CounterMs& t = counterTime_[c.counter];
        t.open += c.openMs;
        t.busy += c.busyMs;
        t.paused += c.pausedMs;
        t.idle += c.idleWhileWaitingMs;
    }
    for (const auto& p : d.pauses) {
        PauseMs& row = pauses_[{p.counter, p.reason}];
        row.count += p.count;
        row.ms += p.ms;
    }
    for (const auto& l : d.load) {
        FieldLoad& fl = load_[static_cast<std::size_t>(fields[static_cast<std::size_t>(l.field)])];
        auto cell = static_cast<std::size_t>(d.weekday * 24 + l.hour);
        fl.arrivals[cell] += l.arrivals;
        fl.serviceMs[cell] += l.serviceMs;
        fl.serviceCount[cell] += l.serviceCount;
        fl.counterMs[cell] += l.counterMs;
    }
}

Report ReportMerge::finish() {
    Report r;
    r.range = options_.range;
    r.daysInRange = daysIn(options_.range);
    r.daysWithActivity = daysWithActivity_;
    r.total = total_.finish("total", "Tổng");
    for (std::size_t i = 0; i < fieldIds_.size(); ++i) {
        bool configured = i < cfg_.fields.size();
        if (!configured && !hasActivity(byField_[i])) {
            continue;
        }
        const std::string& id = fieldIds_[i];
        const FieldConfig* fc = cfg_.field(id);
        r.byField.push_back(byField_[i].finish(id, fc != nullptr ? fc->name : id));
        const FieldLoad& fl = load_[i];
        auto& serviceSeconds = r.load.serviceSeconds[id];
        auto& counterSeconds = r.load.counterSeconds[id];
        for (std::size_t c = 0; c < static_cast<std::size_t>(kHoursOfWeek); ++c) {
            serviceSeconds[c] = seconds(fl.serviceMs[c]);
            counterSeconds[c] = seconds(fl.counterMs[c]);
        }
        r.load.arrivals[id] = fl.arrivals;
        r.load.serviceCount[id] = fl.serviceCount;
    }
    for (auto& [number, acc] : byCounter_) {
        const CounterConfig* cc = cfg_.counter(number);
        std::string key = std::to_string(number);
        r.byCounter.push_back(acc.finish(key, cc != nullptr ? cc->name : "Quầy " + key));
    }
    for (std::size_t i = 0; i < staffIds_.size(); ++i) {
        if (i >= cfg_.staff.size() && !hasActivity(byStaff_[i])) {
            continue;
        }
        const StaffConfig* sc = cfg_.staffMember(staffIds_[i]);
        r.byStaff.push_back(byStaff_[i].finish(staffIds_[i], sc != nullptr ? sc->name : staffIds_[i]));
    }
    for (auto& [day, acc] : byDay_) {
        r.byDay.push_back(acc.finish(day, day));
    }
    for (int cell = 0; cell < kHoursOfWeek; ++cell) {
        Accumulator& acc = byCell_[static_cast<std::size_t>(cell)];
        if (!hasActivity(acc)) {
            continue;
        }
        HourCell hc;
        hc.weekday = cell / 24;
        hc.hour = cell % 24;
        hc.stats = acc.finish(std::to_string(hc.weekday) + "-" + std::to_string(hc.hour), "");
        r.byHour.push_back(std::move(hc));
    }
    for (const auto& [key, p] : pauses_) {
        PauseRow row;
        row.counter = key.first;
        row.reason = key.second;
        const PauseReason* pr = cfg_.pauseReason(row.reason);
        row.reasonName = pr != nullptr ? pr->name : row.reason;
        row.count = p.count;
        row.seconds = seconds(p.ms);
        r.pauses.push_back(std::move(row));
    }
    for (const auto& [number, t] : counterTime_) {
        CounterTime ct;
        ct.counter = number;
        ct.name = cfg_.counterName(number);
        ct.openSeconds = seconds(t.open);
        ct.busySeconds = seconds(t.busy);
        ct.pausedSeconds = seconds(t.paused);
        ct.idleWhileWaitingSeconds = seconds(t.idle);
        r.counterTime.push_back(std::move(ct));
    }
    r.load.openDays = openDays_;
    r.comments = std::move(comments_);
    std::stable_sort(r.comments.begin(), r.comments.end(),
                     [](const RatingComment& a, const RatingComment& b) { return a.atMs < b.atMs; });
    return r;
}

} // namespace qmsd::reports
