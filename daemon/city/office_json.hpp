#pragma once
// An office as the city's API and live stream show it: its registration, how
// current the centre's copy is (last contact, the backlog it reported then),
// a conflict if another installation claimed its id, and its live view
// (waiting and longest wait per field, flags with reasons, counters).
#include "city/city_store.hpp"
#include "clock/office_clock.hpp"

#include <nlohmann/json.hpp>

namespace qmsd::city {

using Json = nlohmann::json;

Json officeJson(const OfficeRow& row, const OfficeClock& clock);

} // namespace qmsd::city
