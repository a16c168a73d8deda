#include "reports/appointment_report.hpp"

#include "reports/duration_stats.hpp"
#include "store/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace qmsd::reports {
namespace {

// Waits in ms, summed up as every other breakdown of the reports does
// (duration_stats: mean, the usual median, nearest-rank p90).
struct Samples {
    std::vector<std::int32_t> millis;
    WaitFigures figures() {
        DurationStats s = summarize(millis);
        WaitFigures f;
        f.count = s.count;
        if (s.count > 0) {
            f.meanMinutes = s.mean / 60;
            f.medianMinutes = s.median / 60;
            f.p90Minutes = s.p90 / 60;
        }
        return f;
    }
};

struct Tally {
    AppointmentRow row;
    Samples appointment, walkIn;
};

void finish(Tally& t) {
    AppointmentRow& r = t.row;
    int due = r.checkedIn + r.late + r.missed;
    if (due > 0) {
        r.noShowRate = static_cast<double>(r.missed) / due;
    }
    if (r.tickets > 0) {
        r.bookedShare = static_cast<double>(r.checkedIn) / r.tickets;
    }
    r.appointmentWait = t.appointment.figures();
    r.walkInWait = t.walkIn.figures();
}

} // namespace

Result<AppointmentReport> appointmentReport(const std::string& dbPath, const OfficeConfig& config,
                                            const std::string& from, const std::string& to) {
    AppointmentReport out{from, to, {}, {}};
    std::map<std::string, Tally> byField;
    Tally total;
    try {
        SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
        db.setBusyTimeout(1000);
        // Checked-in appointments' tickets → the booked instant.
        std::unordered_map<std::int64_t, std::int64_t> slotOfTicket;
        SQLite::Statement b(db, "SELECT field, state, json_extract(body, '$.ticket'), json_extract(body, '$.slot_at') "
                                "FROM bookings WHERE day BETWEEN ?1 AND ?2");
        b.bind(1, from);
        b.bind(2, to);
        while (b.executeStep()) {
            std::string field = b.getColumn(0).getString();
            std::string state = b.getColumn(1).getString();
            for (AppointmentRow* r : {&byField[field].row, &total.row}) {
                ++r->booked;
                r->checkedIn += state == "checked_in";
                r->late += state == "late";
                r->missed += state == "missed";
                r->cancelled += state == "cancelled";
                r->open += state == "booked";
            }
            if (state == "checked_in" && !b.getColumn(2).isNull()) {
                slotOfTicket[b.getColumn(2).getInt64()] = b.getColumn(3).getInt64();
            }
        }
        SQLite::Statement t(db, "SELECT id, issue_field, issued_at_ms, called_at_ms FROM tickets "
                                "WHERE day BETWEEN ?1 AND ?2");
        t.bind(1, from);
        t.bind(2, to);
        while (t.executeStep()) {
            std::string field = t.getColumn(1).getString();
            Tally& f = byField[field];
            ++f.row.tickets;
            ++total.row.tickets;
            if (t.getColumn(3).isNull()) {
                continue; // never called
            }
            std::int64_t issued = t.getColumn(2).getInt64();
            std::int64_t called = t.getColumn(3).getInt64();
            auto slot = slotOfTicket.find(t.getColumn(0).getInt64());
            std::int64_t start = slot != slotOfTicket.end() ? std::max(issued, slot->second) : issued;
            auto millis = static_cast<std::int32_t>(std::max<std::int64_t>(0, called - start));
            bool appointment = slot != slotOfTicket.end();
            (appointment ? f.appointment : f.walkIn).millis.push_back(millis);
            (appointment ? total.appointment : total.walkIn).millis.push_back(millis);
        }
    } catch (const SQLite::Exception& e) {
        return storageError(e.getErrorCode(), std::string("the appointments report: ") + e.what());
    }
    // Bookable fields first in the config's order, then any other with bookings.
    for (const FieldConfig& f : config.fields) {
        auto it = byField.find(f.id);
        if (it == byField.end() || (it->second.row.booked == 0 && placesPerSlot(f, config.booking) == 0)) {
            continue;
        }
        it->second.row.field = f.id;
        it->second.row.name = f.name;
        finish(it->second);
        out.fields.push_back(it->second.row);
        byField.erase(it);
    }
    for (auto& [id, tally] : byField) {
        if (tally.row.booked > 0) {
            tally.row.field = tally.row.name = id;
            finish(tally);
            out.fields.push_back(tally.row);
        }
    }
    total.row.name = "Tổng";
    finish(total);
    out.total = total.row;
    return out;
}

std::vector<Table> appointmentTables(const AppointmentReport& report) {
    Table t{"appointments",
            "Lịch hẹn",
            {"Lĩnh vực", "Đặt lịch", "Đúng hẹn", "Trễ hẹn", "Không đến", "Đã hủy", "Chưa đến giờ",
             "Tỷ lệ không đến (%)", "Tỷ lệ số theo lịch hẹn (%)", "Chờ TB lịch hẹn (phút)",
             "Chờ TB trực tiếp (phút)", "Chờ trung vị lịch hẹn (phút)", "Chờ trung vị trực tiếp (phút)"},
            {}};
    auto percent = [](std::optional<double> v) { return v ? std::optional<double>(*v * 100) : std::nullopt; };
    std::vector<AppointmentRow> rows = report.fields;
    rows.push_back(report.total);
    for (const AppointmentRow& r : rows) {
        t.rows.push_back({Cell::of(r.name), Cell::of(r.booked), Cell::of(r.checkedIn), Cell::of(r.late),
                          Cell::of(r.missed), Cell::of(r.cancelled), Cell::of(r.open), Cell::of(percent(r.noShowRate)),
                          Cell::of(percent(r.bookedShare)), Cell::of(r.appointmentWait.meanMinutes),
                          Cell::of(r.walkInWait.meanMinutes), Cell::of(r.appointmentWait.medianMinutes),
                          Cell::of(r.walkInWait.medianMinutes)});
    }
    return {t};
}

} // namespace qmsd::reports
