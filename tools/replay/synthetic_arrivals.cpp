#include "synthetic_arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <optional>
#include <queue>
#include <tuple>

namespace qmsd::replay {
namespace {

// splitmix64: tiny, and the same numbers everywhere (std distributions are not).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    double uniform() { // (0, 1)
        return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    }
    double exponential(double rate) { return -std::log(uniform()) / rate; }
    double normal() {
        return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * std::numbers::pi * uniform());
    }

  private:
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t s_;
};

enum class Fate { served, noShow, cancelled };

constexpr int kLastSecond = 24 * 3600 - 1; // nothing happens at or past midnight

struct Citizen {
    int issued = 0; // seconds since local midnight
    std::string field;
    bool priority = false;
    int service = 0;
    Fate fate = Fate::served;
    int patience = 0;
    int called = -1, ended = -1, left = -1, counter = 0;
};

std::string stamp(const std::string& day, int s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", day.c_str(), s / 3600, s / 60 % 60, s % 60);
    return buf;
}

// A ward's day: a rush when a session opens, fewer just before the cut-off.
double wardFactor(int second, const Session& s, int cutoffMinutes) {
    int minute = second / 60;
    if (minute < s.openMinute + 60) {
        return 1.6;
    }
    if (minute >= s.closeMinute - cutoffMinutes - 45) {
        return 0.6;
    }
    return 1.0;
}

std::vector<Citizen> arrivals(const SyntheticOffice& o, Rng& rng, double dayFactor) {
    std::vector<Citizen> out;
    const SyntheticRealism& r = o.real;
    const double peak = r.wardDay ? 1.6 : 1.0;
    for (const auto& s : o.sessions) {
        for (const auto& f : o.fields) {
            double t = s.openMinute * 60.0;
            double end = (s.closeMinute - o.cutoffMinutes) * 60.0;
            while (true) {
                // Thinning: candidates at the peak rate, kept at the profile's share.
                t += rng.exponential(f.perHour * dayFactor * peak / 3600.0);
                if (t >= end) {
                    break;
                }
                if (r.wardDay && rng.uniform() * peak >= wardFactor(static_cast<int>(t), s, o.cutoffMinutes)) {
                    continue;
                }
                Citizen c;
                c.issued = static_cast<int>(t);
                c.field = f.id;
                double service =
                    std::exp(std::log(60.0 * f.medianMinutes) + o.sigma * rng.normal());
                c.service = std::max(30, static_cast<int>(std::lround(service)));
                double u = rng.uniform();
                c.fate = u < o.noShow              ? Fate::noShow
                         : u < o.noShow + o.cancel ? Fate::cancelled
                                                   : Fate::served;
                c.patience = static_cast<int>(
                    std::lround(rng.exponential(1.0 / (60.0 * o.patienceMinutes))));
                if (r.priorityShare > 0) {
                    c.priority = rng.uniform() < r.priorityShare;
                }
                out.push_back(c);
            }
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Citizen& a, const Citizen& b) { return a.issued < b.issued; });
    return out;
}

// When each counter cannot call: a session nobody staffs, a break.
using Blocked = std::map<int, std::vector<std::pair<int, int>>>; // counter → [from, to) seconds

Blocked staffing(const SyntheticOffice& o, Rng& rng) {
    Blocked out;
    const SyntheticRealism& r = o.real;
    for (std::size_t i = 0; i < o.sessions.size(); ++i) {
        const Session& s = o.sessions[i];
        int from = s.openMinute * 60;
        int to = i + 1 < o.sessions.size() ? o.sessions[i + 1].openMinute * 60 : kLastSecond;
        for (const auto& c : o.counters) {
            if (r.absentChance > 0 && rng.uniform() < r.absentChance) {
                out[c.number].emplace_back(from, to);
                continue;
            }
            if (r.breakChance > 0 && rng.uniform() < r.breakChance) {
                int first = from + 30 * 60;
                int last = std::max(first, (s.closeMinute - o.cutoffMinutes - 30) * 60);
                int start = first + static_cast<int>(rng.uniform() * (last - first));
                int minutes = r.breakMinutesMin +
                              static_cast<int>(rng.uniform() * (r.breakMinutesMax - r.breakMinutesMin + 1));
                out[c.number].emplace_back(start, start + 60 * minutes);
            }
        }
    }
    return out;
}

bool blockedAt(const Blocked& b, int counter, int now) {
    auto it = b.find(counter);
    return it != b.end() && std::any_of(it->second.begin(), it->second.end(), [now](const auto& w) {
               return now >= w.first && now < w.second;
           });
}

// Same tie order as qmsd-replay what-if: at one instant service ends, then
// departures, then arrivals; after each event every free counter calls.
void serve(const SyntheticOffice& o, std::vector<Citizen>& cs, const Blocked& blocked, Rng& rng) {
    enum Kind { kEnd = 0, kLeave = 1, kReady = 2, kArrive = 3 };
    using Ev = std::tuple<int, int, long, int>; // time, kind, seq, index or counter
    std::priority_queue<Ev, std::vector<Ev>, std::greater<>> events;
    long seq = 0;
    for (std::size_t i = 0; i < cs.size(); ++i) {
        events.emplace(cs[i].issued, kArrive, seq++, static_cast<int>(i));
    }
    for (const auto& [counter, spans] : blocked) {
        for (const auto& w : spans) {
            events.emplace(w.second, kReady, seq++, counter); // calls again when it is back
        }
    }
    std::vector<std::size_t> waiting; // in issue order
    std::map<int, std::optional<std::size_t>> busy;
    std::map<int, int> readyAt, normalSince;
    for (const auto& c : o.counters) {
        busy[c.number];
    }
    const SyntheticRealism& r = o.real;
    while (!events.empty()) {
        auto [now, kind, s, x] = events.top();
        events.pop();
        auto ix = static_cast<std::size_t>(x);
        if (kind == kArrive) {
            waiting.push_back(ix);
            if (cs[ix].fate == Fate::cancelled) {
                events.emplace(now + cs[ix].patience, kLeave, seq++, x);
            }
        } else if (kind == kLeave) {
            auto it = std::find(waiting.begin(), waiting.end(), ix);
            if (it != waiting.end()) {
                waiting.erase(it);
                cs[ix].left = now;
            }
        } else if (kind == kEnd) {
            busy[x].reset();
            if (r.turnaroundSeconds > 0) {
                readyAt[x] = now + static_cast<int>(std::lround(rng.exponential(1.0 / r.turnaroundSeconds)));
                events.emplace(readyAt[x], kReady, seq++, x);
            }
        }
        for (const auto& counter : o.counters) {
            if (busy[counter.number] || readyAt[counter.number] > now || blockedAt(blocked, counter.number, now) ||
                now >= kLastSecond) {
                continue;
            }
            auto serves = [&counter, &cs](std::size_t i, bool priority) {
                return cs[i].priority == priority &&
                       std::find(counter.fields.begin(), counter.fields.end(), cs[i].field) != counter.fields.end();
            };
            auto normal = std::find_if(waiting.begin(), waiting.end(), [&serves](std::size_t i) { return serves(i, false); });
            auto priority = std::find_if(waiting.begin(), waiting.end(), [&serves](std::size_t i) { return serves(i, true); });
            // The office's mixing rule, as the engine applies it per counter.
            auto pick = normal;
            if (priority != waiting.end() &&
                (normal == waiting.end() || r.priorityRule == PriorityRule::strict ||
                 normalSince[counter.number] >= r.priorityEvery)) {
                pick = priority;
            }
            if (pick == waiting.end()) {
                continue;
            }
            Citizen& c = cs[*pick];
            normalSince[counter.number] = c.priority ? 0 : normalSince[counter.number] + 1;
            busy[counter.number] = *pick;
            waiting.erase(pick);
            c.called = now;
            c.counter = counter.number;
            if (c.fate == Fate::cancelled) {
                c.fate = Fate::served; // called before giving up
            }
            c.ended = std::min(kLastSecond, now + (c.fate == Fate::noShow ? 60 : c.service));
            events.emplace(c.ended, kEnd, seq++, counter.number);
        }
    }
    // Nobody came for them before midnight (their field's counters all away):
    // they leave with the day.
    for (std::size_t i : waiting) {
        cs[i].fate = Fate::cancelled;
        cs[i].left = kLastSecond;
    }
}

} // namespace

std::string syntheticArrivalsCsv(const SyntheticOffice& o) {
    Rng rng(o.seed);
    const SyntheticRealism& r = o.real;
    const bool priorities = r.priorityShare > 0;
    std::string out = std::string("issued_at,field,called_at,service_start,service_end,counter,outcome") +
                      (priorities ? ",priority\n" : "\n");
    for (const auto& day : o.days) {
        double dayFactor = 1;
        if (r.dayToDay > 0) {
            dayFactor = std::exp(r.dayToDay * rng.normal() - r.dayToDay * r.dayToDay / 2);
        }
        auto cs = arrivals(o, rng, dayFactor);
        Blocked blocked = r.absentChance > 0 || r.breakChance > 0 ? staffing(o, rng) : Blocked{};
        serve(o, cs, blocked, rng);
        for (const auto& c : cs) {
            std::string issued = stamp(day, c.issued) + "," + c.field + ",";
            std::string tail = priorities ? (c.priority ? "," + r.priorityClass : ",") : "";
            if (c.fate == Fate::cancelled) {
                out += issued + ",," + stamp(day, c.left) + ",,cancelled" + tail + "\n";
            } else if (c.fate == Fate::noShow) {
                out += issued + stamp(day, c.called) + ",," + stamp(day, c.ended) + "," +
                       std::to_string(c.counter) + ",no_show" + tail + "\n";
            } else {
                out += issued + stamp(day, c.called) + "," + stamp(day, c.called) + "," +
                       stamp(day, c.ended) + "," + std::to_string(c.counter) + ",served" + tail + "\n";
            }
        }
    }
    return out;
}

} // namespace qmsd::replay
