#include "city/city_reports.hpp"

#include "reports/report_merge.hpp"

#include <set>

namespace qmsd::city {

CityMerge::CityMerge(reports::DayRange range) : range_(std::move(range)) {}

void CityMerge::beginOffice(const std::string& id, const std::string& name, const OfficeConfig& cfg) {
    offices_.push_back(Office{id, name, {}});
    targets_ = reports::targetsFromConfig(cfg);
    for (const auto& f : cfg.fields) {
        fieldNames_.emplace(f.id, f.name);
    }
}

// ReportMerge's slot walk (reports::addSlots), with breakdowns per office and
// per field id instead of per counter and staff member (those mean nothing
// across offices), each wait judged against its own office's target.
void CityMerge::add(const reports::DayDigest& d) {
    if (!d.active || offices_.empty()) {
        return;
    }
    reports::Accumulator& office = offices_.back().acc;
    reports::Accumulator& day = byDay_[d.day];
    std::vector<reports::Accumulator*> fields;
    std::vector<int> targetMs;
    for (const auto& f : d.fields) {
        fields.push_back(&byField_[f]);
        fieldNames_.emplace(f, f);
        auto t = targets_.find(f);
        targetMs.push_back((t != targets_.end() ? t->second.targetMinutes : reports::ServiceTarget{}.targetMinutes) *
                           60'000);
    }
    std::vector<reports::SlotSinks> sinks(d.slots.size());
    for (std::size_t i = 0; i < d.slots.size(); ++i) {
        const reports::DigestSlot& s = d.slots[i];
        reports::SlotSinks& w = sinks[i];
        w.add(total_);
        w.add(office);
        w.add(day);
        w.add(byCell_[static_cast<std::size_t>(d.weekday * 24 + s.hour)]);
        if (s.field >= 0) {
            w.hasField = true;
            w.targetMs = targetMs[static_cast<std::size_t>(s.field)];
            w.add(*fields[static_cast<std::size_t>(s.field)]);
        }
    }
    reports::addSlots(d, sinks);
}

CityReport CityMerge::finish() {
    CityReport r;
    r.range = range_;
    r.daysInRange = reports::daysIn(range_);
    r.total = total_.finish("total", "Tổng");
    for (auto& o : offices_) {
        r.byOffice.push_back(o.acc.finish(o.id, o.name));
    }
    for (auto& [id, acc] : byField_) {
        if (reports::hasActivity(acc)) {
            r.byField.push_back(acc.finish(id, fieldNames_[id]));
        }
    }
    for (auto& [day, acc] : byDay_) {
        r.byDay.push_back(acc.finish(day, day));
    }
    r.daysWithActivity = static_cast<int>(r.byDay.size());
    for (int cell = 0; cell < reports::kHoursOfWeek; ++cell) {
        reports::Accumulator& acc = byCell_[static_cast<std::size_t>(cell)];
        if (!reports::hasActivity(acc)) {
            continue;
        }
        reports::HourCell hc;
        hc.weekday = cell / 24;
        hc.hour = cell % 24;
        hc.stats = acc.finish(std::to_string(hc.weekday) + "-" + std::to_string(hc.hour), "");
        r.byHour.push_back(std::move(hc));
    }
    return r;
}

Result<reports::Report> officeReport(pg::Connection& c, const std::string& office, const reports::DayRange& range,
                                     TimePoint now) {
    if (auto st = reports::validateRange(range); !st) {
        return st.error();
    }
    auto cfg = latestConfig(c, office);
    if (!cfg) {
        return cfg.error();
    }
    auto digests = officeDigests(c, office, *cfg, range, now);
    if (!digests) {
        return digests.error();
    }
    // The options the office's own /reports/summary uses.
    reports::ReportOptions options;
    options.range = range;
    options.targets = reports::targetsFromConfig(*cfg);
    options.now = now;
    reports::ReportMerge merge(*cfg, options);
    for (const auto& d : *digests) {
        merge.add(d);
    }
    return merge.finish();
}

Result<CityReport> cityReport(pg::Connection& c, const std::vector<std::string>& offices,
                              const reports::DayRange& range, TimePoint now) {
    if (auto st = reports::validateRange(range); !st) {
        return st.error();
    }
    auto rows = loadOffices(c);
    if (!rows) {
        return rows.error();
    }
    std::set<std::string> wanted(offices.begin(), offices.end());
    CityMerge merge(range);
    for (const auto& o : *rows) {
        if (!wanted.empty() && !wanted.contains(o.id)) {
            continue;
        }
        auto cfg = latestConfig(c, o.id);
        if (!cfg) {
            if (cfg.error().code == ErrorCode::notFound) {
                merge.beginOffice(o.id, o.name, OfficeConfig{});
                continue;
            }
            return cfg.error();
        }
        merge.beginOffice(o.id, o.name.empty() ? cfg->office.name : o.name, *cfg);
        auto digests = officeDigests(c, o.id, *cfg, range, now);
        if (!digests) {
            return digests.error();
        }
        for (const auto& d : *digests) {
            merge.add(d);
        }
    }
    return merge.finish();
}

} // namespace qmsd::city
