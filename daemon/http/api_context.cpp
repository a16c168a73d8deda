#include "http/api_context.hpp"
#include "booking/booking_codec.hpp"

#include "content/content_book.hpp"

#include "analytics/field_figures.hpp"
#include "app/live_analytics.hpp"
#include "engine/rating.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace qmsd::http {

bool KioskRateLimiter::allow(const std::string& kiosk, int perMinute, TimePoint now) {
    double capacity = std::max(1.0, perMinute / 2.0);
    Bucket& b = buckets_[kiosk];
    if (b.last == TimePoint{}) {
        b.tokens = capacity;
    } else {
        double minutes = std::chrono::duration<double, std::ratio<60>>(now - b.last).count();
        b.tokens = std::min(capacity, b.tokens + minutes * perMinute);
    }
    b.last = now;
    if (b.tokens < 1.0) {
        return false;
    }
    b.tokens -= 1.0;
    return true;
}

void ApiContext::run(const Command& cmd, const Caller& caller, CommandDone done) {
    daemon.submit(cmd, caller.actor(), std::move(done));
}

void ApiContext::reply(Respond respond, std::function<HttpResponse()> build) {
    daemon.whenCommitted([respond = std::move(respond), build = std::move(build)] { respond(build()); });
}

std::string ApiContext::time(TimePoint t) const {
    return t == TimePoint{} ? std::string{} : clock().formatIso(t);
}

const Estimator& ApiContext::estimator() const { return daemon.analytics().estimator(); }

Json waitJson(const std::optional<Forecast>& f) {
    WaitText w = waitText(f ? &*f : nullptr);
    Json j(Json::value_t::object); // member by member, as ticketJson
    auto& o = j.get_ref<Json::object_t&>();
    o.emplace("vi", std::move(w.vi));
    o.emplace("en", std::move(w.en));
    o.emplace("low_minutes", w.highMinutes == 0 && w.lowMinutes == 0 ? Json(nullptr) : Json(w.lowMinutes));
    o.emplace("high_minutes", w.highMinutes == 0 ? Json(nullptr) : Json(w.highMinutes));
    o.emplace("unsure", w.unsure);
    return j;
}

Json estimateMinutesJson(const std::optional<Forecast>& f) {
    return f && f->known ? Json(static_cast<int>(std::lround(f->minutes))) : Json(nullptr);
}

// Built member by member: an initializer list would first make each pair a
// two-element array and copy it into the object (this is in every ticket's
// reply, and on the path of a kiosk's issue).
Json ApiContext::ticketJson(const Ticket& t, TicketView view) const {
    const FieldConfig* field = config().field(t.field);
    const CounterConfig* counter = t.counter != 0 ? config().counter(t.counter) : nullptr;
    Json j(Json::value_t::object);
    auto& o = j.get_ref<Json::object_t&>();
    o.emplace("id", t.id);
    o.emplace("code", t.code.str());
    o.emplace("number", t.number);
    o.emplace("field", t.field.str());
    o.emplace("field_name", field != nullptr ? field->name : t.field.str());
    o.emplace("field_name_en", field != nullptr && !field->nameEn.empty() ? Json(field->nameEn) : Json(nullptr));
    o.emplace("issue_field", t.issueField.str());
    o.emplace("priority", orNull(t.priority.str()));
    o.emplace("state", ticketStateName(t.state));
    o.emplace("issued_at", orNull(time(t.issuedAt)));
    o.emplace("called_at", orNull(time(t.calledAt)));
    o.emplace("started_at", orNull(time(t.startedAt())));
    o.emplace("ended_at", orNull(time(t.endedAt())));
    o.emplace("counter", orNull(t.counter));
    o.emplace("counter_name", counter != nullptr ? Json(counter->name) : Json(nullptr));
    o.emplace("recalls", t.recalls);
    o.emplace("transfers", t.transfers);
    // The status page turns into the rating form once the ticket is
    // finished; a phone may rate it until the end of the day, once.
    o.emplace("rated", t.rating != 0);
    o.emplace("rating_open", t.rating == 0 && t.state == TicketState::finished);
    // Checked in with an appointment: its time (the code only in the full view).
    o.emplace("booking", t.booking.empty() ? Json(nullptr) : Json{{"time", minuteText(t.bookingMinute)}});
    if (t.state == TicketState::waiting) {
        auto f = estimator().ticket(engine(), t.id, systemNow());
        o.emplace("people_ahead", f ? Json(f->ahead) : Json(engine().peopleAhead(t.id)));
        o.emplace("estimated_wait_minutes", estimateMinutesJson(f));
        o.emplace("wait", waitJson(f));
    } else {
        o.emplace("people_ahead", nullptr);
        o.emplace("estimated_wait_minutes", nullptr);
        o.emplace("wait", nullptr);
    }
    if (view == TicketView::full) {
        std::string publicId = t.publicId.str(); // kept packed: spelled out once
        o.emplace("status_url", publicId.empty() ? Json(nullptr) : Json(config().api.publicUrl + "/t/" + publicId));
        o.emplace("public_id", orNull(publicId));
        o.emplace("phone", orNull(t.phone.str()));
        if (!t.booking.empty()) {
            j["booking"]["code"] = t.booking.str();
        }
    }
    return j;
}

TicketView ticketViewFor(const Caller& caller, int counter) {
    switch (caller.role) {
    case Role::leader:
    case Role::admin:
        return TicketView::full;
    case Role::staff:
        return caller.counter == counter ? TicketView::full : TicketView::citizen;
    default:
        return TicketView::citizen;
    }
}

bool seesStaffIds(const Caller& caller) {
    return caller.role == Role::staff || caller.role == Role::leader || caller.role == Role::admin;
}

Json ApiContext::counterJson(int number, TicketView view, bool staffIds) const {
    const CounterConfig* cfg = config().counter(number);
    const Counter* c = engine().counter(number);
    Json j{{"number", number},
           {"name", cfg != nullptr ? cfg->name : std::to_string(number)},
           {"state", counterStateName(engine().counterState(number))},
           {"fields", cfg != nullptr ? Json(cfg->fields) : Json::array()}};
    const StaffConfig* staff = c != nullptr && !c->staff.empty() ? config().staffMember(c->staff) : nullptr;
    if (staffIds) {
        j["staff"] = c != nullptr ? orNull(c->staff) : Json(nullptr);
    }
    j["staff_name"] = staff != nullptr ? Json(staff->name) : Json(nullptr);
    const Ticket* t = c != nullptr ? engine().ticket(c->activeTicket) : nullptr;
    j["ticket"] = t != nullptr ? ticketJson(*t, view) : Json(nullptr);
    bool paused = c != nullptr && c->open && c->paused;
    const PauseReason* reason = paused ? config().pauseReason(c->pauseReason) : nullptr;
    j["pause_reason"] = paused ? Json(c->pauseReason) : Json(nullptr);
    j["pause_reason_name"] =
        paused ? Json(reason != nullptr ? reason->name : c->pauseReason) : Json(nullptr);
    j["paused_since"] = paused ? Json(time(c->pausedAt)) : Json(nullptr);
    j["expected_back"] =
        paused && c->expectedBack != TimePoint{} ? Json(time(c->expectedBack)) : Json(nullptr);
    Json parked = Json::array();
    for (TicketId id : engine().parkedAt(number)) {
        parked.push_back(ticketJson(*engine().ticket(id), view));
    }
    j["parked"] = std::move(parked);
    return j;
}

Json ApiContext::fieldJson(const FieldConfig& f, TimePoint now) const {
    std::size_t waiting = engine().waiting(f.id);
    auto fresh = estimator().newTicket(engine(), f.id, false, now);
    std::string status = "open";
    std::string message;
    auto can = engine().canIssue(f.id, now);
    if (!can) {
        status = std::string(errorName(can.error().code));
        message = can.error().message;
    } else if (f.dailyQuota && engine().issuedToday(f.id) >= *f.dailyQuota) {
        status = "quota_reached";
    } else if (engine().lastNumber(f.id) >= f.numbering.last) {
        status = "numbering_exhausted";
    }
    if (status == "office_closed") {
        status = "closed";
    }
    return Json{{"id", f.id},
                {"name", f.name},
                {"name_ascii", f.nameAscii},
                {"name_en", orNull(f.nameEn)},
                {"waiting", waiting},
                {"estimated_wait_minutes", estimateMinutesJson(fresh)},
                {"wait", waitJson(fresh)},
                {"status", status},
                {"status_message", orNull(message)},
                {"open_counters", counterCapacity(engine(), f.id).counters},
                {"issued_today", engine().issuedToday(f.id)},
                {"quota", f.dailyQuota ? Json(*f.dailyQuota) : Json(nullptr)},
                {"target_wait_minutes", f.targetWaitMinutes}};
}

Json ApiContext::eventJson(const Event& e) const {
    const Ticket* t = e.ticketId != 0 ? engine().ticket(e.ticketId) : nullptr;
    std::string code = !e.code.empty() ? e.code : (t != nullptr ? t->code.str() : std::string{});
    Json j{{"seq", e.seq},
           {"at", time(e.at)},
           {"day", e.day},
           {"kind", eventKindName(e.kind)},
           {"actor", orNull(e.actor)},
           {"ticket", e.ticketId == 0 ? Json(nullptr) : Json(e.ticketId)},
           {"code", orNull(code)},
           {"field", orNull(e.field)},
           {"to_field", orNull(e.toField)},
           {"counter", orNull(e.counter)},
           {"staff", orNull(e.staff)},
           {"reason", orNull(e.reason)},
           {"estimated_wait_seconds",
            e.estimateSeconds < 0 ? Json(nullptr) : Json(e.estimateSeconds)}};
    if (e.until != TimePoint{}) {
        j["expected_back"] = time(e.until); // counter_paused
    }
    if (isContentEvent(e.kind) && !e.payload.empty()) {
        // Content events: the notice or procedure sheet as saved (or as deleted).
        Json content = Json::parse(e.payload, nullptr, false);
        j["content"] = content.is_discarded() ? Json(nullptr) : std::move(content);
        j["version"] = e.number;
    }
    if (isBookingEvent(e.kind)) {
        // Where the booking stands, never its holder's name or phone.
        if (auto b = decodeBooking(e.payload)) {
            j["booking"] = Json{{"code", b->code},
                                {"day", b->day},
                                {"time", minuteText(b->minute)},
                                {"state", bookingStateName(b->state)}};
        }
    }
    if (e.kind == EventKind::ticketRated) {
        // The level for live counts; never the comment (the leader's alone, see rating_views.hpp).
        j["level"] = ratingLevelName(ratingLevelOf(e.number, e.reason));
    }
    return j;
}

Json ApiContext::publicEventJson(const Event& e) const {
    Json j = eventJson(e);
    j.erase("actor");
    j.erase("staff");
    j.erase("reason");
    // A booking's code would let a stranger check in: neither its events'
    // booking nor its messages' code (a ticket's code is on the boards anyway).
    j.erase("booking");
    if (e.ticketId == 0 && (e.kind == EventKind::messageQueued || e.kind == EventKind::messageUpdated)) {
        j.erase("code");
    }
    return j;
}

Json deviceJson(const ApiContext& ctx, const drivers::UnitHealth& h) {
    const DeviceConfig* cfg = nullptr;
    for (const auto& d : ctx.config().devices) {
        if (d.id == h.device) {
            cfg = &d;
        }
    }
    static constexpr const char* roles[] = {"counter_display", "main_board", "keypad", "rating"};
    return Json{{"id", h.device},
                {"bus", h.bus},
                {"role", cfg != nullptr ? roles[static_cast<int>(cfg->role)] : "unknown"},
                {"counter", cfg != nullptr && cfg->counter != 0 ? Json(cfg->counter) : Json(nullptr)},
                {"address", cfg != nullptr ? Json(cfg->address) : Json(nullptr)},
                {"online", h.online},
                {"last_error", orNull(h.lastError)},
                {"frames", h.frames},
                {"retries", h.retries},
                {"timeouts", h.timeouts},
                {"bad_frames", h.badFrames},
                {"last_seen", h.lastSeen == TimePoint{} ? Json(nullptr) : Json(ctx.time(h.lastSeen))}};
}

Json latestCallsJson(const ApiContext& ctx) {
    std::vector<const Ticket*> called;
    for (const Ticket& t : ctx.engine().tickets()) {
        if (t.calledAt != TimePoint{} && t.counter != 0) {
            called.push_back(&t);
        }
    }
    std::sort(called.begin(), called.end(),
              [](const Ticket* a, const Ticket* b) { return a->calledAt > b->calledAt; });
    Json out = Json::array();
    auto limit = static_cast<std::size_t>(ctx.config().display.latestCalls);
    for (std::size_t i = 0; i < called.size() && i < limit; ++i) {
        const Ticket& t = *called[i];
        const CounterConfig* c = ctx.config().counter(t.counter);
        out.push_back(Json{{"code", t.code},
                           {"counter", t.counter},
                           {"counter_name", c != nullptr ? c->name : std::to_string(t.counter)},
                           {"field", t.field},
                           {"state", ticketStateName(t.state)},
                           {"at", ctx.time(t.calledAt)}});
    }
    return out;
}

Result<std::string> requireString(const Json& body, const std::string& key, std::size_t maxLen) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        return makeError(ErrorCode::invalidArgument, "'" + key + "' is required");
    }
    if (!it->is_string()) {
        return makeError(ErrorCode::invalidArgument, "'" + key + "' must be a string");
    }
    const auto& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > maxLen) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + key + "' must be 1 to " + std::to_string(maxLen) + " characters");
    }
    return s;
}

Result<std::string> optionalString(const Json& body, const std::string& key, std::size_t maxLen) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        return std::string{};
    }
    if (!it->is_string()) {
        return makeError(ErrorCode::invalidArgument, "'" + key + "' must be a string");
    }
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > maxLen) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + key + "' must be at most " + std::to_string(maxLen) + " characters");
    }
    return s;
}

Result<int> parseCounterParam(const Request& req) {
    std::string text = req.param("n");
    int n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size() || n <= 0) {
        return makeError(ErrorCode::invalidArgument, "counter number must be a positive integer, got '" + text + "'");
    }
    return n;
}

Status checkCounterAccess(const Request& req, int counter) {
    if (req.caller.role == Role::staff && req.caller.counter != counter) {
        return makeError(ErrorCode::forbidden, "your session is for counter " +
                                                   std::to_string(req.caller.counter) + ", not " +
                                                   std::to_string(counter));
    }
    return Ok{};
}

} // namespace qmsd::http
