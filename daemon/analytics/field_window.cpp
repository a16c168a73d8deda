#include "analytics/field_window.hpp"

#include <algorithm>

namespace qmsd {

namespace {

double minutesBetween(TimePoint from, TimePoint to) {
    return std::max(0.0, std::chrono::duration<double, std::ratio<60>>(to - from).count());
}

TimePoint timeOf(TimePoint t) { return t; }
template <class S> TimePoint timeOf(const S& s) { return s.at; }

// Samples are stored with non-decreasing times (a clock step back is clamped),
// so the window's lower edge is a binary search.
template <class Q> auto firstAfter(const Q& q, TimePoint edge) {
    return std::partition_point(q.begin(), q.end(), [edge](const auto& s) { return timeOf(s) <= edge; });
}

} // namespace

FieldWindow::FieldWindow(FieldWindowSettings settings) : settings_(settings) {}

void FieldWindow::clear(const std::string& day, TimePoint at) {
    day_ = day;
    dayStart_ = at;
    fields_.clear();
    tickets_.clear();
}

void FieldWindow::startDay(const std::string& day) {
    if (day != day_) {
        clear(day, TimePoint{});
    }
}

template <class T> void FieldWindow::prune(SampleRing<T>& q, TimePoint at, std::size_t keep) const {
    TimePoint edge = at - settings_.window;
    while (q.size() > keep && (timeOf(q.front()) <= edge || q.size() > settings_.maxSamples)) {
        q.pop_front();
    }
}

FieldWindow::FieldData& FieldWindow::data(const std::string& field, TimePoint at) {
    FieldData& d = fields_[field];
    prune(d.arrivals, at, 0);
    // The last minServices services stay, older or not, to stand in for a quiet window.
    prune(d.services, at, static_cast<std::size_t>(std::max(0, settings_.minServices)));
    prune(d.waits, at, 0);
    prune(d.noShows, at, 0);
    return d;
}

void FieldWindow::addArrival(const std::string& field, TimePoint at) {
    FieldData& d = data(field, at);
    d.arrivals.push_back(d.arrivals.empty() ? at : std::max(at, d.arrivals.back()));
}

void FieldWindow::addService(TicketTrack& t, TimePoint at) {
    double minutes = t.servedMinutes + minutesBetween(t.serviceFrom, at);
    FieldData& d = data(t.field, at);
    d.services.push_back({d.services.empty() ? at : std::max(at, d.services.back().at), minutes});
    ++d.servicesToday;
    t.servedMinutes = 0;
}

void FieldWindow::onEvent(const Event& e) {
    if (!e.day.empty() && e.day != day_) {
        if (e.day < day_) {
            return; // yesterday's closing, published after today started
        }
        clear(e.day, e.at);
    }
    if (dayStart_ == TimePoint{}) {
        dayStart_ = e.at;
    }
    if (e.kind == EventKind::ticketIssued) {
        tickets_[e.ticketId] = TicketTrack{e.field, Phase::waiting, e.at, {}, 0};
        addArrival(e.field, e.at);
        return;
    }
    auto it = tickets_.find(e.ticketId);
    if (it == tickets_.end()) {
        return; // a counter event, or a ticket issued before we started listening
    }
    TicketTrack& t = it->second;
    switch (e.kind) {
    case EventKind::ticketCalled:
        if (t.phase == Phase::waiting) {
            FieldData& d = data(t.field, e.at);
            TimePoint at = d.waits.empty() ? e.at : std::max(e.at, d.waits.back().at);
            d.waits.push_back({at, minutesBetween(t.queuedAt, e.at)});
        }
        t.phase = Phase::atCounter;
        t.serviceFrom = e.at;
        break;
    case EventKind::ticketStarted:
        // Counter time runs from the call; the start only marks the citizen's arrival.
        break;
    case EventKind::ticketParked:
        if (t.phase == Phase::atCounter) {
            t.servedMinutes += minutesBetween(t.serviceFrom, e.at);
        }
        t.phase = Phase::parked;
        break;
    case EventKind::ticketFinished:
        addService(t, e.at);
        tickets_.erase(it);
        break;
    case EventKind::ticketTransferred:
        if (t.phase == Phase::atCounter) {
            addService(t, e.at);
        }
        t.field = e.toField;
        t.phase = Phase::waiting;
        t.queuedAt = e.at;
        t.servedMinutes = 0;
        addArrival(e.toField, e.at);
        break;
    case EventKind::ticketNoShow: {
        FieldData& d = data(t.field, e.at);
        d.noShows.push_back(d.noShows.empty() ? e.at : std::max(e.at, d.noShows.back()));
        t.phase = Phase::noShow;
        t.servedMinutes = 0;
        break;
    }
    case EventKind::ticketReinstated:
        t.phase = Phase::waiting;
        t.queuedAt = e.at;
        break;
    case EventKind::ticketCancelled:
    case EventKind::ticketExpired:
        tickets_.erase(it);
        break;
    default:
        break;
    }
}

FieldWindowStats FieldWindow::stats(const std::string& field, TimePoint now, double targetMinutes) const {
    FieldWindowStats s;
    const double prior = settings_.defaultServiceMinutes;
    const int k = std::max(1, settings_.minServices);
    const double windowMinutes = std::chrono::duration<double, std::ratio<60>>(settings_.window).count();
    s.observedMinutes = dayStart_ == TimePoint{} ? 0.0 : std::min(minutesBetween(dayStart_, now), windowMinutes);
    auto it = fields_.find(field);
    if (it == fields_.end()) {
        s.meanServiceMinutes = prior;
        return s;
    }
    const FieldData& d = it->second;
    TimePoint edge = now - settings_.window;

    s.arrivals = static_cast<int>(d.arrivals.end() - firstAfter(d.arrivals, edge));
    double span = std::clamp(minutesBetween(dayStart_, now),
                             std::chrono::duration<double, std::ratio<60>>(settings_.minRateSpan).count(),
                             windowMinutes);
    s.arrivalsPerMinute = s.arrivals / span;

    // Fewer than k services in the window: the day's last k, padded with the default.
    s.servicesToday = d.servicesToday;
    auto inWindow = firstAfter(d.services, edge);
    s.services = static_cast<int>(d.services.end() - inWindow);
    auto from = s.services >= k ? inWindow : d.services.end() - std::min<std::ptrdiff_t>(k, d.services.size());
    double sum = 0;
    int n = 0;
    double squares = 0;
    for (auto p = from; p != d.services.end(); ++p, ++n) {
        sum += p->minutes;
        squares += p->minutes * p->minutes;
    }
    s.meanServiceMinutes = n >= k ? sum / n : (sum + (k - n) * prior) / k;
    s.serviceSamples = n;
    s.serviceSumMinutes = sum;
    s.serviceSumSquares = squares;

    s.noShows = static_cast<int>(d.noShows.end() - firstAfter(d.noShows, edge));
    double waitSum = 0;
    int within = 0;
    for (auto p = firstAfter(d.waits, edge); p != d.waits.end(); ++p) {
        waitSum += p->minutes;
        within += p->minutes <= targetMinutes + 1e-9 ? 1 : 0;
        ++s.calls;
    }
    if (s.calls > 0) {
        s.meanWaitMinutes = waitSum / s.calls;
        s.shareWithinTarget = static_cast<double>(within) / s.calls;
    }
    return s;
}

std::size_t FieldWindow::samplesHeld() const {
    std::size_t n = 0;
    for (const auto& [id, d] : fields_) {
        n += d.arrivals.size() + d.services.size() + d.waits.size() + d.noShows.size();
    }
    return n;
}

} // namespace qmsd
