#include "synthetic_arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <optional>
#include <queue>
#include <tuple>

namespace qmsd::test {
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

struct Citizen {
    int issued = 0; // seconds since local midnight
    std::string field;
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

std::vector<Citizen> arrivals(const SyntheticOffice& o, Rng& rng) {
    std::vector<Citizen> out;
    for (const auto& s : o.sessions) {
        for (const auto& f : o.fields) {
            double t = s.openMinute * 60.0;
            double end = (s.closeMinute - o.cutoffMinutes) * 60.0;
            while (true) {
                t += rng.exponential(f.perHour / 3600.0);
                if (t >= end) {
                    break;
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
                out.push_back(c);
            }
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Citizen& a, const Citizen& b) { return a.issued < b.issued; });
    return out;
}

// Same tie order as qmsd-replay what-if: at one instant service ends, then
// departures, then arrivals; after each event every free counter calls.
void serve(const SyntheticOffice& o, std::vector<Citizen>& cs) {
    enum Kind { kEnd = 0, kLeave = 1, kArrive = 3 };
    using Ev = std::tuple<int, int, long, int>; // time, kind, seq, index or counter
    std::priority_queue<Ev, std::vector<Ev>, std::greater<>> events;
    long seq = 0;
    for (std::size_t i = 0; i < cs.size(); ++i) {
        events.emplace(cs[i].issued, kArrive, seq++, static_cast<int>(i));
    }
    std::vector<std::size_t> waiting; // in issue order
    std::map<int, std::optional<std::size_t>> busy;
    for (const auto& c : o.counters) {
        busy[c.number];
    }
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
        } else {
            busy[x].reset();
        }
        for (const auto& counter : o.counters) {
            if (busy[counter.number]) {
                continue;
            }
            auto pick =
                std::find_if(waiting.begin(), waiting.end(), [&counter, &cs](std::size_t i) {
                    return std::find(counter.fields.begin(), counter.fields.end(), cs[i].field) !=
                           counter.fields.end();
                });
            if (pick == waiting.end()) {
                continue;
            }
            Citizen& c = cs[*pick];
            busy[counter.number] = *pick;
            waiting.erase(pick);
            c.called = now;
            c.counter = counter.number;
            if (c.fate == Fate::cancelled) {
                c.fate = Fate::served; // called before giving up
            }
            c.ended = now + (c.fate == Fate::noShow ? 60 : c.service);
            events.emplace(c.ended, kEnd, seq++, counter.number);
        }
    }
}

} // namespace

std::string syntheticArrivalsCsv(const SyntheticOffice& o) {
    Rng rng(o.seed);
    std::string out = "issued_at,field,called_at,service_start,service_end,counter,outcome\n";
    for (const auto& day : o.days) {
        auto cs = arrivals(o, rng);
        serve(o, cs);
        for (const auto& c : cs) {
            std::string issued = stamp(day, c.issued) + "," + c.field + ",";
            if (c.fate == Fate::cancelled) {
                out += issued + ",," + stamp(day, c.left) + ",,cancelled\n";
            } else if (c.fate == Fate::noShow) {
                out += issued + stamp(day, c.called) + ",," + stamp(day, c.ended) + "," +
                       std::to_string(c.counter) + ",no_show\n";
            } else {
                out += issued + stamp(day, c.called) + "," + stamp(day, c.called) + "," +
                       stamp(day, c.ended) + "," + std::to_string(c.counter) + ",served\n";
            }
        }
    }
    return out;
}

} // namespace qmsd::test
