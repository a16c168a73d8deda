#include "booking/booking_codec.hpp"
#include "core/stored_time.hpp"

#include <nlohmann/json.hpp>

namespace qmsd {
namespace {

using Json = nlohmann::json;


Error bad(const char* key) {
    return makeError(ErrorCode::storageFailed, std::string("a stored booking has a bad '") + key + "'");
}

template <typename T>
bool read(const Json& j, const char* key, T& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        out = T{};
        return true;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        if (!it->is_string()) {
            return false;
        }
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) {
            return false;
        }
    } else if (!it->is_number_integer()) {
        return false;
    }
    out = it->get<T>();
    return true;
}

} // namespace

std::string encodeBooking(const Booking& b) {
    Json j{
        {"id", b.id},
        {"code", b.code},
        {"field", b.field},
        {"day", b.day},
        {"minute", b.minute},
        {"slot_at", millisOrZero(b.slotAt)},
        {"name", b.name},
        {"phone", b.phone},
        {"state", std::string(bookingStateName(b.state))},
        {"ticket", b.ticket},
        {"ticket_code", b.ticketCode},
        {"made_at", millisOrZero(b.madeAt)},
        {"changed_at", millisOrZero(b.changedAt)},
        {"reminded", b.reminded},
    };
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Booking> decodeBooking(const std::string& payload) {
    Json j = Json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return makeError(ErrorCode::storageFailed, "a stored booking is not a JSON object");
    }
    Booking b;
    std::string state;
    std::int64_t slotAt = 0, madeAt = 0, changedAt = 0;
    if (!read(j, "id", b.id)) {
        return bad("id");
    }
    if (!read(j, "code", b.code) || b.code.empty()) {
        return bad("code");
    }
    if (!read(j, "field", b.field)) {
        return bad("field");
    }
    if (!read(j, "day", b.day)) {
        return bad("day");
    }
    if (!read(j, "minute", b.minute)) {
        return bad("minute");
    }
    if (!read(j, "slot_at", slotAt)) {
        return bad("slot_at");
    }
    if (!read(j, "name", b.name) || !read(j, "phone", b.phone)) {
        return bad("name");
    }
    if (!read(j, "state", state) || !parseBookingState(state, b.state)) {
        return bad("state");
    }
    if (!read(j, "ticket", b.ticket) || !read(j, "ticket_code", b.ticketCode)) {
        return bad("ticket");
    }
    if (!read(j, "made_at", madeAt) || !read(j, "changed_at", changedAt)) {
        return bad("made_at");
    }
    if (!read(j, "reminded", b.reminded)) {
        return bad("reminded");
    }
    b.slotAt = timeOfMillis(slotAt);
    b.madeAt = timeOfMillis(madeAt);
    b.changedAt = timeOfMillis(changedAt);
    return b;
}

} // namespace qmsd
