#pragma once
// What the replay tests share: the test office, its clock, CSV text parsed as
// arrivals, and a Monday to play on.
#include "csv_arrivals.hpp"
#include "support/test_office.hpp"

#include <string>

namespace qmsd::test {

inline const std::string kReplayMonday = "2026-11-23";

const OfficeClock& replayClock();
// Parses CSV text named "arrivals.csv"; fails the test if it does not parse.
replay::Arrivals arrivalsOf(const std::string& csv, const OfficeConfig& cfg = makeTestOffice());
// The parse error's message; fails the test if the text parses.
std::string arrivalsErrorOf(const std::string& csv, const OfficeConfig& cfg = makeTestOffice());

} // namespace qmsd::test
