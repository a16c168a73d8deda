// What a citizen's SMS costs, its GSM-7 fallback, and the office's templates.
#include "messages/sms_text.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

using qmsd::checkTemplate;
using qmsd::fillTemplate;
using qmsd::isGsm7;
using qmsd::smsSize;
using qmsd::withoutDiacritics;
namespace sms_defaults = qmsd::sms_defaults;

namespace {

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

void checkSize(std::string_view text, bool unicode, int characters, int parts) {
    auto size = smsSize(text);
    INFO(text);
    CHECK(size.unicode == unicode);
    CHECK(size.characters == characters);
    CHECK(size.parts == parts);
}

} // namespace

TEST_CASE("GSM-7: ASCII, the basic table's accents and Greek, the extension table") {
    CHECK(isGsm7("Moi so A012 den Quay 3."));
    CHECK(isGsm7("@ $ _ ! ? # % & * ( ) + , - . / : ; < = > \" '"));
    CHECK(isGsm7("£ ¥ ¤ § ¡ ¿ è é ù ì ò à É Ç Ø ø Å å Æ æ ß Ä Ö Ñ Ü ä ö ñ ü"));
    CHECK(isGsm7("Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ"));
    CHECK(isGsm7("€ [ ] { } ^ ~ \\ |"));
    CHECK(isGsm7("line\nline\r\n"));
    CHECK(isGsm7(""));
    // A lone é is in the basic table, so this short word is GSM-7...
    CHECK(isGsm7("Vé"));
    // ...but Vietnamese almost always brings letters that are not.
    CHECK_FALSE(isGsm7("Mời"));
    CHECK_FALSE(isGsm7("đ"));
    CHECK_FALSE(isGsm7("ă"));
    CHECK_FALSE(isGsm7("ơ"));
    CHECK_FALSE(isGsm7("Quầy"));
    CHECK_FALSE(isGsm7("Vé\xCC\x81")); // a combining acute (decomposed text)
    CHECK_FALSE(isGsm7("`"));
    CHECK_FALSE(isGsm7("a\tb"));
    CHECK_FALSE(isGsm7("–")); // en dash
    CHECK_FALSE(isGsm7("😀"));
    CHECK_FALSE(isGsm7("abc\xFF"));  // invalid UTF-8
    CHECK_FALSE(isGsm7("\xC3"));     // truncated é
    CHECK_FALSE(isGsm7("\xC0\xA0")); // overlong space
}

TEST_CASE("GSM-7 boundaries: 160 in one, then 153 a part") {
    checkSize("", false, 0, 1);
    checkSize("a", false, 1, 1);
    checkSize(repeat("a", 160), false, 160, 1);
    checkSize(repeat("a", 161), false, 161, 2);
    checkSize(repeat("a", 306), false, 306, 2); // 2 × 153
    checkSize(repeat("a", 307), false, 307, 3);
    checkSize(repeat("é", 160), false, 160, 1); // é is one septet, not two bytes
}

TEST_CASE("extension characters count two septets and are never split") {
    checkSize("€", false, 2, 1);
    checkSize(repeat("€", 80), false, 160, 1);
    checkSize(repeat("€", 80) + "a", false, 161, 2);
    checkSize(repeat("{", 81), false, 162, 2);
    // 152 + 2 + 152 = 306 septets would fill two parts exactly, but the euro
    // cannot start in the first part's last septet: part 1 holds 152, part 2
    // the euro and 151, part 3 the last 'a'.
    checkSize(repeat("a", 152) + "€" + repeat("a", 152), false, 306, 3);
}

TEST_CASE("UCS-2 boundaries: 70 in one, then 67 a part, in UTF-16 units") {
    checkSize("ệ", true, 1, 1);
    checkSize(repeat("ệ", 70), true, 70, 1);
    checkSize(repeat("ệ", 71), true, 71, 2);
    checkSize(repeat("ệ", 134), true, 134, 2); // 2 × 67
    checkSize(repeat("ệ", 135), true, 135, 3);
    // One Vietnamese letter turns a whole ASCII text into UCS-2.
    checkSize(repeat("a", 70) + "đ", true, 71, 2);
    // Outside the BMP a character takes two units, and stays in one part.
    checkSize("😀", true, 2, 1);
    checkSize(repeat("ệ", 66) + "😀" + repeat("ệ", 66), true, 134, 3);
    // Decomposed text costs more: o + two combining marks is three units.
    checkSize("Ho\xCC\x82\xCC\xA3", true, 4, 1);
}

TEST_CASE("the default texts are Vietnamese and use only their placeholders") {
    CHECK_FALSE(isGsm7(sms_defaults::called));
    CHECK(checkTemplate(sms_defaults::called, {"code", "counter", "office"}).ok());
    CHECK(checkTemplate(sms_defaults::turnNear, {"code", "field", "ahead", "office"}).ok());
    CHECK(checkTemplate(sms_defaults::bookingConfirmed,
                        {"field", "time", "date", "booking", "office"})
              .ok());
    CHECK(
        checkTemplate(sms_defaults::reminder, {"field", "time", "date", "booking", "office"}).ok());
    CHECK_FALSE(checkTemplate(sms_defaults::called, {"code", "office"}).ok());
}

// The sizes below were counted by hand: the template's text without its
// placeholders, plus each value, in characters. Every Vietnamese letter here
// is one precomposed code point (one UTF-16 unit) and becomes one ASCII letter
// without its diacritics, so both forms have the same count; only the limit
// differs (70/67 for UCS-2, 160/153 for GSM-7).
TEST_CASE("the default texts filled in: parts with and without diacritics") {
    const std::string office = "UBND phường Bến Nghé";                              // 20
    const std::string centre = "Trung tâm Phục vụ hành chính công phường Bến Nghé"; // 49
    // 20 words, 19 spaces, 72 letters, digits and the comma: 91.
    const std::string longOffice = "Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành "
                                   "chính UBND phường Bến Nghé, Quận 1";

    SECTION("called: 44 characters, one part either way") {
        // "Mời số ", " đến ", ". " = 7 + 5 + 2 = 14; A012 4, "Quầy 3" 6, office 20.
        std::string text = fillTemplate(
            sms_defaults::called, {{"code", "A012"}, {"counter", "Quầy 3"}, {"office", office}});
        CHECK(text == "Mời số A012 đến Quầy 3. UBND phường Bến Nghé");
        checkSize(text, true, 44, 1);
        CHECK(withoutDiacritics(text) == "Moi so A012 den Quay 3. UBND phuong Ben Nghe");
        checkSize(withoutDiacritics(text), false, 44, 1);
    }
    SECTION("turn near: 114 characters, two parts in UCS-2, one in GSM-7") {
        // "Sắp đến lượt số " 16, " (" 2, "): còn " 7, " người trước bạn. " 18 = 43;
        // B105 4, "Đăng ký khai sinh" 17, "3" 1, centre 49: 43 + 71 = 114.
        // UCS-2: 114 > 70, so 67 + 47 = two parts. GSM-7: 114 <= 160, one.
        std::string text = fillTemplate(
            sms_defaults::turnNear,
            {{"code", "B105"}, {"field", "Đăng ký khai sinh"}, {"ahead", "3"}, {"office", centre}});
        checkSize(text, true, 114, 2);
        CHECK(withoutDiacritics(text) == "Sap den luot so B105 (Dang ky khai sinh): con 3 nguoi "
                                         "truoc ban. Trung tam Phuc vu hanh chinh cong phuong Ben "
                                         "Nghe");
        checkSize(withoutDiacritics(text), false, 114, 1);
    }
    SECTION("booking confirmed: 120 characters, two parts in UCS-2, one in GSM-7") {
        // "Đã đặt lịch " 12, " lúc " 5, " ngày " 6, ". Mã: " 6, ". " 2 = 31;
        // "Chứng thực bản sao" 18, 08:30 5, 15/12/2026 10, DL-4821 7, centre 49:
        // 31 + 89 = 120. UCS-2: 67 + 53, two parts. GSM-7: one.
        std::string text =
            fillTemplate(sms_defaults::bookingConfirmed, {{"field", "Chứng thực bản sao"},
                                                          {"time", "08:30"},
                                                          {"date", "15/12/2026"},
                                                          {"booking", "DL-4821"},
                                                          {"office", centre}});
        checkSize(text, true, 120, 2);
        checkSize(withoutDiacritics(text), false, 120, 1);
    }
    SECTION("reminder with a long office name: 160 characters, three parts or exactly one") {
        // "Nhắc lịch hẹn " 14, " lúc " 5, " ngày " 6, ", mã " 5, ". " 2 = 32;
        // "Đăng ký kết hôn" 15, 14:00 5, 16/12/2026 10, KH-0093 7, office 91:
        // 32 + 128 = 160. UCS-2: 67 + 67 + 26, three parts. GSM-7: 160 is
        // the most one message holds — one more character would make two.
        std::string text = fillTemplate(sms_defaults::reminder, {{"field", "Đăng ký kết hôn"},
                                                                 {"time", "14:00"},
                                                                 {"date", "16/12/2026"},
                                                                 {"booking", "KH-0093"},
                                                                 {"office", longOffice}});
        checkSize(text, true, 160, 3);
        std::string plain = withoutDiacritics(text);
        checkSize(plain, false, 160, 1);
        checkSize(plain + "!", false, 161, 2);
    }
}

TEST_CASE("withoutDiacritics always gives GSM-7") {
    CHECK(withoutDiacritics("Đã đặt lịch") == "Da dat lich");
    CHECK(withoutDiacritics("ĐẶNG ĐỨC ƯỚC") == "DANG DUC UOC");
    CHECK(withoutDiacritics("Quầy 3 – Hộ tịch") == "Quay 3 - Ho tich");
    CHECK(withoutDiacritics("“Mã” `x`") == "\"Ma\" 'x'");
    CHECK(withoutDiacritics("a\tb\nc\r\n") == "a b\nc\r\n");
    CHECK(withoutDiacritics("a\x01"
                            "b\x7F") == "a?b?");
    CHECK(withoutDiacritics("漢 😀") == "? ?");
    CHECK(withoutDiacritics("giá 50€ [x]") == "gia 50? [x]"); // toAscii has no euro
    for (const char* s :
         {"Sắp đến lượt số B105", "`~^{}[]|\\", "\x01\x02\x1B", "\xFF\xFE", "Ω €"}) {
        INFO(s);
        CHECK(isGsm7(withoutDiacritics(s)));
    }
}

TEST_CASE("fillTemplate replaces known names and leaves the rest as written") {
    const std::map<std::string, std::string> v = {{"code", "A012"}, {"counter", "Quầy 3"}};
    CHECK(fillTemplate("Số {code} đến {counter}", v) == "Số A012 đến Quầy 3");
    CHECK(fillTemplate("{code}{code}", v) == "A012A012");
    CHECK(fillTemplate("Số {code} ({unknown})", v) == "Số A012 ({unknown})");
    CHECK(fillTemplate("{{code}} = {code}", v) == "{code}} = A012");
    CHECK(fillTemplate("{{{code}", v) == "{A012");
    CHECK(fillTemplate("a } b", v) == "a } b");
    CHECK(fillTemplate("unclosed {code", v) == "unclosed {code");
    CHECK(fillTemplate("{} { code } {co-de}", v) == "{} { code } {co-de}");
    CHECK(fillTemplate("{", v) == "{");
    CHECK(fillTemplate("", v) == "");
    // A value is inserted as it is: its own braces are not read again.
    CHECK(fillTemplate("{code}", {{"code", "{counter}"}, {"counter", "x"}}) == "{counter}");
    CHECK(fillTemplate("{code}", {{"code", ""}}) == "");
}

TEST_CASE("checkTemplate names the first problem") {
    const std::set<std::string> allowed = {"code", "counter", "office"};
    CHECK(checkTemplate("Mời số {code} đến {counter}. {office}", allowed).ok());
    CHECK(checkTemplate("no placeholders, } alone, {{literal}", allowed).ok());
    CHECK(checkTemplate("", allowed).ok());

    auto unknown = checkTemplate("Số {code} ({field}) {other}", allowed);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == qmsd::ErrorCode::configInvalid);
    CHECK(unknown.error().message == "unknown placeholder {field}");

    // Characters, not bytes: "Mời số " is 7 characters (10 bytes), the brace the 8th.
    auto unclosed = checkTemplate("Mời số {code", allowed);
    REQUIRE_FALSE(unclosed.ok());
    CHECK(unclosed.error().code == qmsd::ErrorCode::configInvalid);
    CHECK(unclosed.error().message == "unclosed '{' at character 8; write {{ for a literal '{'");

    auto malformed = checkTemplate("{code} { code }", allowed);
    REQUIRE_FALSE(malformed.ok());
    CHECK_THAT(malformed.error().message,
               Catch::StartsWith("'{' at character 8 opens no placeholder"));

    CHECK_FALSE(checkTemplate("{}", allowed).ok());
    CHECK_FALSE(checkTemplate("{code}{", allowed).ok());
    // The first problem wins, whichever kind it is.
    CHECK(checkTemplate("{ {field}", allowed).error().message ==
          "'{' at character 1 opens no placeholder (a name is letters, digits, '_'); "
          "write {{ for a literal '{'");
}
