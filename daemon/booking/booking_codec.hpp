#pragma once
// A booking as JSON text: the `payload` of its events and the `body` of its
// `bookings` row (nlohmann-json, this file only). Decoding never throws.
#include "booking/booking.hpp"
#include "core/result.hpp"

#include <string>

namespace qmsd {

std::string encodeBooking(const Booking& b);
Result<Booking> decodeBooking(const std::string& payload);

} // namespace qmsd
