#pragma once
// Every booking not yet past (and today's), with the indexes the engine's
// checks need: places taken per slot, and each phone's active booking per
// field and day. Seeded from the store's `bookings` table at start-up, then
// kept by the engine's apply() as booking events commit.
#include "booking/booking.hpp"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace qmsd {

class BookingBook {
  public:
    const Booking* find(const std::string& code) const;
    // Places of this slot held by bookings (booked, checked in, late, missed).
    int taken(const std::string& field, const std::string& day, int minute) const;
    // The phone's `booked` booking for this field and day, or null.
    const Booking* activeFor(const std::string& phone, const std::string& field, const std::string& day) const;
    // The day's bookings, in slot order (then code).
    std::vector<const Booking*> onDay(const std::string& day) const;
    // Bookings still `booked` on days up to and including `day`.
    std::vector<const Booking*> openUntil(const std::string& day) const;
    const std::map<std::string, Booking>& all() const { return byCode_; }

    // Replaces the booking with the same code (or adds it).
    void put(Booking b);
    // Forgets bookings of days before `day` (they stay in the store).
    void forgetBefore(const std::string& day);

  private:
    void index(const Booking& b, int sign);

    std::map<std::string, Booking> byCode_;
    std::map<std::tuple<std::string, std::string, int>, int> taken_;         // field, day, minute
    std::map<std::tuple<std::string, std::string, std::string>, std::string> active_; // phone, field, day → code
    std::map<std::pair<std::string, std::string>, std::string> byDay_;          // (day, sort key) → code
};

} // namespace qmsd
