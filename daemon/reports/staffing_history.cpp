#include "reports/staffing_history.hpp"

#include "analytics/erlang.hpp"

#include <cmath>

namespace qmsd::reports {
namespace {

// Arrivals per minute at each minute of the week (piecewise constant per hour).
std::array<double, kHoursOfWeek> perMinuteRates(const std::array<int, kHoursOfWeek>& arrivals,
                                                const std::array<int, 7>& openDays) {
    std::array<double, kHoursOfWeek> rate{};
    for (int cell = 0; cell < kHoursOfWeek; ++cell) {
        int days = openDays[static_cast<std::size_t>(cell / 24)];
        if (days > 0) {
            rate[static_cast<std::size_t>(cell)] = arrivals[static_cast<std::size_t>(cell)] / (days * 60.0);
        }
    }
    return rate;
}

// Mean rate over [cell·60 − lag, cell·60 + 60 − lag) within the cell's own
// day: minutes before its midnight had no arrivals that are still waiting.
double laggedRate(const std::array<double, kHoursOfWeek>& rate, int cell, int lagMinutes) {
    double sum = 0;
    const int dayStart = cell / 24 * 24 * 60;
    for (int m = 0; m < 60; ++m) {
        int minute = cell * 60 + m - lagMinutes;
        if (minute >= dayStart) {
            sum += rate[static_cast<std::size_t>(minute / 60)];
        }
    }
    return sum / 60.0;
}

} // namespace

StaffingHistory staffingFromReport(const Report& report,
                                   const ServiceTargets& targets, ServiceTarget defaultTarget) {
    StaffingHistory out;
    out.range = report.range;
    const WeekHourLoad& load = report.load;
    for (const auto& row : report.byField) {
        auto arrivals = load.arrivals.find(row.key);
        if (arrivals == load.arrivals.end()) {
            continue;
        }
        const auto& serviceSeconds = load.serviceSeconds.at(row.key);
        const auto& serviceCount = load.serviceCount.at(row.key);
        const auto& counterSeconds = load.counterSeconds.at(row.key);
        FieldStaffing fs;
        fs.field = row.key;
        fs.name = row.name;
        auto t = targets.find(row.key);
        fs.target = t != targets.end() ? t->second : defaultTarget;
        double totalSeconds = 0;
        int totalCount = 0;
        for (int cell = 0; cell < kHoursOfWeek; ++cell) {
            totalSeconds += serviceSeconds[static_cast<std::size_t>(cell)];
            totalCount += serviceCount[static_cast<std::size_t>(cell)];
        }
        fs.meanServiceMinutes = totalCount > 0 ? totalSeconds / totalCount / 60.0 : 0;
        auto rate = perMinuteRates(arrivals->second, load.openDays);
        int lag = static_cast<int>(std::lround(fs.meanServiceMinutes));
        for (int cell = 0; cell < kHoursOfWeek; ++cell) {
            auto c = static_cast<std::size_t>(cell);
            StaffingHour h;
            h.weekday = cell / 24;
            h.hour = cell % 24;
            int days = load.openDays[static_cast<std::size_t>(h.weekday)];
            h.arrivalsPerHour = rate[c] * 60.0;
            h.laggedArrivalsPerHour = laggedRate(rate, cell, lag) * 60.0;
            if (serviceCount[c] > 0) {
                h.meanServiceMinutes = serviceSeconds[c] / serviceCount[c] / 60.0;
            }
            double aht = serviceCount[c] >= kMinServicesPerHour ? *h.meanServiceMinutes : fs.meanServiceMinutes;
            h.countersOpen = days > 0 ? counterSeconds[c] / 3600.0 / days : 0;
            h.loadErlangs = h.laggedArrivalsPerHour / 60.0 * aht;
            if (h.loadErlangs > 0 && aht > 0) {
                h.recommended = erlang::countersNeeded(h.loadErlangs, aht, fs.target.targetMinutes,
                                                       fs.target.share);
                int open = static_cast<int>(std::lround(h.countersOpen));
                if (open > 0) {
                    h.predictedShareWithOpen =
                        erlang::serviceLevel(open, h.loadErlangs, aht, fs.target.targetMinutes);
                }
            }
            if (h.arrivalsPerHour > 0 || h.countersOpen > 0 || h.recommended > 0) {
                fs.hours.push_back(h);
            }
        }
        out.fields.push_back(std::move(fs));
    }
    return out;
}

} // namespace qmsd::reports
