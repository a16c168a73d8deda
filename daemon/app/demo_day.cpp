#include "app/demo_day.hpp"

#include <algorithm>
#include <cmath>

namespace qmsd::demo {
namespace {

// How people behave, per ticket. A ward sees a few citizens give up before
// their call (the ones the office never sees again), a few who are slow to
// notice it, a few sent to another field, a few missing a paper.
constexpr double kAbsentShare = 0.04;
constexpr double kSlowShare = 0.04;
constexpr double kTransferShare = 0.03;
constexpr double kParkShare = 0.02;
constexpr double kPriorityShare = 0.07;
constexpr double kServiceCv = 0.5; // service times vary about ±half their mean
// The crowd at the door, as a share of the day: the morning's is the larger.
constexpr double kMorningDoorShare = 0.08;
constexpr double kLaterDoorShare = 0.03;

double doorShare(std::size_t session) { return session == 0 ? kMorningDoorShare : kLaterDoorShare; }

std::vector<Session> defaultSessions() { return {{7 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}}; }

} // namespace

WardDay wardDayFrom(const OfficeConfig& config) {
    WardDay day;
    day.sessions = config.demo.day.empty() ? defaultSessions() : config.demo.day;
    std::sort(day.sessions.begin(), day.sessions.end(),
              [](const Session& a, const Session& b) { return a.openMinute < b.openMinute; });
    day.ticketsPerDay = config.demo.ticketsPerDay > 0 ? config.demo.ticketsPerDay
                                                     : 15.0 * static_cast<double>(config.counters.size());
    double total = 0;
    for (const FieldConfig& f : config.fields) {
        FieldMix mix{f.id, 1.0, 8.0};
        for (const DemoFieldSettings& d : config.demo.fields) {
            if (d.field == f.id) {
                mix.share = d.share;
                mix.serviceMinutes = d.serviceMinutes;
            }
        }
        total += mix.share;
        day.fields.push_back(mix);
    }
    for (FieldMix& f : day.fields) {
        f.share /= total;
    }
    for (const PriorityClass& p : config.priorities) {
        day.priorities.push_back(p.id);
    }
    return day;
}

ArrivalProfile::ArrivalProfile(const WardDay& day) : day_(day) {
    double area = 0;
    double door = 0;
    for (std::size_t s = 0; s < day_.sessions.size(); ++s) {
        const Session& session = day_.sessions[s];
        for (int m = session.openMinute; m < session.closeMinute; ++m) {
            area += weight(s, m - session.openMinute + 0.5);
        }
        door += doorShare(s);
    }
    double rest = std::max(0.0, 1.0 - door) * day_.ticketsPerDay;
    scale_ = area > 0 ? rest / area : 0;
}

// The first session peaks about 40 minutes after opening, later ones about 35
// minutes in and lower; the last quarter hour of a session is quiet (people
// know the cut-off).
double ArrivalProfile::weight(std::size_t session, double minutesIn) const {
    const Session& s = day_.sessions[session];
    double left = s.closeMinute - s.openMinute - minutesIn;
    double w = session == 0 ? 0.25 + 1.2 * std::exp(-std::pow((minutesIn - 40) / 40, 2))
                            : 0.25 + 0.8 * std::exp(-std::pow((minutesIn - 35) / 40, 2));
    return left < 15 ? w * 0.3 : w;
}

double ArrivalProfile::perMinute(double minuteOfDay) const {
    for (std::size_t s = 0; s < day_.sessions.size(); ++s) {
        const Session& session = day_.sessions[s];
        if (minuteOfDay >= session.openMinute && minuteOfDay < session.closeMinute) {
            return scale_ * weight(s, minuteOfDay - session.openMinute);
        }
    }
    return 0;
}

double ArrivalProfile::doorCrowd(std::size_t index) const {
    return index < day_.sessions.size() ? doorShare(index) * day_.ticketsPerDay : 0;
}

double ArrivalProfile::expectedPerDay() const {
    double total = 0;
    for (std::size_t s = 0; s < day_.sessions.size(); ++s) {
        total += doorCrowd(s);
        for (int m = day_.sessions[s].openMinute; m < day_.sessions[s].closeMinute; ++m) {
            total += perMinute(m + 0.5);
        }
    }
    return total;
}

CitizenDraw::CitizenDraw(const WardDay& day) : day_(day) {}

std::string CitizenDraw::field(std::mt19937& rng) const {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double x = u(rng);
    for (const FieldMix& f : day_.fields) {
        if ((x -= f.share) < 0) {
            return f.field;
        }
    }
    return day_.fields.empty() ? std::string{} : day_.fields.back().field;
}

double CitizenDraw::serviceSeconds(std::mt19937& rng, const std::string& field) const {
    double mean = 8.0;
    for (const FieldMix& f : day_.fields) {
        if (f.field == field) {
            mean = f.serviceMinutes;
        }
    }
    // Log-normal with the mean and spread above: most are near the mean, a few take long.
    const double sigma2 = std::log(1 + kServiceCv * kServiceCv);
    std::lognormal_distribution<double> service(std::log(mean * 60) - sigma2 / 2, std::sqrt(sigma2));
    return std::max(30.0, service(rng));
}

Citizen CitizenDraw::citizen(std::mt19937& rng, std::string field) const {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Citizen c;
    c.field = field.empty() ? this->field(rng) : std::move(field);
    if (!day_.priorities.empty() && u(rng) < kPriorityShare) {
        // The first class (the elderly, in the defaults) is as common as the others together.
        std::size_t n = day_.priorities.size();
        std::size_t pick = 0;
        if (n > 1 && u(rng) >= 0.5) {
            pick = std::min(n - 1, 1 + static_cast<std::size_t>(u(rng) * static_cast<double>(n - 1)));
        }
        c.priority = day_.priorities[pick];
    }
    double who = u(rng);
    c.absent = who < kAbsentShare;
    c.walkSeconds = who < kAbsentShare + kSlowShare ? 55 + 30 * u(rng) : 10 + 30 * u(rng);
    c.serviceSeconds = serviceSeconds(rng, c.field);
    double outcome = u(rng);
    if (outcome < kTransferShare && day_.fields.size() > 1) {
        c.outcome = Citizen::Outcome::transfer;
        do {
            c.transferTo = this->field(rng);
        } while (c.transferTo == c.field);
        c.serviceSeconds *= 0.4; // found out early that it belongs elsewhere
    } else if (outcome < kTransferShare + kParkShare) {
        c.outcome = Citizen::Outcome::park;
        c.parkSeconds = 300 + 600 * u(rng); // fetches a copy, comes back in 5–15 minutes
        c.serviceSeconds *= 0.3;
    }
    return c;
}

} // namespace qmsd::demo
