// Appointments (daemon/booking/README.md): the public booking page's API,
// the kiosk's check-in, and today's bookings for staff and the leader.
#include "booking/booking_codec.hpp"
#include "booking/booking_slots.hpp"
#include "core/public_id.hpp"
#include "escpos/qr_raster.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/issuing.hpp"
#include "http/reply.hpp"
#include "messages/phone_number.hpp"

#include <sodium.h>

#include <deque>
#include <unordered_map>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

constexpr std::size_t kNameMaxChars = 100;

// Bookings and moves one network address may make an hour: a sliding
// window per address of the accepted ones (a refused try costs nothing),
// forgotten an hour after its last.
class AddressLimiter {
  public:
    static constexpr std::chrono::hours kWindow{1};

    // 0 when the address may go on, else the seconds until it may.
    long long waitSeconds(const std::string& address, int perHour, TimePoint now) {
        if (++calls_ % 256 == 0) {
            std::erase_if(seen_, [&](const auto& kv) { return kv.second.empty() || kv.second.back() + kWindow <= now; });
        }
        auto it = seen_.find(address);
        if (it == seen_.end()) {
            return 0;
        }
        auto& times = it->second;
        while (!times.empty() && times.front() + kWindow <= now) {
            times.pop_front();
        }
        if (static_cast<int>(times.size()) < perHour) {
            return 0;
        }
        return std::chrono::ceil<std::chrono::seconds>(times.front() + kWindow - now).count();
    }
    void record(const std::string& address, TimePoint now) { seen_[address].push_back(now); }

  private:
    std::unordered_map<std::string, std::deque<TimePoint>> seen_;
    std::uint64_t calls_ = 0;
};

// Refuses with 429 and Retry-After when the address has made its hour's bookings.
bool overLimit(ApiContext& ctx, AddressLimiter& limiter, const Request& req, Respond& respond) {
    long long wait = limiter.waitSeconds(req.caller.remote, ctx.config().booking.perAddressPerHour, systemNow());
    if (wait > 0) {
        respond(retryLaterReply(makeError(ErrorCode::rateLimited, "this address has made " +
                                                                      std::to_string(ctx.config().booking.perAddressPerHour) +
                                                                      " bookings or moves in the last hour"),
                                wait));
    }
    return wait > 0;
}

std::string newCode(const BookingBook& book) {
    for (;;) {
        std::string code;
        for (std::size_t i = 0; i < kBookingCodeLength; ++i) {
            code.push_back(kBookingAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kBookingAlphabet.size()))]);
        }
        if (book.find(code) == nullptr) {
            return code;
        }
    }
}

Json fieldNames(const ApiContext& ctx, const std::string& id) {
    const FieldConfig* f = ctx.config().field(id);
    return Json{{"field_name", f != nullptr ? f->name : id},
                {"field_name_en", f != nullptr && !f->nameEn.empty() ? Json(f->nameEn) : Json(nullptr)}};
}

std::string bookingUrl(const ApiContext& ctx, const std::string& code) {
    return ctx.config().api.publicUrl + "/booking.html?code=" + code;
}

// The booking as its holder sees it (the phone masked: they know it).
Json bookingJson(const ApiContext& ctx, const Booking& b) {
    const auto& engine = ctx.engine();
    Json j{{"code", b.code},
           {"field", b.field},
           {"day", b.day},
           {"time", minuteText(b.minute)},
           {"end", minuteText(b.minute + ctx.config().booking.slotMinutes)},
           {"name", b.name},
           {"phone", b.phone.empty() ? Json(nullptr) : Json(maskPhone(b.phone))},
           {"state", bookingStateName(b.state)},
           {"checkin_from", ctx.clock().formatHourMinute(engine.checkinOpensAt(b))},
           {"checkin_until", ctx.clock().formatHourMinute(engine.checkinClosesAt(b))},
           {"ticket", orNull(b.ticketCode)},
           {"url", bookingUrl(ctx, b.code)}};
    j.update(fieldNames(ctx, b.field));
    return j;
}

Result<std::string> requirePhone(const Json& body) {
    auto phone = requireString(body, "phone", 24);
    if (!phone) {
        return phone.error();
    }
    auto normalized = normalizePhone(*phone);
    if (!normalized || !isMobile(*normalized)) {
        return makeError(ErrorCode::invalidArgument,
                         "'phone' must be a Vietnamese mobile number (e.g. 0901234567): the confirmation is sent there");
    }
    return *normalized;
}

// "field", "day", "time" of a booking request, checked for form (the engine
// checks the slot itself).
struct SlotChoice {
    std::string day;
    int minute = 0;
};
Result<SlotChoice> requireSlot(const Json& body) {
    auto day = requireString(body, "day", 10);
    auto time = requireString(body, "time", 5);
    if (!day || !isValidDay(*day)) {
        return makeError(ErrorCode::invalidArgument, "'day' must be YYYY-MM-DD");
    }
    std::optional<int> minute = time ? parseClockTime(*time) : std::nullopt;
    if (!minute) {
        return makeError(ErrorCode::invalidArgument, "'time' must be HH:MM");
    }
    return SlotChoice{*day, *minute};
}

// `limiter`: a booking or move, counted against the caller's address once accepted.
void replyWithBooking(ApiContext& ctx, const Command& cmd, const Caller& caller, const std::string& code,
                      bh::status status, Respond respond, AddressLimiter* limiter = nullptr) {
    ctx.run(cmd, caller, [&ctx, code, status, limiter, remote = caller.remote,
                          respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        if (limiter != nullptr) {
            limiter->record(remote, systemNow());
        }
        const Booking* b = ctx.engine().bookings().find(code);
        if (b == nullptr) {
            return respond(errorReply(makeError(ErrorCode::storageFailed, "the booking could not be stored")));
        }
        respond(jsonReply(status, Json{{"booking", bookingJson(ctx, *b)}}));
    });
}

void overview(ApiContext& ctx, Respond respond) {
    ctx.reply(std::move(respond), [&ctx] {
        const OfficeConfig& config = ctx.config();
        const BookingSettings& settings = config.booking;
        Json fields = Json::array();
        Json days = Json::array();
        if (settings.enabled) {
            for (const FieldConfig& f : config.fields) {
                if (int places = placesPerSlot(f, settings); places > 0) {
                    fields.push_back(Json{{"id", f.id},
                                          {"name", f.name},
                                          {"name_en", f.nameEn.empty() ? Json(nullptr) : Json(f.nameEn)},
                                          {"places_per_slot", places}});
                }
            }
            const std::string today = ctx.engine().day();
            for (int i = 0; i < settings.daysAhead; ++i) {
                std::string day = addDays(today, i);
                days.push_back(Json{{"day", day},
                                    {"weekday", weekdayOf(ctx.clock(), day)},
                                    {"open", !slotsOfDay(config, ctx.clock(), day).empty()}});
            }
        }
        return jsonReply(bh::status::ok, Json{{"enabled", settings.enabled},
                                              {"slot_minutes", settings.slotMinutes},
                                              {"days_ahead", settings.daysAhead},
                                              {"checkin_early_minutes", settings.checkinEarlyMinutes},
                                              {"checkin_late_minutes", settings.checkinLateMinutes},
                                              {"fields", std::move(fields)},
                                              {"days", std::move(days)}});
    });
}

void slots(ApiContext& ctx, const Request& req, Respond respond) {
    std::string field = req.queryValue("field");
    std::string day = req.queryValue("day");
    ctx.reply(std::move(respond), [&ctx, field, day] {
        const OfficeConfig& config = ctx.config();
        const FieldConfig* f = config.field(field);
        if (!config.booking.enabled) {
            return errorReply(makeError(ErrorCode::bookingDisabled, "this office takes no appointments"));
        }
        if (f == nullptr || placesPerSlot(*f, config.booking) < 1) {
            return errorReply(makeError(ErrorCode::unknownField, "the field '" + field + "' takes no appointments"));
        }
        if (!isValidDay(day)) {
            return errorReply(makeError(ErrorCode::invalidArgument, "'day' must be YYYY-MM-DD"));
        }
        const auto& book = ctx.engine().bookings();
        const int places = placesPerSlot(*f, config.booking);
        const TimePoint now = systemNow();
        Json list = Json::array();
        auto grid = slotsOfDay(config, ctx.clock(), day);
        for (const BookingSlot& s : grid) {
            int free = std::max(0, places - book.taken(field, day, s.minute));
            bool open = slotBookable(config, ctx.clock(), book, field, day, s.minute, now).ok();
            list.push_back(Json{{"time", minuteText(s.minute)},
                                {"end", minuteText(s.endMinute)},
                                {"places", places},
                                {"free", free},
                                {"open", open}});
        }
        return jsonReply(bh::status::ok,
                         Json{{"field", field}, {"day", day}, {"open", !grid.empty()}, {"slots", std::move(list)}});
    });
}

void book(ApiContext& ctx, AddressLimiter& limiter, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto field = requireString(*body, "field", 64);
    if (!field) {
        return respond(errorReply(field.error()));
    }
    auto slot = requireSlot(*body);
    if (!slot) {
        return respond(errorReply(slot.error()));
    }
    auto name = requireString(*body, "name", 4 * kNameMaxChars);
    if (!name || name->find_first_not_of(" \t") == std::string::npos) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'name' is required: the citizen's full name")));
    }
    auto phone = requirePhone(*body);
    if (!phone) {
        return respond(errorReply(phone.error()));
    }
    if (overLimit(ctx, limiter, req, respond)) {
        return;
    }
    std::string trimmed = name->substr(name->find_first_not_of(" \t"));
    trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
    std::string code = newCode(ctx.engine().bookings());
    replyWithBooking(ctx, MakeBooking{code, *field, slot->day, slot->minute, trimmed, *phone}, req.caller, code,
                     bh::status::created, std::move(respond), &limiter);
}

// A booking asked for by its code and the holder's ?phone=. No such code and
// another phone are the same 404, so nobody can probe for codes (a code is
// enough to check in at a kiosk) without the phone that made it.
const Booking* holderBooking(ApiContext& ctx, const std::string& code, const std::optional<std::string>& phone) {
    const Booking* b = ctx.engine().bookings().find(code);
    return b != nullptr && phone && b->phone == *phone ? b : nullptr;
}

HttpResponse noBooking() {
    return errorReply(makeError(ErrorCode::unknownBooking, "no booking with that code and phone number"));
}

void lookup(ApiContext& ctx, const Request& req, Respond respond) {
    std::string code = normalizeBookingCode(req.param("code"));
    auto phone = normalizePhone(req.queryValue("phone"));
    ctx.reply(std::move(respond), [&ctx, code, phone] {
        const Booking* b = holderBooking(ctx, code, phone);
        return b != nullptr ? jsonReply(bh::status::ok, Json{{"booking", bookingJson(ctx, *b)}}) : noBooking();
    });
}

// A holder's request about their booking: its JSON body and their phone.
struct HolderRequest {
    Json body;
    std::string phone;
};
Result<HolderRequest> holderRequest(const Request& req) {
    auto body = req.jsonBody();
    if (!body) {
        return body.error();
    }
    auto phone = requirePhone(*body);
    if (!phone) {
        return phone.error();
    }
    return HolderRequest{std::move(*body), std::move(*phone)};
}

void cancel(ApiContext& ctx, const Request& req, Respond respond) {
    auto holder = holderRequest(req);
    if (!holder) {
        return respond(errorReply(holder.error()));
    }
    std::string code = normalizeBookingCode(req.param("code"));
    replyWithBooking(ctx, CancelBooking{code, holder->phone}, req.caller, code, bh::status::ok, std::move(respond));
}

void move(ApiContext& ctx, AddressLimiter& limiter, const Request& req, Respond respond) {
    auto holder = holderRequest(req);
    if (!holder) {
        return respond(errorReply(holder.error()));
    }
    auto slot = requireSlot(holder->body);
    if (!slot) {
        return respond(errorReply(slot.error()));
    }
    if (overLimit(ctx, limiter, req, respond)) {
        return;
    }
    std::string code = normalizeBookingCode(req.param("code"));
    replyWithBooking(ctx, MoveBooking{code, holder->phone, slot->day, slot->minute}, req.caller, code, bh::status::ok,
                     std::move(respond), &limiter);
}

// The QR of the booking's URL: the kiosk's scanner reads it at check-in.
// Asked for with the holder's ?phone=, as the booking itself.
void bookingQr(ApiContext& ctx, const Request& req, Respond respond) {
    std::string code = normalizeBookingCode(req.param("code"));
    auto phone = normalizePhone(req.queryValue("phone"));
    ctx.reply(std::move(respond), [&ctx, code, phone] {
        if (holderBooking(ctx, code, phone) == nullptr) {
            return noBooking();
        }
        auto svg = escpos::qrSvg(bookingUrl(ctx, code), escpos::QrErrorLevel::m);
        if (!svg) {
            return errorReply(svg.error());
        }
        auto res = bytesReply(std::move(*svg), "image/svg+xml", "booking.svg", false);
        res.set(bh::field::cache_control, "private, max-age=86400");
        return res;
    });
}

// The kiosk's "Tôi có lịch hẹn": the booking by its code (typed, or the
// QR's URL) or by the phone it was made with; the ticket is issued as at
// POST /tickets (printed, idempotent per request id) with the booking's
// place, and the reply adds the booking and whether it came too late.
void checkIn(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto codeText = optionalString(*body, "code", 200);
    auto phoneText = optionalString(*body, "phone", 24);
    auto requestId = requestIdOf(req, *body);
    for (const auto* r : {&codeText, &phoneText, &requestId}) {
        if (!*r) {
            return respond(errorReply(r->error()));
        }
    }
    const auto& engine = ctx.engine();
    const Booking* b = nullptr;
    if (!codeText->empty()) {
        std::string code = normalizeBookingCode(*codeText);
        if (code.empty()) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument, "'code' is not a booking code")));
        }
        b = engine.bookings().find(code);
    } else if (!phoneText->empty()) {
        auto phone = normalizePhone(*phoneText);
        if (!phone) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument, "'phone' is not a Vietnamese phone number")));
        }
        b = engine.bookingToCheckIn(*phone, systemNow());
    } else {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "give the booking's 'code' or its 'phone'")));
    }
    // A repeated request (the kiosk retrying) finds its booking checked in already.
    const Ticket* earlier = requestId->empty() ? nullptr : engine.ticketForRequest(req.caller.actor(), *requestId);
    if (b == nullptr) {
        return respond(errorReply(
            makeError(ErrorCode::unknownBooking, "no booking for today with that code or phone number")));
    }
    if (b->day < engine.day() && earlier == nullptr) {
        return respond(errorReply(makeError(ErrorCode::bookingWrongState,
                                            "booking '" + b->code + "' was for " + b->day)));
    }
    // Too early, today or on another day: the kiosk says when to come back.
    if (b->state == BookingState::booked && (b->day > engine.day() || systemNow() < engine.checkinOpensAt(*b))) {
        std::string from = ctx.clock().formatHourMinute(engine.checkinOpensAt(*b));
        Json err = errorJson(makeError(ErrorCode::tooEarly, "check-in for this appointment opens at " + from +
                                                                " on " + b->day));
        err["error"]["checkin_from"] = from;
        err["error"]["checkin_day"] = b->day;
        return respond(jsonReply(bh::status::conflict, err));
    }
    IssueTicket cmd{b->field, "", b->phone, makePublicId(), *requestId};
    cmd.booking = b->code;
    // The ticket as issued, its number masked (it came from the booking, not
    // from the person at the kiosk, who may have typed only a code), with the
    // booking and whether it came too late.
    IssuedReply withBooking = [&ctx, code = b->code](const Ticket& t) {
        Json j = issuedTicketJson(ctx, t);
        if (!t.phone.empty()) {
            j["ticket"]["phone"] = maskPhone(t.phone);
        }
        if (const Booking* now = ctx.engine().bookings().find(code)) {
            j["booking"] = bookingJson(ctx, *now);
            j["late"] = now->state == BookingState::late;
        }
        return j;
    };
    issueTicket(ctx, req.caller, std::move(cmd), std::move(withBooking), std::move(respond));
}

// Staff and the leader: a day's bookings (today's and later ones from
// memory, earlier days from the store), with counts per bookable field.
void dayList(ApiContext& ctx, const Request& req, Respond respond) {
    std::string day = req.queryValue("day").empty() ? ctx.engine().day() : req.queryValue("day");
    std::string field = req.queryValue("field");
    if (!isValidDay(day)) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'day' must be YYYY-MM-DD")));
    }
    ctx.reply(std::move(respond), [&ctx, day, field] {
        std::vector<Booking> list;
        if (day >= ctx.engine().day()) {
            for (const Booking* b : ctx.engine().bookings().onDay(day)) {
                list.push_back(*b);
            }
        } else {
            auto rows = ctx.daemon.store().bookingsBetween(day, day);
            if (!rows) {
                return errorReply(rows.error());
            }
            for (const auto& body : *rows) {
                if (auto b = decodeBooking(body)) {
                    list.push_back(std::move(*b));
                }
            }
        }
        const OfficeConfig& config = ctx.config();
        std::map<std::string, std::map<std::string, int>> counts;
        Json items = Json::array();
        for (const Booking& b : list) {
            if (!field.empty() && b.field != field) {
                continue;
            }
            ++counts[b.field][std::string(bookingStateName(b.state))];
            Json j{{"code", b.code},
                   {"field", b.field},
                   {"time", minuteText(b.minute)},
                   {"name", b.name},
                   {"phone", b.phone.empty() ? Json(nullptr) : Json(maskPhone(b.phone))},
                   {"state", bookingStateName(b.state)},
                   {"ticket", orNull(b.ticketCode)}};
            j.update(fieldNames(ctx, b.field));
            items.push_back(std::move(j));
        }
        const int slotsThatDay = static_cast<int>(slotsOfDay(config, ctx.clock(), day).size());
        Json fields = Json::array();
        for (const FieldConfig& f : config.fields) {
            int places = placesPerSlot(f, config.booking);
            if ((places == 0 && !counts.contains(f.id)) || (!field.empty() && f.id != field)) {
                continue;
            }
            auto& c = counts[f.id];
            fields.push_back(Json{{"id", f.id},
                                  {"name", f.name},
                                  {"places", places * slotsThatDay},
                                  {"booked", c["booked"]},
                                  {"checked_in", c["checked_in"]},
                                  {"late", c["late"]},
                                  {"missed", c["missed"]},
                                  {"cancelled", c["cancelled"]}});
        }
        return jsonReply(bh::status::ok, Json{{"day", day}, {"fields", std::move(fields)}, {"bookings", std::move(items)}});
    });
}

} // namespace

void registerBookingRoutes(Router& router, ApiContext& ctx) {
    auto limiter = std::make_shared<AddressLimiter>();
    router.add(bh::verb::get, "/api/v1/booking", {Role::anonymous},
               [&ctx](const Request&, Respond done) { overview(ctx, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/booking/slots", {Role::anonymous},
               [&ctx](const Request& r, Respond done) { slots(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/bookings", {Role::anonymous},
               [&ctx, limiter](const Request& r, Respond done) { book(ctx, *limiter, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/bookings", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { dayList(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/bookings/{code}", {Role::anonymous},
               [&ctx](const Request& r, Respond done) { lookup(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/bookings/{code}/cancel", {Role::anonymous},
               [&ctx](const Request& r, Respond done) { cancel(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/bookings/{code}/move", {Role::anonymous},
               [&ctx, limiter](const Request& r, Respond done) { move(ctx, *limiter, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/bookings/{code}/qr.svg", {Role::anonymous},
               [&ctx](const Request& r, Respond done) { bookingQr(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/checkin", {Role::kiosk},
               [&ctx](const Request& r, Respond done) { checkIn(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
