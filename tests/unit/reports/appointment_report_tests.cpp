// Appointments against walk-ins (reports/appointment_report.hpp), from a day
// played through the real engine and store, checked against figures worked
// out by hand from the README's definitions.
#include "reports/appointment_report.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;
using Catch::Matchers::WithinAbs;

namespace {

void serveNext(OfficeFixture& f, int h, int m) {
    f.now = localTime("2026-11-23", h, m);
    f.must(CallNext{1});
    f.now += std::chrono::minutes{5};
    f.must(FinishService{1});
}

} // namespace

TEST_CASE("the appointments report counts each outcome and holds appointment waits against walk-ins'") {
    OfficeFixture f(makeBookingOffice());
    f.now = localTime("2026-11-23", 7, 30);
    f.must(MakeBooking{"ACDEFH", "ho_tich", "2026-11-23", 9 * 60, "A", "0901234567"});       // on time
    f.must(MakeBooking{"ACDEFJ", "ho_tich", "2026-11-23", 9 * 60 + 15, "B", "0912345678"});  // late
    f.must(MakeBooking{"ACDEFK", "ho_tich", "2026-11-23", 10 * 60, "C", "0987654321"});      // never comes
    f.must(MakeBooking{"ACDEFM", "chung_thuc", "2026-11-23", 9 * 60, "D", "0901234567"});    // cancelled
    f.must(CancelBooking{"ACDEFM", "0901234567"});
    f.now = localTime("2026-11-23", 8, 59);
    f.must(IssueTicket{"ho_tich"}); // A001, a walk-in
    f.now = localTime("2026-11-23", 9, 5);
    f.must(f.checkIn("ACDEFH")); // A002: its wait starts at 09:05 (after the 09:00 slot)
    f.now = localTime("2026-11-23", 9, 6);
    f.must(OpenCounter{1, "nv01"});
    serveNext(f, 9, 10); // A001 waited 11 minutes
    serveNext(f, 9, 20); // A002 waited 15
    f.now = localTime("2026-11-23", 9, 31);
    f.must(f.checkIn("ACDEFJ")); // A003, late: a walk-in's ticket
    serveNext(f, 9, 40); // 9 minutes
    f.now = localTime("2026-11-24", 8, 0);
    f.restart(); // the 23rd closes: ACDEFK is missed

    auto report = reports::appointmentReport(f.store->path(), *f.config, "2026-11-23", "2026-11-23");
    REQUIRE(report.ok());
    REQUIRE(report->fields.size() == 2);
    const auto& ho = report->fields[0];
    CHECK(ho.field == "ho_tich");
    CHECK(ho.booked == 3);
    CHECK(ho.checkedIn == 1);
    CHECK(ho.late == 1);
    CHECK(ho.missed == 1);
    CHECK(ho.cancelled == 0);
    CHECK(ho.tickets == 3);
    REQUIRE(ho.noShowRate);
    CHECK_THAT(*ho.noShowRate, WithinAbs(1.0 / 3, 1e-9));
    REQUIRE(ho.bookedShare);
    CHECK_THAT(*ho.bookedShare, WithinAbs(1.0 / 3, 1e-9));
    CHECK(ho.appointmentWait.count == 1);
    CHECK_THAT(*ho.appointmentWait.meanMinutes, WithinAbs(15, 1e-9));
    CHECK(ho.walkInWait.count == 2);
    CHECK_THAT(*ho.walkInWait.meanMinutes, WithinAbs(10, 1e-9));
    const auto& ct = report->fields[1];
    CHECK(ct.field == "chung_thuc");
    CHECK(ct.booked == 1);
    CHECK(ct.cancelled == 1);
    CHECK_FALSE(ct.noShowRate);
    CHECK(report->total.booked == 4);
    CHECK(report->total.missed == 1);
    // The tables say the same, in Vietnamese, with the total last.
    auto tables = reports::appointmentTables(*report);
    REQUIRE(tables.size() == 1);
    REQUIRE(tables[0].rows.size() == 3);
    CHECK(tables[0].rows[0][0].text == "Hộ tịch");
    CHECK(tables[0].rows[2][0].text == "Tổng");
    CHECK(tables[0].rows[2][1].number == 4);
}
