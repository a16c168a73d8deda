#include "history.hpp"

#include "history_detail.hpp"

#include <algorithm>
#include <map>

namespace qmsd::replay {
namespace detail {

std::vector<std::string> callableFields(const OfficeConfig& cfg, int counter,
                                        const std::string& staff) {
    std::vector<std::string> out;
    const CounterConfig* c = cfg.counter(counter);
    if (c == nullptr) {
        return out;
    }
    const StaffConfig* s = cfg.staffMember(staff);
    for (const auto& f : c->fields) {
        if (s == nullptr || std::find(s->fields.begin(), s->fields.end(), f) != s->fields.end()) {
            out.push_back(f);
        }
    }
    return out;
}

void assumeServiceOfLeavers(History& h) {
    std::map<std::string, std::vector<Millis>> served;
    std::vector<Millis> all;
    for (const auto& d : h.days) {
        for (const auto& t : d.tickets) {
            if (t.fate == Fate::served) {
                served[t.field].push_back(t.service);
                all.push_back(t.service);
            }
        }
    }
    auto median = [](std::vector<Millis>& v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    Millis fallback = all.empty() ? Millis{5 * 60'000} : median(all);
    for (auto& d : h.days) {
        for (auto& t : d.tickets) {
            if (t.fate == Fate::left) {
                auto it = served.find(t.field);
                t.service = it == served.end() ? fallback : median(it->second);
            }
        }
    }
}

bool inRange(const std::string& day, const reports::DayRange& range) {
    return day >= range.from && day <= range.to;
}

} // namespace detail

int sessionAt(const OfficeConfig& cfg, int weekday, int minuteOfDay) {
    const auto& sessions = cfg.office.hours[static_cast<std::size_t>(weekday)];
    int index = sessions.empty() ? -1 : 0;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (sessions[i].openMinute <= minuteOfDay &&
            sessions[i].openMinute >= sessions[static_cast<std::size_t>(index)].openMinute) {
            index = static_cast<int>(i);
        }
    }
    return index;
}

History historyFromArrivals(const Arrivals& arrivals, const OfficeConfig& cfg,
                            const OfficeClock& clock, const reports::DayRange& range) {
    History h;
    h.range = range;
    std::map<std::string, DayHistory> days;
    std::map<std::tuple<std::string, int, int>, CounterWindow> windows; // (day, counter, session)
    std::vector<const ArrivalRow*> rows;
    for (const auto& r : arrivals.rows) {
        if (detail::inRange(r.day, range)) {
            rows.push_back(&r);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ArrivalRow* a, const ArrivalRow* b) {
        return a->issuedAt < b->issuedAt;
    });
    for (const ArrivalRow* r : rows) {
        DayHistory& d = days[r->day];
        d.day = r->day;
        HistTicket t{r->issuedAt, r->field, r->priority};
        if (r->calledAt) {
            t.calledAt = *r->calledAt;
            t.endedAt = r->endedAt();
            t.counter = r->counter;
        }
        switch (r->outcome) {
        case Outcome::served:
            t.fate = Fate::served;
            t.service = *r->service();
            break;
        case Outcome::noShow:
            t.fate = Fate::noShow;
            t.service = std::chrono::duration_cast<Millis>(r->endedAt() - *r->calledAt);
            break;
        case Outcome::cancelled:
            t.fate = Fate::left;
            t.leftAt = r->endedAt();
            break;
        }
        d.tickets.push_back(t);
        if (r->counter == 0 || !r->calledAt) {
            continue;
        }
        LocalTime lt = clock.local(*r->calledAt);
        auto key = std::tuple{r->day, r->counter, sessionAt(cfg, lt.weekday, lt.minuteOfDay)};
        auto [it, added] = windows.try_emplace(key);
        CounterWindow& w = it->second;
        if (added) {
            w = CounterWindow{r->counter, *r->calledAt, r->endedAt(),
                              detail::callableFields(cfg, r->counter, r->staff)};
        }
        w.from = std::min(w.from, *r->calledAt);
        w.to = std::max(w.to, r->endedAt());
    }
    for (auto& [key, w] : windows) {
        w.to = std::max(w.to, w.from + Millis{1}); // a lone no-show: the call itself
        days[std::get<0>(key)].windows.push_back(w);
    }
    for (auto& [day, d] : days) {
        h.days.push_back(std::move(d));
    }
    detail::assumeServiceOfLeavers(h);
    readAttendance(h, cfg);
    return h;
}

} // namespace qmsd::replay
