#pragma once
// What a failed libmodbus call means for the unit asked, and how to say it.
// Kept apart from the bus so the wording and the classes can be tested alone.
#include <string>

namespace qmsd::drivers::modbus {

// refused: the unit answered with a Modbus exception (it is there; retrying at
// once would only repeat the refusal). absent: a gateway answered for the unit
// (exception 0x0A path unavailable, 0x0B target failed to respond) — the unit
// itself is as gone as one that times out on a serial line.
enum class Outcome { ok, refused, absent, timeout, badReply, linkDown };

// errno after a failed libmodbus call → its outcome (ETIMEDOUT is `timeout`
// even for broadcasts: the caller knows those never get an answer).
Outcome classify(int err);

// An exception that asking again will not change: illegal function, data
// address or data value (0x01-0x03), as opposed to busy, failure, and the rest.
bool isPermanentRefusal(int err);

// A readable text for errno after a libmodbus call. Not modbus_strerror(): it
// calls strerror(), which is not thread-safe (libmodbus #468), and it leaves
// out some of libmodbus's own codes ("Unknown error 112345693").
std::string errorText(int err);

} // namespace qmsd::drivers::modbus
