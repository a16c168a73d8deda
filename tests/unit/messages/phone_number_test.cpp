// Vietnamese phone numbers as people type them, to one national form.
#include "messages/phone_number.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using qmsd::isMobile;
using qmsd::maskPhone;
using qmsd::normalizePhone;

TEST_CASE("mobiles written the ways people write them") {
    CHECK(normalizePhone("0901234567") == "0901234567");
    CHECK(normalizePhone("+84 90 123 4567") == "0901234567");
    CHECK(normalizePhone("+84901234567") == "0901234567");
    CHECK(normalizePhone("84901234567") == "0901234567");
    CHECK(normalizePhone("0901.234.567") == "0901234567");
    CHECK(normalizePhone("0901-234-567") == "0901234567");
    CHECK(normalizePhone("090 123 45 67") == "0901234567");
    CHECK(normalizePhone("(+84) 912 345 678") == "0912345678");
    CHECK(normalizePhone("+84 (0) 98 765 4321") == "0987654321"); // the kept trunk 0
    CHECK(normalizePhone("  0352.123.456 ") == "0352123456");
    CHECK(normalizePhone("0901\t234\t567") == "0901234567");
}

TEST_CASE("every allocated mobile prefix passes, as a mobile") {
    for (const char* prefix :
         {"032", "033", "034", "035", "036", "037", "038", "039", "052", "055", "056", "058",
          "059", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086",
          "087", "088", "089", "090", "091", "092", "093", "094", "096", "097", "098", "099"}) {
        std::string n = std::string(prefix) + "1234567";
        INFO(n);
        CHECK(normalizePhone(n) == n);
        CHECK(normalizePhone("+84" + n.substr(1)) == n);
        CHECK(isMobile(n));
    }
}

TEST_CASE("prefixes no network uses are refused") {
    for (const char* prefix : {"030", "031", "050", "051", "053", "054", "057", "071", "072", "073",
                               "074", "075", "080", "095", "060", "040", "010", "001"}) {
        std::string n = std::string(prefix) + "1234567";
        INFO(n);
        CHECK_FALSE(normalizePhone(n));
        CHECK_FALSE(isMobile(n));
    }
}

TEST_CASE("landlines: 024, 028 and the provinces' 02xx, 11 digits") {
    CHECK(normalizePhone("(028) 3829 1234") == "02838291234");
    CHECK(normalizePhone("024 3825 3536") == "02438253536");
    CHECK(normalizePhone("+84 28 3829 1234") == "02838291234");
    CHECK(normalizePhone("842838291234") == "02838291234");
    CHECK(normalizePhone("0236 382 1234") == "02363821234"); // Đà Nẵng
    CHECK(normalizePhone("0203.382.1234") == "02033821234"); // Quảng Ninh
    CHECK(normalizePhone("0299 382 1234") == "02993821234"); // Sóc Trăng
    CHECK_FALSE(isMobile("02838291234"));
    // Area codes that do not exist: 0200, 0217, 0223, 0230, 0250, 0298.
    for (const char* n : {"02003821234", "02173821234", "02233821234", "02303821234", "02503821234",
                          "02983821234"}) {
        INFO(n);
        CHECK_FALSE(normalizePhone(n));
    }
}

TEST_CASE("wrong lengths and the old 11-digit mobiles are refused") {
    CHECK_FALSE(normalizePhone("090123456"));    // 9 digits
    CHECK_FALSE(normalizePhone("09012345678"));  // 11 digits on a mobile prefix
    CHECK_FALSE(normalizePhone("090123456789")); // 12
    CHECK_FALSE(normalizePhone("0283829123"));   // a landline one digit short
    CHECK_FALSE(normalizePhone("028382912345")); // and one too long
    CHECK_FALSE(normalizePhone("0123456789"));   // 012 is gone since 2018 (now 07x/08x)
    CHECK_FALSE(normalizePhone("01234567890"));  // the old 11-digit Vinaphone form
    CHECK_FALSE(normalizePhone("01661234567"));  // the old Viettel 0166, now 036
    CHECK_FALSE(normalizePhone("0100000000"));
    CHECK_FALSE(normalizePhone("0200000000"));
    CHECK_FALSE(normalizePhone("901234567"));  // no prefix at all
    CHECK_FALSE(normalizePhone("8490123456")); // 84 + 8 digits
    CHECK_FALSE(normalizePhone("849012345678"));
    CHECK_FALSE(normalizePhone("+8490123456"));
    CHECK_FALSE(normalizePhone("+85590123456")); // another country
    CHECK_FALSE(normalizePhone(""));
    CHECK_FALSE(normalizePhone("   "));
    CHECK_FALSE(normalizePhone("+"));
    CHECK_FALSE(normalizePhone("0"));
}

TEST_CASE("letters, stray symbols and over-long input are refused") {
    CHECK_FALSE(normalizePhone("090123456a"));
    CHECK_FALSE(normalizePhone("O901234567")); // a letter O for the zero
    CHECK_FALSE(normalizePhone("0901 234 567 (nhà)"));
    CHECK_FALSE(normalizePhone("0901/234/567"));
    CHECK_FALSE(normalizePhone("0901234567,"));
    CHECK_FALSE(normalizePhone("84+901234567")); // '+' only first
    CHECK_FALSE(normalizePhone("++84901234567"));
    CHECK_FALSE(normalizePhone("0901234567 0912345678")); // two numbers
    CHECK_FALSE(normalizePhone("０９０１２３４５６７"));  // full-width digits
    CHECK_FALSE(normalizePhone(std::string(40, ' ') + "0901234567"));
    // Within the limit, separators are fine however many.
    CHECK(normalizePhone("0 9 0 1 2 3 4 5 6 7") == "0901234567");
}

TEST_CASE("isMobile wants the normalized form") {
    CHECK(isMobile("0901234567"));
    CHECK_FALSE(isMobile("+84901234567"));
    CHECK_FALSE(isMobile("090 123 4567"));
    CHECK_FALSE(isMobile("090123456x"));
    CHECK_FALSE(isMobile(""));
}

TEST_CASE("masking keeps the first three and the last three") {
    CHECK(maskPhone("0901234567") == "090****567");
    CHECK(maskPhone("02838291234") == "028*****234");
    CHECK(maskPhone("123456789") == "*********");
    CHECK(maskPhone("12345") == "*****");
    CHECK(maskPhone("") == "");
    CHECK(maskPhone(*normalizePhone("+84 98 765 4321")) == "098****321");
}
