#include "reports/history_prior.hpp"

#include "clock/office_clock.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd::reports {

namespace {

// A lognormal's coefficient of variation from its median and p90:
// σ = ln(p90/median)/z(0.9), cv = √(exp(σ²) − 1).
double cvFrom(const DurationStats& s) {
    if (s.count < 10 || s.median <= 0 || s.p90 <= s.median) {
        return kDefaultServiceCv;
    }
    double sigma = std::log(s.p90 / s.median) / 1.2815515655;
    return std::clamp(std::sqrt(std::expm1(sigma * sigma)), 0.1, 2.0);
}

ReportOptions optionsFor(const OfficeConfig& cfg, const std::string& today, int weeks) {
    ReportOptions o;
    o.range = {addDays(today, -7 * weeks), addDays(today, -1)};
    o.targets = targetsFromConfig(cfg);
    return o;
}

} // namespace

HistoryPrior priorFromReport(const Report& report) {
    HistoryPrior p;
    p.fromDay = report.range.from;
    p.toDay = report.range.to;
    for (const auto& row : report.byField) {
        FieldHistory h;
        h.servicesTotal = row.service.count;
        h.meanServiceMinutes = row.service.mean / 60.0;
        h.serviceCv = cvFrom(row.service);
        const WeekHourLoad& load = report.load;
        auto arrivals = load.arrivals.find(row.key);
        auto seconds = load.serviceSeconds.find(row.key);
        auto counts = load.serviceCount.find(row.key);
        for (int cell = 0; cell < kHoursOfWeek; ++cell) {
            auto c = static_cast<std::size_t>(cell);
            int days = load.openDays[c / 24];
            if (arrivals != load.arrivals.end() && days > 0) {
                h.arrivalsPerHour[c] = static_cast<double>(arrivals->second[c]) / days;
            }
            if (counts != load.serviceCount.end()) {
                h.services[c] = counts->second[c];
                h.serviceMinutes[c] = seconds->second[c] / 60.0;
            }
        }
        if (h.servicesTotal > 0 || arrivals != load.arrivals.end()) {
            p.fields[row.key] = h;
        }
    }
    return p;
}

Result<HistoryPrior> readHistoryPrior(const std::string& dbPath, const OfficeConfig& cfg, const std::string& today,
                                      int weeks) {
    auto report = queryReport(dbPath, cfg, optionsFor(cfg, today, weeks));
    if (!report) {
        return report.error();
    }
    return priorFromReport(*report);
}

Result<HistoryPrior> readHistoryPrior(SQLite::Database& db, const OfficeConfig& cfg, const std::string& today,
                                      int weeks) {
    auto report = queryReport(db, cfg, optionsFor(cfg, today, weeks));
    if (!report) {
        return report.error();
    }
    return priorFromReport(*report);
}

} // namespace qmsd::reports
