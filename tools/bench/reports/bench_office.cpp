#include "bench_office.hpp"

#include "clock/office_clock.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace qmsd::bench {
namespace {

struct FieldSpec {
    const char* id;
    const char* name;
    const char* prefix;
    double share;      // of the day's tickets
    double ahtMinutes; // mean service
};

constexpr FieldSpec kFields[] = {
    {"ho_tich", "Hộ tịch", "A", 0.22, 5},        {"chung_thuc", "Chứng thực", "B", 0.25, 4},
    {"dat_dai", "Đất đai", "C", 0.12, 12},       {"xay_dung", "Xây dựng", "D", 0.08, 10},
    {"kinh_doanh", "Đăng ký kinh doanh", "E", 0.10, 8},
    {"lao_dong", "Lao động, thương binh và xã hội", "F", 0.10, 7},
    {"tu_phap", "Tư pháp, \"một cửa\", khác", "G", 0.13, 6},
};
constexpr double kTicketsPerWeekday = 1920;
constexpr int kOpenMinutes = 450; // 07:30–11:30, 13:30–17:00

int countersFor(const FieldSpec& f, double scale) {
    double load = kTicketsPerWeekday * scale * f.share / kOpenMinutes * f.ahtMinutes;
    return std::max(scale < 1 ? 1 : 2, static_cast<int>(std::lround(load * 1.5)));
}

struct Row {
    std::int64_t at;
    int order;
    std::string kind;
    std::int64_t ticket = 0;
    std::string field;
    int counter = 0;
    std::string staff;
    int number = 0;
    std::string code;
    std::string reason;
};

// Arrival intensity relative to the mean: Monday mornings peak.
double intensity(int weekday, int minuteOfDay) {
    static constexpr double kDay[] = {1.35, 1.05, 1.0, 0.9, 0.85, 0, 0};
    double hour = 1.0;
    if (minuteOfDay >= 8 * 60 && minuteOfDay < 9 * 60 + 30) {
        hour = 1.6;
    } else if (minuteOfDay >= 14 * 60 && minuteOfDay < 15 * 60 + 30) {
        hour = 1.15;
    } else if (minuteOfDay >= 16 * 60) {
        hour = 0.6;
    }
    return kDay[weekday] * hour;
}

} // namespace

OfficeConfig busyOffice(double scale) {
    OfficeConfig c;
    c.office.name = "Trung tâm Phục vụ hành chính công (giả lập)";
    for (int d = 0; d < 5; ++d) {
        c.office.hours[static_cast<std::size_t>(d)] = {Session{450, 690}, Session{810, 1020}};
    }
    int counter = 1;
    for (const auto& f : kFields) {
        FieldConfig fc;
        fc.id = f.id;
        fc.name = f.name;
        fc.numbering = Numbering{f.prefix, 1, 9999, 4};
        c.fields.push_back(fc);
        for (int i = 0; i < countersFor(f, scale); ++i, ++counter) {
            std::string staff = "nv" + std::to_string(counter);
            c.counters.push_back(CounterConfig{counter, "Quầy " + std::to_string(counter), {f.id}});
            c.staff.push_back(StaffConfig{staff, "Cán bộ " + std::to_string(counter), "", {f.id}});
        }
    }
    c.pauseReasons = {PauseReason{"break", "Nghỉ giải lao"}, PauseReason{"meeting", "Họp"}};
    return c;
}

Generated generateHistory(const std::string& dbPath, const OfficeConfig& cfg, const std::string& from,
                          const std::string& to, unsigned seed, double scale) {
    auto store = Store::open(dbPath);
    if (!store) {
        return {};
    }
    auto& db = (*store)->database();
    db.exec("PRAGMA synchronous=OFF");
    auto clock = *OfficeClock::forZone(cfg.office.timeZone);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    SQLite::Statement ev(db, "INSERT INTO events(seq, at_ms, day, kind, actor, ticket_id, field, counter, "
                             "staff, number, code, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement tk(db, "INSERT INTO tickets(id, day, issue_field, field, number, code, state, "
                             "issued_at_ms, called_at_ms, started_at_ms, ended_at_ms, counter, staff, "
                             "recalls, rating) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Generated g;
    std::int64_t seq = 0;
    SQLite::Transaction tx(db);
    for (std::string day = from;; day = nextDay(day)) {
        std::int64_t midnight = toMillis(clock.instantOf(day, 0));
        int weekday = clock.local(fromMillis(midnight)).weekday;
        std::vector<Row> rows;
        int firstCounter = 1;
        for (const auto& f : kFields) {
            int counters = countersFor(f, scale);
            int number = 0;
            for (const auto& session : cfg.office.hours[static_cast<std::size_t>(weekday)]) {
                std::int64_t open = midnight + session.openMinute * 60'000LL;
                std::int64_t close = midnight + session.closeMinute * 60'000LL;
                std::vector<std::int64_t> freeAt(static_cast<std::size_t>(counters), open);
                std::vector<bool> rested(static_cast<std::size_t>(counters), false);
                // Poisson arrivals by thinning against the peak rate.
                double meanPerMinute = kTicketsPerWeekday * scale * f.share / kOpenMinutes;
                double peak = meanPerMinute * 1.35 * 1.6;
                std::exponential_distribution<double> gap(peak);
                std::exponential_distribution<double> service(1.0 / f.ahtMinutes);
                double minute = session.openMinute;
                while (true) {
                    minute += gap(rng);
                    if (minute >= session.closeMinute - 15) {
                        break;
                    }
                    if (u(rng) * peak > meanPerMinute * intensity(weekday, static_cast<int>(minute))) {
                        continue;
                    }
                    std::int64_t issued = midnight + static_cast<std::int64_t>(minute * 60'000);
                    std::int64_t id = ++g.tickets;
                    std::string code = f.prefix + std::to_string(1000 + ++number).substr(1);
                    rows.push_back({issued, 0, "ticket_issued", id, f.id, 0, "", number, code, ""});
                    auto best = std::min_element(freeAt.begin(), freeAt.end());
                    auto slot = static_cast<std::size_t>(best - freeAt.begin());
                    int counter = firstCounter + static_cast<int>(slot);
                    std::string staff = "nv" + std::to_string(counter);
                    std::int64_t call = std::max(issued, *best);
                    const char* state = "finished";
                    std::int64_t started = 0, ended = 0;
                    int rating = 0;
                    double r = u(rng);
                    if (r < 0.02 && call - issued > 10 * 60'000) {
                        ended = issued + 10 * 60'000;
                        rows.push_back({ended, 1, "ticket_cancelled", id, f.id, 0, "", 0, code, "left"});
                        tk.reset();
                        tk.bind(1, id); tk.bind(2, day); tk.bind(3, f.id); tk.bind(4, f.id);
                        tk.bind(5, number); tk.bind(6, code); tk.bind(7, "cancelled"); tk.bind(8, issued);
                        tk.bind(9); tk.bind(10); tk.bind(11, ended); tk.bind(12); tk.bind(13);
                        tk.bind(14, 0); tk.bind(15);
                        tk.exec();
                        continue;
                    }
                    rows.push_back({call, 1, "ticket_called", id, f.id, counter, staff, 0, code, "next"});
                    if (r < 0.07) {
                        state = "no_show";
                        rows.push_back({call + 60'000, 2, "ticket_recalled", id, f.id, counter, staff, 0, code, ""});
                        ended = call + 3 * 60'000;
                        rows.push_back({ended, 3, "ticket_no_show", id, f.id, counter, staff, 0, code, ""});
                    } else {
                        started = call + 20'000;
                        double minutes = std::max(1.0, service(rng));
                        ended = started + static_cast<std::int64_t>(minutes * 60'000);
                        rows.push_back({started, 2, "ticket_started", id, f.id, counter, staff, 0, code, ""});
                        rows.push_back({ended, 3, "ticket_finished", id, f.id, counter, staff, 0, code, ""});
                        if (u(rng) < 0.3) {
                            rating = u(rng) < 0.7 ? 5 : (u(rng) < 0.6 ? 4 : 1 + static_cast<int>(u(rng) * 3));
                            rows.push_back({ended + 5000, 4, "ticket_rated", id, f.id, counter, "", rating, code, ""});
                        }
                    }
                    *best = ended + 10'000;
                    // A break for some counters once they pass the session's middle.
                    std::int64_t middle = (open + close) / 2;
                    if (!rested[slot] && *best > middle) {
                        rested[slot] = true;
                        if (u(rng) < 0.3) {
                            rows.push_back({*best, 5, "counter_paused", 0, "", counter, staff, 0, "", "break"});
                            *best += 10 * 60'000;
                            rows.push_back({*best, 6, "counter_resumed", 0, "", counter, staff, 0, "", ""});
                        }
                    }
                    tk.reset();
                    tk.bind(1, id); tk.bind(2, day); tk.bind(3, f.id); tk.bind(4, f.id);
                    tk.bind(5, number); tk.bind(6, code); tk.bind(7, state); tk.bind(8, issued);
                    tk.bind(9, call);
                    if (started != 0) { tk.bind(10, started); } else { tk.bind(10); }
                    tk.bind(11, ended); tk.bind(12, counter); tk.bind(13, staff); tk.bind(14, 0);
                    if (rating != 0) { tk.bind(15, rating); } else { tk.bind(15); }
                    tk.exec();
                }
                for (int i = 0; i < counters; ++i) {
                    int counter = firstCounter + i;
                    std::string staff = "nv" + std::to_string(counter);
                    rows.push_back({open, -1, "counter_opened", 0, "", counter, staff, 0, "", ""});
                    std::int64_t shut = std::max(close, freeAt[static_cast<std::size_t>(i)]);
                    rows.push_back({shut, 9, "counter_closed", 0, "", counter, staff, 0, "", ""});
                }
            }
            firstCounter += counters;
        }
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return a.at != b.at ? a.at < b.at : a.order < b.order;
        });
        for (const auto& r : rows) {
            ev.reset();
            ev.clearBindings();
            ev.bind(1, ++seq);
            ev.bind(2, r.at);
            ev.bind(3, day);
            ev.bind(4, r.kind);
            ev.bind(5, r.kind == "ticket_issued" ? "kiosk:k1" : (r.staff.empty() ? "system" : "staff:" + r.staff));
            if (r.ticket != 0) { ev.bind(6, r.ticket); }
            if (!r.field.empty()) { ev.bind(7, r.field); }
            if (r.counter != 0) { ev.bind(8, r.counter); }
            if (!r.staff.empty()) { ev.bind(9, r.staff); }
            if (r.number != 0) { ev.bind(10, r.number); }
            if (!r.code.empty()) { ev.bind(11, r.code); }
            if (!r.reason.empty()) { ev.bind(12, r.reason); }
            ev.exec();
        }
        g.events += static_cast<std::int64_t>(rows.size());
        if (day == to) {
            break;
        }
    }
    tx.commit();
    return g;
}

} // namespace qmsd::bench
