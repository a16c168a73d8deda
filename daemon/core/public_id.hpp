#pragma once
// A ticket's public id: the opaque key of its status URL and QR code, 32
// lowercase hex digits (core/packed_hex_text.hpp keeps it in 16 bytes).
//
// The first 12 digits are the milliseconds since 1970 and the other
// 20 are random (80 bits, libsodium), the layout of a UUIDv7. The random part
// keeps a status URL unguessable: a guess must hit one of the few tickets of
// one millisecond among 2^80. The time part makes each new id sort after the
// last, so the store's unique index on public ids (tickets_by_public_id) grows
// at its end: an issue rewrites the index's last page, which the next commits
// rewrite again, where a fully random id landed on a random page of the whole
// index. Under one kiosk (tools/bench/http_bench) that was 59 of the 120
// distinct pages each WAL checkpoint had to copy into the database and sync,
// the writes behind the slowest 1% of its replies.
#include <chrono>
#include <string>

namespace qmsd {

std::string makePublicId(std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

} // namespace qmsd
