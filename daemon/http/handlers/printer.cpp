// The kiosk's printer: its state for the kiosk page ("Máy in hết giấy"), and
// the pieces tickets.cpp and devices.cpp share.
#include "http/handlers/printer.hpp"
#include "booking/booking.hpp"

#include "http/reply.hpp"

namespace qmsd::http {

namespace bh = boost::beast::http;

Json printerJson(const ApiContext& ctx, const PrinterView& v) {
    static constexpr const char* transports[] = {"usb", "serial", "tcp"};
    const auto& s = v.state;
    bool ready = v.seen && s.fault == escpos::PrinterFault::none;
    return Json{{"id", v.config.id},
                {"kiosk", v.config.kiosk},
                {"transport", transports[static_cast<int>(v.config.transport)]},
                {"fault", v.seen ? Json(escpos::faultName(s.fault)) : Json(nullptr)},
                {"fault_text", v.seen && !ready ? Json(escpos::faultTextVi(s.fault)) : Json(nullptr)},
                {"ready", ready},
                {"paper_near_end", s.status.paperNearEnd},
                {"query_status", v.config.queryStatus},
                {"printed", s.printed},
                {"failed", s.failed},
                {"detail", s.detail.empty() ? Json(nullptr) : Json(s.detail)},
                {"last_seen", v.lastSeen == TimePoint{} ? Json(nullptr) : Json(ctx.time(v.lastSeen))}};
}

namespace {

// "2026-11-23" → "23/11/2026", as people write dates.
std::string dayMonthYear(const std::string& day) {
    if (day.size() != 10) {
        return day;
    }
    return day.substr(8, 2) + "/" + day.substr(5, 2) + "/" + day.substr(0, 4);
}

} // namespace

escpos::TicketPrint ticketPrintOf(const ApiContext& ctx, const Ticket& t, bool reprint) {
    const FieldConfig* field = ctx.config().field(t.field);
    const PriorityClass* priority = t.priority.empty() ? nullptr : ctx.config().priority(t.priority);
    Json view = ctx.ticketJson(t, TicketView::full);
    escpos::TicketPrint p;
    p.office = ctx.config().office.name;
    p.field = field != nullptr ? field->name : t.field.str();
    p.code = t.code;
    p.priority = priority != nullptr ? priority->name : t.priority.str();
    p.appointment = t.booking.empty() ? std::string{} : minuteText(t.bookingMinute);
    p.issuedAt = ctx.clock().formatHourMinute(t.issuedAt) + " " + dayMonthYear(t.day);
    p.peopleAhead = view["people_ahead"].is_number() ? view["people_ahead"].get<int>() : 0;
    if (view["wait"].is_object()) {
        p.waitText = view["wait"]["vi"].get<std::string>(); // the kiosk's and the phone's words
    }
    p.statusUrl = ctx.config().api.publicUrl + "/t/" + t.publicId;
    p.note = ctx.config().printing.note;
    p.reprint = reprint;
    return p;
}

HttpResponse printerFailedReply(const std::string& printerId, escpos::PrinterFault fault,
                                bool partial, const std::string& message, const std::string& cancelledCode) {
    Json body = errorJson(makeError(ErrorCode::printerFailed, "printer " + printerId + ": " + message));
    body["printer"] = Json{{"id", printerId},
                           {"fault", escpos::faultName(fault)},
                           {"text_vi", escpos::faultTextVi(fault)},
                           {"partial", partial}};
    body["cancelled"] = cancelledCode.empty() ? Json(nullptr) : Json(cancelledCode);
    return jsonReply(bh::status::service_unavailable, body);
}

void registerPrinterRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/printer", {Role::kiosk}, [&ctx](const Request& req, Respond respond) {
        const PrinterView* v = ctx.daemon.printers().printerOfKiosk(req.caller.id);
        respond(jsonReply(bh::status::ok, Json{{"printer", v != nullptr ? printerJson(ctx, *v) : Json(nullptr)}}));
    });
}

} // namespace qmsd::http
