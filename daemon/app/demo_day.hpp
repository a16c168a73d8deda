#pragma once
// The simulated ward day of `qmsd --simulate` (tools/demo.sh): when citizens
// come, for which field, how long each takes at the counter, who walks away
// before being called to the desk, who is sent to another field. Pure: a
// random engine and minutes in, no clock and no I/O, so the day is tested on
// its own (tests/unit/app/demo_day_test.cpp). DemoTraffic plays it.
//
// The shape follows what one-stop offices see: a crowd at the door when a
// session opens (tickets taken in the half hour before), a peak in the first
// hour of the morning and a smaller one after lunch, few arrivals in the last
// quarter of an hour.
#include "config/office_config.hpp"

#include <random>
#include <string>
#include <vector>

namespace qmsd::demo {

struct FieldMix {
    std::string field;
    double share = 1.0; // normalised: the shares sum to 1
    double serviceMinutes = 8.0;
};

struct WardDay {
    std::vector<Session> sessions; // in order
    double ticketsPerDay = 0;
    std::vector<FieldMix> fields;
    std::vector<std::string> priorities; // ids, most common first
};

// [demo] of the office, with its defaults filled in.
WardDay wardDayFrom(const OfficeConfig& config);

// Arrivals per minute across the day, scaled so that the door crowds plus
// the day's arrivals come to ticketsPerDay on average.
class ArrivalProfile {
  public:
    explicit ArrivalProfile(const WardDay& day);
    // Mean arrivals per minute at minuteOfDay (0 outside every session).
    double perMinute(double minuteOfDay) const;
    // Mean number waiting at the door when session `index` opens.
    double doorCrowd(std::size_t index) const;
    // The expected total of a whole day (the door crowds and the arrivals).
    double expectedPerDay() const;

  private:
    double weight(std::size_t session, double minutesIn) const;
    WardDay day_;
    double scale_ = 0;
};

// What one citizen will do, drawn when the ticket is taken (or, for a ticket
// someone else issued, when it is first called).
struct Citizen {
    enum class Outcome { finish, transfer, park };
    std::string field;
    std::string priority;  // "" = none
    double walkSeconds = 20; // from the call to the counter; above kRecallAfter needs a recall
    bool absent = false;     // left the building: never comes, a no-show
    double serviceSeconds = 0;
    Outcome outcome = Outcome::finish;
    std::string transferTo;   // outcome transfer
    double parkSeconds = 0;   // outcome park: back with the missing paper after this
};

// Simulated staff recall a citizen who has not come after this, and mark a
// no-show after kRecallsBeforeNoShow recalls.
inline constexpr double kRecallAfterSeconds = 45;
inline constexpr int kRecallsBeforeNoShow = 2;

class CitizenDraw {
  public:
    explicit CitizenDraw(const WardDay& day);
    std::string field(std::mt19937& rng) const;
    // A citizen for `field` (drawn by share when empty).
    Citizen citizen(std::mt19937& rng, std::string field = {}) const;
    double serviceSeconds(std::mt19937& rng, const std::string& field) const;

  private:
    WardDay day_;
};

} // namespace qmsd::demo
