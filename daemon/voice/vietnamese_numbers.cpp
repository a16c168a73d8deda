#include "voice/vietnamese_numbers.hpp"

namespace qmsd::voice {
namespace {

std::string digit(int d) { return "num_" + std::to_string(d); }

// One group of three digits. `inner` is true when a higher group (nghìn)
// precedes it: then a zero hundreds digit is still spoken ("không trăm") and
// a lone units digit takes linh/lẻ, as 1023 and 1005 are read.
void readGroup(int n, bool inner, const NumberStyle& style, std::vector<std::string>& out) {
    const int h = n / 100;
    const int t = n / 10 % 10;
    const int u = n % 10;
    const bool saysHundreds = h > 0 || (inner && n > 0);
    if (saysHundreds) {
        out.push_back(digit(h));
        out.emplace_back("tram");
    }
    if (t == 0) {
        if (u == 0) {
            return;
        }
        if (saysHundreds) {
            out.emplace_back(style.zeroTensLe ? "le" : "linh");
        }
        out.push_back(digit(u)); // 105 "linh năm", 104 "linh bốn": no lăm/tư here
        return;
    }
    if (t == 1) {
        out.emplace_back("muoi");
    } else {
        out.push_back(digit(t));
        out.emplace_back("muoi_tens");
    }
    if (u == 0) {
        return;
    }
    if (u == 5) {
        out.emplace_back("lam"); // after mười and mươi alike
    } else if (u == 1 && t >= 2) {
        out.emplace_back("mot_tens");
    } else if (u == 4 && t >= 2 && style.fourAsTu) {
        out.emplace_back("tu");
    } else {
        out.push_back(digit(u));
    }
}

} // namespace

Result<std::vector<std::string>> numberClips(int n, const NumberStyle& style) {
    if (n < 0 || n > maxSpokenNumber) {
        return makeError(ErrorCode::invalidArgument,
                         "cannot read " + std::to_string(n) + " aloud (0.." +
                             std::to_string(maxSpokenNumber) + ")");
    }
    std::vector<std::string> out;
    if (n == 0) {
        out.push_back(digit(0));
        return out;
    }
    const int thousands = n / 1000;
    if (thousands > 0) {
        readGroup(thousands, false, style, out);
        out.emplace_back(style.thousandNgan ? "ngan" : "nghin");
    }
    readGroup(n % 1000, thousands > 0, style, out);
    return out;
}

std::vector<std::string> digitClips(std::string_view digits) {
    std::vector<std::string> out;
    for (char c : digits) {
        if (c >= '0' && c <= '9') {
            out.push_back(digit(c - '0'));
        }
    }
    return out;
}

} // namespace qmsd::voice
