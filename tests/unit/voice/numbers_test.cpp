// Vietnamese number reading, checked against the rules as written in
// grammars and CLDR's Vietnamese spell-out rules (see daemon/voice/README.md),
// not against our own output: a table of hand-written readings, then
// properties over every number 0–9999 and a decoder that reads the words back.
#include "voice/vietnamese_numbers.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace qmsd::voice;

namespace {

std::string say(int n, NumberStyle style = {}) {
    auto clips = numberClips(n, style);
    REQUIRE(clips.ok());
    return clipsText(*clips);
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

// Reads Vietnamese number words back to a value, written from the grammar
// (units multiplied by mươi/trăm/nghìn, linh/lẻ and không trăm as fillers).
int decode(const std::string& text) {
    static const std::map<std::string, int> digits{
        {"không", 0}, {"một", 1}, {"mốt", 1}, {"hai", 2}, {"ba", 3}, {"bốn", 4}, {"tư", 4},
        {"năm", 5},   {"lăm", 5}, {"sáu", 6}, {"bảy", 7}, {"tám", 8}, {"chín", 9}};
    int total = 0; // completed thousands
    int group = 0; // the current group below a thousand
    int pending = 0;
    for (const std::string& w : words(text)) {
        if (w == "nghìn" || w == "ngàn") {
            total += (group + pending) * 1000;
            group = pending = 0;
        } else if (w == "trăm") {
            group += pending * 100;
            pending = 0;
        } else if (w == "mươi") {
            group += pending * 10;
            pending = 0;
        } else if (w == "mười") {
            group += 10;
        } else if (w == "linh" || w == "lẻ") {
        } else {
            auto it = digits.find(w);
            REQUIRE(it != digits.end());
            pending = it->second;
        }
    }
    return total + group + pending;
}

bool contains(const std::string& text, const std::string& phrase) {
    return (" " + text + " ").find(" " + phrase + " ") != std::string::npos;
}

} // namespace

TEST_CASE("0 to 30, one by one") {
    const char* expected[] = {
        "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
        "mười một", "mười hai", "mười ba", "mười bốn", "mười lăm", "mười sáu", "mười bảy",
        "mười tám", "mười chín", "hai mươi", "hai mươi mốt", "hai mươi hai", "hai mươi ba",
        "hai mươi tư", "hai mươi lăm", "hai mươi sáu", "hai mươi bảy", "hai mươi tám",
        "hai mươi chín", "ba mươi"};
    for (int n = 0; n <= 30; ++n) {
        INFO(n);
        CHECK(say(n) == expected[n]);
    }
}

TEST_CASE("1 after a tens digit of 2 or more is mốt, 11 stays mười một") {
    CHECK(say(31) == "ba mươi mốt");
    CHECK(say(91) == "chín mươi mốt");
    CHECK(say(11) == "mười một");
    CHECK(say(111) == "một trăm mười một");
    CHECK(say(121) == "một trăm hai mươi mốt");
    CHECK(say(1021) == "một nghìn không trăm hai mươi mốt");
    CHECK(say(101) == "một trăm linh một"); // no tens word: not mốt
}

TEST_CASE("4 after a tens digit of 2 or more is tư, or bốn if the office says so") {
    CHECK(say(44) == "bốn mươi tư");
    CHECK(say(94) == "chín mươi tư");
    CHECK(say(14) == "mười bốn");
    CHECK(say(104) == "một trăm linh bốn");
    NumberStyle bon;
    bon.fourAsTu = false;
    CHECK(say(24, bon) == "hai mươi bốn");
    CHECK(say(1044, bon) == "một nghìn không trăm bốn mươi bốn");
}

TEST_CASE("5 after mười or mươi is lăm, but năm after linh and alone") {
    CHECK(say(15) == "mười lăm");
    CHECK(say(55) == "năm mươi lăm");
    CHECK(say(105) == "một trăm linh năm");
    CHECK(say(115) == "một trăm mười lăm");
    CHECK(say(505) == "năm trăm linh năm");
    CHECK(say(5555) == "năm nghìn năm trăm năm mươi lăm");
}

TEST_CASE("100 to 110") {
    CHECK(say(100) == "một trăm");
    CHECK(say(102) == "một trăm linh hai");
    CHECK(say(103) == "một trăm linh ba");
    CHECK(say(106) == "một trăm linh sáu");
    CHECK(say(109) == "một trăm linh chín");
    CHECK(say(110) == "một trăm mười");
    CHECK(say(200) == "hai trăm");
    CHECK(say(250) == "hai trăm năm mươi");
}

TEST_CASE("thousands: a zero hundreds digit is said as không trăm") {
    CHECK(say(1000) == "một nghìn");
    CHECK(say(1001) == "một nghìn không trăm linh một");
    CHECK(say(1005) == "một nghìn không trăm linh năm");
    CHECK(say(1009) == "một nghìn không trăm linh chín");
    CHECK(say(1010) == "một nghìn không trăm mười");
    CHECK(say(1023) == "một nghìn không trăm hai mươi ba");
    CHECK(say(2005) == "hai nghìn không trăm linh năm");
    CHECK(say(1100) == "một nghìn một trăm");
    CHECK(say(3030) == "ba nghìn không trăm ba mươi");
    CHECK(say(4040) == "bốn nghìn không trăm bốn mươi");
    CHECK(say(7070) == "bảy nghìn không trăm bảy mươi");
    CHECK(say(9009) == "chín nghìn không trăm linh chín");
    CHECK(say(9999) == "chín nghìn chín trăm chín mươi chín");
    CHECK(say(15000) == "mười lăm nghìn");
    CHECK(say(21000) == "hai mươi mốt nghìn");
    CHECK(say(105000) == "một trăm linh năm nghìn");
}

TEST_CASE("southern words: lẻ and ngàn") {
    NumberStyle south;
    south.zeroTensLe = true;
    south.thousandNgan = true;
    CHECK(say(105, south) == "một trăm lẻ năm");
    CHECK(say(1023, south) == "một ngàn không trăm hai mươi ba");
    CHECK(say(2005, south) == "hai ngàn không trăm lẻ năm");
}

TEST_CASE("out of range is refused") {
    CHECK_FALSE(numberClips(-1, {}).ok());
    CHECK_FALSE(numberClips(maxSpokenNumber + 1, {}).ok());
    CHECK(numberClips(maxSpokenNumber, {}).ok());
}

TEST_CASE("every number 0-9999 follows the rules and reads back to itself") {
    NumberStyle bon;
    bon.fourAsTu = false;
    for (int n = 0; n <= 9999; ++n) {
        const std::string text = say(n);
        const int th = n / 1000;
        const int h = n / 100 % 10;
        const int t = n / 10 % 10;
        const int u = n % 10;
        INFO(n << " = " << text);
        REQUIRE(decode(text) == n);
        REQUIRE(decode(say(n, bon)) == n);
        // Ending: the units word follows the tens digit.
        const std::vector<std::string> w = words(text);
        const std::string& last = w.back();
        if (u == 1 && t >= 2) {
            CHECK(last == "mốt");
        }
        if (u == 4 && t >= 2) {
            CHECK(last == "tư");
            CHECK(words(say(n, bon)).back() == "bốn");
        }
        if (u == 5) {
            CHECK(last == (t >= 1 ? "lăm" : "năm"));
        }
        CHECK_FALSE(contains(text, "mươi một"));
        CHECK_FALSE(contains(text, "mươi năm"));
        CHECK_FALSE(contains(text, "mười năm"));
        CHECK_FALSE(contains(text, "một mươi"));
        CHECK(contains(text, "mười") == (t == 1));
        CHECK(contains(text, "mươi") == (t >= 2));
        // linh exactly when the tens digit is 0 between a spoken hundreds and a units digit.
        const bool hundredsSpoken = n >= 100;
        CHECK(contains(text, "linh") == (t == 0 && u > 0 && hundredsSpoken));
        CHECK(contains(text, "không trăm") == (th > 0 && h == 0 && n % 1000 != 0));
        CHECK(contains(text, "không") == (n == 0 || contains(text, "không trăm")));
        CHECK(contains(text, "nghìn") == (th > 0));
        CHECK(contains(text, "trăm") == (h > 0 || contains(text, "không trăm")));
    }
}

TEST_CASE("digits one by one") {
    CHECK(clipsText(digitClips("012")) == "không một hai");
}
