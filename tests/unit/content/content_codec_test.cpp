// Notices and procedure sheets as stored in their events: what goes in comes
// out, and a damaged payload is an error, never an exception.
#include "content/content_codec.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;

TEST_CASE("a notice survives its encoding, Vietnamese and all") {
    Notice n;
    n.id = "n42";
    n.title = "Nghỉ lễ Quốc khánh";
    n.text = "Bộ phận một cửa nghỉ từ 01/9 đến 03/9.\nCông dân vui lòng quay lại ngày 04/9.";
    n.startsAt = fromMillis(1780000000000);
    n.endsAt = fromMillis(1780300000000);
    n.screens = screenTv | screenKiosk;
    n.order = -3;
    n.version = 7;
    n.updatedAt = fromMillis(1779990000000);
    n.updatedBy = "editor:bientap";
    auto back = decodeNotice(encodeNotice(n));
    REQUIRE(back.ok());
    CHECK(*back == n);
    // Unset times stay unset.
    n.startsAt = {};
    n.endsAt = {};
    CHECK(*decodeNotice(encodeNotice(n)) == n);
}

TEST_CASE("a procedure sheet survives its encoding") {
    ProcedureSheet p;
    p.field = "ho_tich";
    p.documents = {"Tờ khai đăng ký khai sinh", "Giấy chứng sinh (bản chính)"};
    p.fees = "Miễn lệ phí";
    p.processingTime = "Trong ngày";
    p.legalBasis = "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP";
    p.notes = "Mang theo CCCD của người đi đăng ký";
    p.version = 2;
    p.updatedAt = fromMillis(1779990000000);
    p.updatedBy = "leader:leader";
    auto back = decodeProcedure(encodeProcedure(p));
    REQUIRE(back.ok());
    CHECK(*back == p);
}

TEST_CASE("damaged payloads are refused with a reason, never thrown") {
    for (const char* bad :
         {"", "not json", "[]", "{\"id\":5}", "{\"id\":\"n1\",\"screens\":\"tv\"}",
          "{\"id\":\"n1\",\"screens\":[\"radio\"]}",
          "{\"id\":\"n1\",\"order\":\"x\",\"screens\":[]}",
          "{\"text\":\"no id\",\"screens\":[\"tv\"]}"}) {
        auto n = decodeNotice(bad);
        CHECK_FALSE(n.ok());
        if (!n.ok()) {
            CHECK(n.error().code == ErrorCode::storageFailed);
        }
    }
    CHECK_FALSE(decodeProcedure("{\"field\":\"ho_tich\",\"documents\":[1,2]}").ok());
    CHECK_FALSE(decodeProcedure("{\"documents\":[]}").ok());
}
