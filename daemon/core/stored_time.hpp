#pragma once
// An instant as the codecs store it in JSON: milliseconds since the epoch,
// 0 for an unset one (content_codec, booking_codec).
#include "core/time.hpp"

#include <cstdint>

namespace qmsd {

inline std::int64_t millisOrZero(TimePoint t) { return t == TimePoint{} ? 0 : toMillis(t); }
inline TimePoint timeOfMillis(std::int64_t ms) { return ms == 0 ? TimePoint{} : fromMillis(ms); }

} // namespace qmsd
