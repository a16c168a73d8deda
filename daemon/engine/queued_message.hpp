#pragma once
// One rule for every message_queued event, whatever it is about (a ticket's
// call or near turn, a booking's confirmation or reminder): its seq follows
// the events planned so far, its text loses its diacritics when the office
// says so, and a number over its daily cap gets it recorded as skipped, with
// why. Used by plan_message.cpp and plan_booking.cpp.
#include "config/office_config.hpp"
#include "engine/event.hpp"

#include <cstdint>
#include <vector>

namespace qmsd {

// `e`: a message_queued event with its phone, reason and text set.
// `queuedBefore`: messages already queued to that number today (not skipped).
void appendQueuedMessage(std::vector<Event>& events, Event e, std::int64_t lastSeq, const MessageSettings& settings,
                         int queuedBefore);

} // namespace qmsd
