// DLE EOT replies as the Epson reference defines them (fixed bits 0xx1xx10).
#include "escpos/printer_status.hpp"

#include <catch2/catch.hpp>

using namespace qmsd::escpos;

TEST_CASE("A ready printer") {
    auto s = parseStatus(0x12, 0x12, 0x12, 0x12);
    REQUIRE(s.ok());
    CHECK(s->online);
    CHECK(s->fault() == PrinterFault::none);
}

TEST_CASE("Out of paper: offline, stopped by paper end, roll sensor empty") {
    auto s = parseStatus(0x1A, 0x32, 0x12, 0x7E);
    REQUIRE(s.ok());
    CHECK_FALSE(s->online);
    CHECK(s->paperOut);
    CHECK(s->fault() == PrinterFault::paperOut);
    CHECK(faultName(s->fault()) == "paper_out");
}

TEST_CASE("Paper end from the roll sensor alone is still paper out") {
    auto s = parseStatus(0x12, 0x12, 0x12, 0x72);
    REQUIRE(s.ok());
    CHECK(s->fault() == PrinterFault::paperOut);
}

TEST_CASE("Cover open") {
    auto s = parseStatus(0x1A, 0x16, 0x12, 0x12);
    REQUIRE(s.ok());
    CHECK(s->coverOpen);
    CHECK(s->fault() == PrinterFault::coverOpen);
}

TEST_CASE("Autocutter error") {
    auto s = parseStatus(0x1A, 0x52, 0x1A, 0x12);
    REQUIRE(s.ok());
    CHECK(s->autocutterError);
    CHECK(s->fault() == PrinterFault::error);
}

TEST_CASE("Offline with no cause given (paper fed by the button)") {
    auto s = parseStatus(0x1A, 0x1A, 0x12, 0x12);
    REQUIRE(s.ok());
    CHECK(s->feedButton);
    CHECK(s->fault() == PrinterFault::offline);
}

TEST_CASE("Paper near end prints, but is reported") {
    auto s = parseStatus(0x12, 0x12, 0x12, 0x1E);
    REQUIRE(s.ok());
    CHECK(s->paperNearEnd);
    CHECK(s->fault() == PrinterFault::none);
}

TEST_CASE("A byte that is not a status reply (noise, another protocol) is refused") {
    CHECK_FALSE(parseStatus(0x00, 0x12, 0x12, 0x12).ok());
    CHECK_FALSE(parseStatus(0x12, 0x12, 0x12, 0x93).ok());
    CHECK_FALSE(isStatusByte(0xFF));
}
