// Command bytes against the Epson ESC/POS reference (GS ( k, GS v 0, GS V, DLE EOT).
#include "escpos/escpos_commands.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace qmsd::escpos;
using B = Bytes;

TEST_CASE("QR store length counts the data plus cn, fn and m, low byte first") {
    const std::string data(300, 'x'); // 303 = 0x012F
    auto store = cmd::qrStore(data);
    REQUIRE(store.ok());
    REQUIRE(store->size() == 8 + 300);
    CHECK(B(store->begin(), store->begin() + 8) ==
          B{0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30});
    CHECK(store->back() == 'x');
}

TEST_CASE("QR data that no QR code can hold is refused, not sent") {
    CHECK_FALSE(cmd::qrStore("").ok());
    CHECK_FALSE(cmd::qrStore(std::string(7090, '1')).ok());
    CHECK(cmd::qrStore(std::string(7089, '1')).ok());
}

TEST_CASE("QR model, size, error level and print functions") {
    CHECK(cmd::qrModel2() == B{0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});
    CHECK(cmd::qrModuleSize(6) == B{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06});
    CHECK(cmd::qrModuleSize(40).back() == 16); // the printer's maximum
    CHECK(cmd::qrErrorLevel(QrErrorLevel::q) == B{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x32});
    CHECK(cmd::qrPrint() == B{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});
}

TEST_CASE("A tall raster image goes out in bands of at most 255 rows") {
    Bitmap image(20, 600); // 3 bytes a row
    image.set(0, 0);
    image.set(19, 599);
    const Bytes out = cmd::raster(image);
    // 255 + 255 + 90 rows, each band with its 8-byte header
    REQUIRE(out.size() == 3 * 8 + 600 * 3);
    CHECK(B(out.begin(), out.begin() + 8) == B{0x1D, 0x76, 0x30, 0x00, 3, 0, 255, 0});
    CHECK(out[8] == 0x80); // top-left dot: most significant bit
    const std::size_t third = 2 * (8 + 255 * 3);
    CHECK(B(out.begin() + third, out.begin() + third + 8) ==
          B{0x1D, 0x76, 0x30, 0x00, 3, 0, 90, 0});
    CHECK(out.back() == 0x10); // x = 19: bit 3 of the third byte
}

TEST_CASE("Cut, size, status request") {
    CHECK(cmd::cut(Cut::full) == B{0x1D, 0x56, 0x00});
    CHECK(cmd::cut(Cut::partial) == B{0x1D, 0x56, 0x01});
    CHECK(cmd::charSize(4, 4) == B{0x1D, 0x21, 0x33});
    CHECK(cmd::charSize(1, 2) == B{0x1D, 0x21, 0x01});
    CHECK(cmd::statusRequest(4) == B{0x10, 0x04, 0x04});
}
