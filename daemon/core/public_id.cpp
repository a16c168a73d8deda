#include "core/public_id.hpp"

#include <sodium.h>

#include <cstdint>

namespace qmsd {

std::string makePublicId(std::chrono::system_clock::time_point now) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    // 48 bits of milliseconds last until the year 10889; a clock before 1970
    // counts as 0 rather than wrapping to the end of the index.
    auto stamp = static_cast<std::uint64_t>(ms < 0 ? 0 : ms) & 0xffff'ffff'ffffULL;
    unsigned char raw[16];
    for (int i = 0; i < 6; ++i) {
        raw[i] = static_cast<unsigned char>(stamp >> (8 * (5 - i)));
    }
    randombytes_buf(raw + 6, sizeof raw - 6);
    char hex[2 * sizeof raw + 1];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return hex;
}

} // namespace qmsd
