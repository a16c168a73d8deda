#pragma once
// Numbers as a Vietnamese announcer reads them ("một nghìn không trăm hai mươi
// ba"), as clip ids the joiner concatenates and as text for logs and the TV
// page. The rules and their sources are in daemon/voice/README.md.
#include "core/result.hpp"
#include "voice/vocabulary.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace qmsd::voice {

// Regional choices an office makes once ([voice] keys in the config).
struct NumberStyle {
    bool zeroTensLe = false;    // 105 = "một trăm lẻ năm" (south) instead of "linh" (north)
    bool fourAsTu = true;       // 24 = "hai mươi tư"; false reads "hai mươi bốn"
    bool thousandNgan = false;  // 1000 = "một ngàn" (south) instead of "một nghìn"
};

inline constexpr int maxSpokenNumber = 999'999;

// Clip ids for 0..maxSpokenNumber; invalidArgument outside that range.
Result<std::vector<std::string>> numberClips(int n, const NumberStyle& style);
// Each digit on its own ("0", "1", "2" → "không một hai"), for codes read digit by digit.
std::vector<std::string> digitClips(std::string_view digits);

} // namespace qmsd::voice
