#pragma once
// Helpers the history builders share (history.cpp, history_store.cpp).
#include "history.hpp"

namespace qmsd::replay::detail {

// The counter's fields, in preference order, that the staff member serves
// (all of them when the staff member is unknown).
std::vector<std::string> callableFields(const OfficeConfig& cfg, int counter,
                                        const std::string& staff);
// Gives every ticket that left uncalled its field's median real service.
void assumeServiceOfLeavers(History& h);
bool inRange(const std::string& day, const reports::DayRange& range);

} // namespace qmsd::replay::detail
