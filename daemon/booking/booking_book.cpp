#include "booking/booking_book.hpp"

#include "booking/booking.hpp"

namespace qmsd {
namespace {

std::string sortKey(const Booking& b) {
    return minuteText(b.minute) + b.code;
}

} // namespace

const Booking* BookingBook::find(const std::string& code) const {
    auto it = byCode_.find(code);
    return it == byCode_.end() ? nullptr : &it->second;
}

int BookingBook::taken(const std::string& field, const std::string& day, int minute) const {
    auto it = taken_.find({field, day, minute});
    return it == taken_.end() ? 0 : it->second;
}

const Booking* BookingBook::activeFor(const std::string& phone, const std::string& field,
                                      const std::string& day) const {
    if (phone.empty()) {
        return nullptr;
    }
    auto it = active_.find({phone, field, day});
    return it == active_.end() ? nullptr : find(it->second);
}

std::vector<const Booking*> BookingBook::onDay(const std::string& day) const {
    std::vector<const Booking*> out;
    for (auto it = byDay_.lower_bound({day, std::string{}}); it != byDay_.end() && it->first.first == day; ++it) {
        out.push_back(find(it->second));
    }
    return out;
}

std::vector<const Booking*> BookingBook::openUntil(const std::string& day) const {
    std::vector<const Booking*> out;
    for (auto it = byDay_.begin(); it != byDay_.end() && it->first.first <= day; ++it) {
        const Booking* b = find(it->second);
        if (b != nullptr && b->state == BookingState::booked) {
            out.push_back(b);
        }
    }
    return out;
}

void BookingBook::index(const Booking& b, int sign) {
    if (holdsPlace(b.state)) {
        int& n = taken_[{b.field, b.day, b.minute}];
        n += sign;
        if (n <= 0) {
            taken_.erase({b.field, b.day, b.minute});
        }
    }
    if (b.state == BookingState::booked && !b.phone.empty()) {
        if (sign > 0) {
            active_[{b.phone, b.field, b.day}] = b.code;
        } else {
            active_.erase({b.phone, b.field, b.day});
        }
    }
    if (sign > 0) {
        byDay_[{b.day, sortKey(b)}] = b.code;
    } else {
        byDay_.erase({b.day, sortKey(b)});
    }
}

void BookingBook::put(Booking b) {
    if (auto it = byCode_.find(b.code); it != byCode_.end()) {
        index(it->second, -1);
        it->second = std::move(b);
        index(it->second, +1);
        return;
    }
    auto [it, inserted] = byCode_.emplace(b.code, std::move(b));
    index(it->second, +1);
}

void BookingBook::forgetBefore(const std::string& day) {
    for (auto it = byCode_.begin(); it != byCode_.end();) {
        if (it->second.day < day) {
            index(it->second, -1);
            it = byCode_.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace qmsd
