#include "city/office_json.hpp"

namespace qmsd::city {

Json officeJson(const OfficeRow& o, const OfficeClock& clock) {
    auto iso = [&clock](const std::optional<std::int64_t>& ms) {
        return ms ? Json(clock.formatIso(fromMillis(*ms))) : Json(nullptr);
    };
    Json live = nullptr;
    if (!o.status.empty()) {
        live = Json::parse(o.status, nullptr, false);
        if (live.is_discarded()) {
            live = nullptr;
        }
    }
    std::int64_t backlog = std::max<std::int64_t>(0, o.localSeq - o.shippedSeq);
    return Json{{"id", o.id},
                {"name", o.name},
                {"time_zone", o.timeZone},
                {"qmsd_version", o.version},
                {"registered_at", iso(o.registeredMs)},
                {"last_contact", iso(o.lastContactMs)},
                {"status_at", iso(o.statusAtMs)},
                {"shipped_seq", o.shippedSeq},
                {"local_seq", o.localSeq},
                {"backlog_events", backlog},
                {"backlog_oldest_at", backlog > 0 ? iso(o.backlogOldestMs) : Json(nullptr)},
                {"conflict", o.conflictAtMs ? Json{{"at", iso(o.conflictAtMs)}, {"detail", o.conflictDetail}}
                                            : Json(nullptr)},
                {"live", std::move(live)}};
}

} // namespace qmsd::city
