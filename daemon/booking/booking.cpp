#include "booking/booking.hpp"

#include "core/name_table.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

namespace qmsd {
namespace {

constexpr NameTable<BookingState, 5> kNames{{
    {BookingState::booked, "booked"},
    {BookingState::checkedIn, "checked_in"},
    {BookingState::late, "late"},
    {BookingState::cancelled, "cancelled"},
    {BookingState::missed, "missed"},
}};

} // namespace

std::string_view bookingStateName(BookingState s) { return nameOf(kNames, s, "booked"); }

bool parseBookingState(std::string_view name, BookingState& out) { return parseName(kNames, name, out); }

std::string normalizeBookingCode(std::string_view input) {
    if (auto at = input.rfind("code="); at != std::string_view::npos) {
        input = input.substr(at + 5);
        input = input.substr(0, input.find_first_of("&#"));
    }
    std::string code;
    for (char c : input) {
        if (c == ' ' || c == '-' || c == '\t' || c == '\r' || c == '\n') {
            continue;
        }
        char up = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (kBookingAlphabet.find(up) == std::string_view::npos || code.size() == kBookingCodeLength) {
            return {};
        }
        code.push_back(up);
    }
    return code.size() == kBookingCodeLength ? code : std::string{};
}

std::string minuteText(int minute) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
    return buf;
}

} // namespace qmsd
