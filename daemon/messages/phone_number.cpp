#include "messages/phone_number.hpp"

#include <algorithm>
#include <iterator>

namespace qmsd {
namespace {

// Where these come from: the numbering plan of the Ministry of Information and
// Communications (Bộ TT&TT). Mobiles went from 11 to 10 digits in 2018
// (Quyết định 798/QĐ-BTTTT: 016x→03x, 012x→07x/08x, 018x→05x, 0199→059);
// later allocations added 052 (Vietnamobile), 055 (Reddi) and 087 (Itelecom).
// Cross-checked against libphonenumber's VN metadata, which is broader at the
// prefix level: it also admits 030, 031, 051 and 095, which no operator lists
// (095 was S-Fone's, out of service since 2012). A new allocation is one line.
constexpr std::string_view kMobilePrefixes[] = {
    "32", "33", "34", "35", "36", "37", "38", "39",       // Viettel
    "52", "55", "56", "58", "59",                         // Vietnamobile, Reddi, Gmobile
    "70", "76", "77", "78", "79",                         // MobiFone
    "81", "82", "83", "84", "85", "86", "87", "88", "89", // Vinaphone, Viettel, Itelecom, MobiFone
    "90", "91", "92", "93", "94", "96", "97", "98", "99", // the first networks' 09x, less 095
};

// Landline area codes after the 2017 change (numbering plan of Thông tư
// 22/2014/TT-BTTTT, rolled out Feb–Jun 2017): 11 digits in all — Hà Nội 024
// and TP HCM 028 with 8-digit subscribers, the other 61 provinces 02xx
// with 7. The list matches libphonenumber's VN fixed-line pattern.
constexpr std::string_view kProvinceAreaCodes[] = {
    "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214", "215",
    "216", "218", "219", "220", "221", "222", "225", "226", "227", "228", "229", "232", "233",
    "234", "235", "236", "237", "238", "239", "251", "252", "254", "255", "256", "257", "258",
    "259", "260", "261", "262", "263", "269", "270", "271", "272", "273", "274", "275", "276",
    "277", "290", "291", "292", "293", "294", "296", "297", "299",
};
static_assert(std::size(kProvinceAreaCodes) + 2 == 63, "one area code per province (2017)");

// Longer than anything a person types for one number, separators and "(0)"
// included; refusing early keeps a pasted paragraph from being scanned.
constexpr std::size_t kMaxInput = 32;

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <std::size_t N> bool listed(const std::string_view (&list)[N], std::string_view code) {
    return std::find(std::begin(list), std::end(list), code) != std::end(list);
}

bool isLandline(std::string_view n) {
    if (n.size() != 11 || n[0] != '0' || n[1] != '2' || !allDigits(n)) {
        return false;
    }
    return n[2] == '4' || n[2] == '8' || listed(kProvinceAreaCodes, n.substr(1, 3));
}

bool isValidNational(std::string_view n) {
    return isMobile(n) || isLandline(n);
}

// The digits and a leading '+', or nullopt for any other character or a '+'
// anywhere but first.
std::optional<std::string> digitsOf(std::string_view input) {
    std::string out;
    for (char c : input) {
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) {
            out += c;
        } else if (c != ' ' && c != '\t' && c != '.' && c != '-' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    return out;
}

} // namespace

std::optional<std::string> normalizePhone(std::string_view input) {
    if (input.size() > kMaxInput) {
        return std::nullopt;
    }
    auto digits = digitsOf(input);
    if (!digits) {
        return std::nullopt;
    }
    std::string_view d = *digits;
    std::string national;
    if (d.substr(0, 3) == "+84") {
        d.remove_prefix(3);
        if (!d.empty() && d[0] == '0') {
            d.remove_prefix(1); // "+84 (0)90 …": the trunk 0 some people keep
        }
        national = "0" + std::string(d);
    } else if (d.substr(0, 2) == "84") {
        // Without the '+': people write a national number with its 0, so a
        // leading 84 is the country code — if a whole number follows.
        national = "0" + std::string(d.substr(2));
    } else if (d.substr(0, 1) == "0") {
        national = std::string(d);
    } else {
        return std::nullopt;
    }
    if (!isValidNational(national)) {
        return std::nullopt;
    }
    return national;
}

bool isMobile(std::string_view n) {
    return n.size() == 10 && n[0] == '0' && allDigits(n) && listed(kMobilePrefixes, n.substr(1, 2));
}

std::string maskPhone(std::string_view n) {
    constexpr std::size_t kShown = 3; // each end
    // Every real number has 10 or 11 digits; below that the ends would give
    // away most of it.
    if (n.size() < 10) {
        return std::string(n.size(), '*');
    }
    std::string out(n);
    std::fill(out.begin() + kShown, out.end() - kShown, '*');
    return out;
}

} // namespace qmsd
