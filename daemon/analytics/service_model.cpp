#include "analytics/service_model.hpp"

#include "clock/office_clock.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd {

ServiceModel ServiceModel::uniform(double meanMinutes, double cv) {
    ServiceModel m;
    m.fallback_.meanMinutes = meanMinutes;
    m.fallback_.cv = cv;
    return m;
}

const FieldService& ServiceModel::service(const std::string& field) const {
    auto it = fields_.find(field);
    return it == fields_.end() ? fallback_ : it->second;
}

double ServiceModel::callMinutes(const std::string& field) const {
    const FieldService& s = service(field);
    return (1 - s.noShowShare) * s.meanMinutes + s.noShowShare * s.noShowMinutes;
}

int hourOfWeek(const OfficeClock& clock, TimePoint t) {
    LocalTime lt = clock.local(t);
    return lt.weekday * 24 + std::clamp(lt.minuteOfDay / 60, 0, 23);
}

namespace {

// The prior's mean service for the hour: the hour's own when it has enough
// services behind it, else the field's over all hours; {mean, samples}.
std::pair<double, int> priorService(const FieldHistory& h, int how, double fallback) {
    auto c = static_cast<std::size_t>(how);
    if (h.services[c] >= kMinHourServices) {
        return {h.serviceMinutes[c] / h.services[c], h.services[c]};
    }
    if (h.servicesTotal > 0) {
        return {h.meanServiceMinutes, h.servicesTotal};
    }
    return {fallback, 0};
}

FieldService fieldService(const FieldWindowStats& today, const FieldHistory* history, int how) {
    FieldService s;
    auto [priorMean, priorSamples] =
        history != nullptr ? priorService(*history, how, kDefaultServiceMinutes) : std::pair{kDefaultServiceMinutes, 0};
    double priorCv = history != nullptr && history->servicesTotal > 0 ? history->serviceCv : kDefaultServiceCv;
    const int n = today.serviceSamples;
    s.todaySamples = n;
    s.historySamples = priorSamples;
    // The prior counts as kPriorServices services; with no history at all the
    // configured default counts the same, so one quick service early in the
    // day does not halve every estimate.
    s.meanMinutes = (today.serviceSumMinutes + kPriorServices * priorMean) / (n + kPriorServices);
    s.cv = priorCv;
    if (n >= 10) {
        double mean = today.serviceSumMinutes / n;
        double var = std::max(0.0, today.serviceSumSquares / n - mean * mean);
        double todayCv = mean > 0 ? std::sqrt(var) / mean : priorCv;
        s.cv = (n * todayCv + kPriorServices * priorCv) / (n + kPriorServices);
    }
    s.unsure = n < 3 && priorSamples < kMinHourServices;
    // No-shows among the window's calls, leaning on a usual 3% until there are some.
    s.noShowShare = (today.noShows + 0.03 * 10) / (today.calls + 10);
    return s;
}

} // namespace

FieldRate blendedRate(const FieldWindowStats& today, const HistoryPrior& prior, const std::string& field,
                      int how) {
    auto it = prior.fields.find(field);
    if (it == prior.fields.end()) {
        return {today.arrivalsPerMinute, false};
    }
    double priorPerMinute = it->second.arrivalsPerHour[static_cast<std::size_t>(how)] / 60.0;
    double observed = today.observedMinutes;
    // Today's arrivals over the minutes it has watched, the history's rate for
    // kPriorRateMinutes more: at 07:34 the history speaks, by 09:00 today does.
    double rate = (today.arrivals + priorPerMinute * kPriorRateMinutes) / (observed + kPriorRateMinutes);
    return {rate, observed < kPriorRateMinutes};
}

ServiceModel buildServiceModel(const OfficeConfig& cfg, const OfficeClock& clock, const FieldWindow& window,
                               const HistoryPrior& prior, TimePoint now, double pauseMinutes) {
    ServiceModel m;
    m.pauseMinutes = pauseMinutes;
    int how = hourOfWeek(clock, now);
    for (const auto& f : cfg.fields) {
        FieldWindowStats today = window.stats(f.id, now, f.targetWaitMinutes);
        auto h = prior.fields.find(f.id);
        m.set(f.id, fieldService(today, h == prior.fields.end() ? nullptr : &h->second, how));
    }
    return m;
}

} // namespace qmsd
