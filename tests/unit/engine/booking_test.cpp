// Appointments (daemon/booking/README.md): the slot grid, capacity, one
// booking per phone, moves and cancellations, check-in and the queue place
// it gives, no-shows at the day's end, and bookings outliving the day.
#include "booking/booking_slots.hpp"
#include "support/test_office.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace qmsd;
using namespace qmsd::test;

namespace {

// ho_tich has one place a slot, chung_thuc two (makeBookingOffice).
MakeBooking booking(const std::string& code, const std::string& day, int hour, int minute,
                    const std::string& phone = "0901234567", const std::string& field = "ho_tich") {
    return MakeBooking{code, field, day, hour * 60 + minute, "Nguyễn Thị Hoa", phone};
}

// Calls at counter 1 until nobody waits; the codes in call order.
std::vector<std::string> callOrder(OfficeFixture& f) {
    std::vector<std::string> out;
    for (;;) {
        auto r = f.run(CallNext{1});
        if (!r) {
            return out;
        }
        out.push_back(f.ticket(r->front().ticketId).code);
        f.must(FinishService{1});
    }
}

} // namespace

TEST_CASE("slots follow the office's sessions and closed days") {
    OfficeConfig c = makeBookingOffice();
    c.office.closedDates = {"2026-11-25"};
    auto clock = OfficeClock::forZone("Asia/Ho_Chi_Minh");
    REQUIRE(clock.ok());
    auto slots = slotsOfDay(c, *clock, "2026-11-24");
    // 07:30–11:30 and 13:30–17:00 in 15 minutes: 16 + 14.
    REQUIRE(slots.size() == 30);
    CHECK(slots.front().minute == 7 * 60 + 30);
    CHECK(slots[15].minute == 11 * 60 + 15);
    CHECK(slots[16].minute == 13 * 60 + 30);
    CHECK(slots.back().endMinute == 17 * 60);
    CHECK(slotsOfDay(c, *clock, "2026-11-25").empty());
    CHECK(placesPerSlot(*c.field("ho_tich"), c.booking) == 1);
    CHECK(placesPerSlot(*c.field("chung_thuc"), c.booking) == 2);
    CHECK(placesPerSlot(*c.field("dat_dai"), c.booking) == 0);
}

TEST_CASE("a slot takes as many bookings as it has places, and refuses the rest by name") {
    OfficeFixture f(makeBookingOffice());
    f.must(booking("ACDEFH", "2026-11-24", 8, 0));
    CHECK(f.refusal(booking("ACDEFJ", "2026-11-24", 8, 0, "0912345678")) == ErrorCode::slotFull);
    f.must(booking("ACDEFK", "2026-11-24", 8, 0, "0901234567", "chung_thuc"));
    f.must(booking("ACDEFM", "2026-11-24", 8, 0, "0912345678", "chung_thuc"));
    CHECK(f.refusal(booking("ACDEFN", "2026-11-24", 8, 0, "0987654321", "chung_thuc")) == ErrorCode::slotFull);
    CHECK(f.engine().bookings().taken("chung_thuc", "2026-11-24", 8 * 60) == 2);
    // Not a slot, too soon, past the days ahead, a field nobody books.
    CHECK(f.refusal(booking("ACDEFP", "2026-11-24", 8, 7, "0987654321")) == ErrorCode::slotClosed);
    CHECK(f.refusal(booking("ACDEFP", "2026-11-23", 8, 15, "0987654321")) == ErrorCode::slotClosed);
    f.must(booking("ACDEFP", "2026-11-23", 8, 30, "0987654321")); // 30 minutes ahead is enough
    CHECK(f.refusal(booking("ACDEFR", "2026-11-30", 8, 0, "0987654321")) == ErrorCode::slotClosed);
    f.must(booking("ACDEFR", "2026-11-29", 8, 0, "0987654321")); // the 7th day, today included
    CHECK(f.refusal(booking("ACDEFT", "2026-11-24", 9, 0, "0987654321", "dat_dai")) == ErrorCode::unknownField);
}

TEST_CASE("two people booking the last place in one group commit: one gets it") {
    OfficeFixture f(makeBookingOffice());
    std::vector<bool> ok;
    auto keep = [&ok](const Result<Events>& r) { ok.push_back(r.ok()); };
    f.journal->submit(booking("ACDEFH", "2026-11-24", 8, 0, "0901234567"), CommandMeta{f.now, "a"}, keep);
    f.journal->submit(booking("ACDEFJ", "2026-11-24", 8, 0, "0912345678"), CommandMeta{f.now, "b"}, keep);
    REQUIRE(f.journal->flush().ok());
    CHECK(ok == std::vector<bool>{true, false});
    SQLite::Statement q(f.store->database(), "SELECT count(*) FROM bookings WHERE state = 'booked'");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 1);
}

TEST_CASE("one active booking per phone, field and day; cancelling frees the place and the phone") {
    OfficeFixture f(makeBookingOffice());
    f.must(booking("ACDEFH", "2026-11-24", 8, 0));
    CHECK(f.refusal(booking("ACDEFJ", "2026-11-24", 9, 0)) == ErrorCode::alreadyBooked);
    f.must(booking("ACDEFJ", "2026-11-25", 9, 0));                               // another day
    f.must(booking("ACDEFK", "2026-11-24", 9, 0, "0901234567", "chung_thuc"));   // another field
    // Only the holder's phone cancels; a stranger's reads as no booking.
    CHECK(f.refusal(CancelBooking{"ACDEFH", "0912345678"}) == ErrorCode::unknownBooking);
    f.must(CancelBooking{"ACDEFH", "0901234567"});
    CHECK(f.refusal(CancelBooking{"ACDEFH", "0901234567"}) == ErrorCode::bookingWrongState);
    CHECK(f.engine().bookings().taken("ho_tich", "2026-11-24", 8 * 60) == 0);
    f.must(booking("ACDEFM", "2026-11-24", 8, 0, "0912345678"));
    f.must(booking("ACDEFN", "2026-11-24", 10, 0)); // the first phone may book that day again
}

TEST_CASE("a move keeps the code, frees the old slot and refuses a full one untouched") {
    OfficeFixture f(makeBookingOffice());
    f.must(booking("ACDEFH", "2026-11-24", 8, 0));
    f.must(booking("ACDEFJ", "2026-11-24", 9, 0, "0912345678"));
    CHECK(f.refusal(MoveBooking{"ACDEFH", "0901234567", "2026-11-24", 9 * 60}) == ErrorCode::slotFull);
    CHECK(f.engine().bookings().find("ACDEFH")->minute == 8 * 60);
    f.must(MoveBooking{"ACDEFH", "0901234567", "2026-11-24", 10 * 60});
    const Booking* b = f.engine().bookings().find("ACDEFH");
    CHECK(b->minute == 10 * 60);
    CHECK(b->state == BookingState::booked);
    CHECK(f.engine().bookings().taken("ho_tich", "2026-11-24", 8 * 60) == 0);
    CHECK(f.engine().bookings().taken("ho_tich", "2026-11-24", 10 * 60) == 1);
}

TEST_CASE("check-in: too early is refused, on time takes the booked time's place, late is a walk-in") {
    OfficeFixture f(makeBookingOffice());
    f.now = localTime("2026-11-23", 7, 30);
    f.must(booking("ACDEFH", "2026-11-23", 8, 30));                           // on time, after walk-ins
    f.must(booking("ACDEFJ", "2026-11-23", 9, 0, "0912345678"));              // checked in late
    f.must(booking("ACDEFK", "2026-11-23", 10, 0, "0987654321"));             // too early
    f.now = localTime("2026-11-23", 8, 25);
    f.must(IssueTicket{"ho_tich"}); // A001, came before the slot
    f.now = localTime("2026-11-23", 8, 31);
    f.must(IssueTicket{"ho_tich"}); // A002, came after it
    f.now = localTime("2026-11-23", 8, 40);
    TicketId appointment = f.must(f.checkIn("ACDEFH")); // A003, 10 minutes late: still in the window
    CHECK(f.ticket(appointment).booking == "ACDEFH");
    CHECK(f.engine().bookings().find("ACDEFH")->state == BookingState::checkedIn);
    CHECK(f.engine().bookings().find("ACDEFH")->ticketCode == "A003");
    CHECK(f.refusal(f.checkIn("ACDEFK")) == ErrorCode::tooEarly);
    CHECK(f.refusal(f.checkIn("ACDEFH")) == ErrorCode::bookingWrongState); // once only
    f.now = localTime("2026-11-23", 9, 16); // 16 minutes after 09:00
    TicketId late = f.must(f.checkIn("ACDEFJ"));
    CHECK(f.engine().bookings().find("ACDEFJ")->state == BookingState::late);
    CHECK(f.ticket(late).code == "A004");
    f.must(IssueTicket{"ho_tich"}); // A005
    f.must(OpenCounter{1, "nv01"});
    // A001 came before 08:30, A002 after; the late appointment queues as it came.
    CHECK(callOrder(f) == std::vector<std::string>{"A001", "A003", "A002", "A004", "A005"});
}

TEST_CASE("an appointment's place survives a restart, and an early check-in waits from its arrival") {
    OfficeFixture f(makeBookingOffice());
    f.now = localTime("2026-11-23", 7, 30);
    f.must(booking("ACDEFH", "2026-11-23", 9, 0));
    f.must(booking("ACDEFJ", "2026-11-23", 9, 0, "0912345678", "chung_thuc"));
    f.now = localTime("2026-11-23", 8, 50);
    f.must(IssueTicket{"ho_tich"});       // A001
    f.must(f.checkIn("ACDEFH"));         // A002: ten minutes early, queued as it came
    f.now = localTime("2026-11-23", 8, 55);
    f.must(IssueTicket{"ho_tich"});       // A003
    f.now = localTime("2026-11-23", 9, 5);
    f.must(IssueTicket{"ho_tich"});       // A004
    f.must(IssueTicket{"ho_tich"});       // A005
    f.now = localTime("2026-11-23", 9, 10);
    f.restart();
    f.must(IssueTicket{"ho_tich"});       // A006
    f.must(OpenCounter{1, "nv01"});
    CHECK(callOrder(f) == std::vector<std::string>{"A001", "A002", "A003", "A004", "A005", "A006"});
    // The chung_thuc booking still waits for its holder after the restart.
    CHECK(f.engine().bookings().find("ACDEFJ")->state == BookingState::booked);
}

TEST_CASE("a late check-in's place is behind those who came before the slot, ahead of later ones, after a restart") {
    OfficeFixture f(makeBookingOffice());
    f.now = localTime("2026-11-23", 7, 30);
    f.must(booking("ACDEFH", "2026-11-23", 9, 0));
    f.now = localTime("2026-11-23", 8, 59);
    f.must(IssueTicket{"ho_tich"});       // A001
    f.now = localTime("2026-11-23", 9, 1);
    f.must(IssueTicket{"ho_tich"});       // A002
    f.must(IssueTicket{"ho_tich"});       // A003
    f.now = localTime("2026-11-23", 9, 12);
    f.must(f.checkIn("ACDEFH"));         // A004
    f.restart();                          // the place is rebuilt from the events
    f.must(OpenCounter{1, "nv01"});
    CHECK(callOrder(f) == std::vector<std::string>{"A001", "A004", "A002", "A003"});
}

TEST_CASE("bookings outlive the day: the next day knows them, and the unmet ones are missed") {
    OfficeFixture f(makeBookingOffice());
    f.must(booking("ACDEFH", "2026-11-23", 9, 0));
    f.must(booking("ACDEFJ", "2026-11-24", 9, 0));
    f.must(booking("ACDEFK", "2026-11-23", 10, 0, "0912345678"));
    f.must(CancelBooking{"ACDEFK", "0912345678"});
    f.now = localTime("2026-11-24", 8, 0);
    f.restart();
    // Yesterday's are settled in the store (and no longer kept in memory).
    auto stateOf = [&f](const std::string& code) {
        SQLite::Statement q(f.store->database(), "SELECT state FROM bookings WHERE code = ?");
        q.bind(1, code);
        REQUIRE(q.executeStep());
        return q.getColumn(0).getString();
    };
    CHECK(stateOf("ACDEFH") == "missed");
    CHECK(stateOf("ACDEFK") == "cancelled");
    CHECK(f.engine().bookings().find("ACDEFH") == nullptr);
    const Booking* tomorrow = f.engine().bookings().find("ACDEFJ");
    REQUIRE(tomorrow != nullptr);
    CHECK(tomorrow->state == BookingState::booked);
    CHECK(tomorrow->name == "Nguyễn Thị Hoa");
    // Still holds its place, and is checked in today.
    CHECK(f.refusal(booking("ACDEFM", "2026-11-24", 9, 0, "0987654321")) == ErrorCode::slotFull);
    f.now = localTime("2026-11-24", 8, 50);
    TicketId t = f.must(f.checkIn("ACDEFJ"));
    CHECK(f.ticket(t).booking == "ACDEFJ");
    CHECK(stateOf("ACDEFJ") == "checked_in");
}

TEST_CASE("a booking queues its confirmation, and its reminder once when due") {
    OfficeConfig c = makeBookingOffice();
    c.messages.enabled = true;
    c.booking.reminderMinutes = 60;
    OfficeFixture f(c);
    f.now = localTime("2026-11-23", 7, 30);
    auto made = f.run(booking("ACDEFH", "2026-11-23", 10, 0));
    REQUIRE(made.ok());
    REQUIRE(made->size() == 2);
    const Event& confirm = made->back();
    CHECK(confirm.kind == EventKind::messageQueued);
    CHECK(confirm.reason == "booking_confirmed");
    CHECK(confirm.payload.find("10:00") != std::string::npos);
    CHECK(confirm.payload.find("23/11/2026") != std::string::npos);
    CHECK(confirm.payload.find("ACDEFH") != std::string::npos);
    CHECK(f.engine().message(confirm.seq)->booking == "ACDEFH");
    // Not yet due at 08:59, due at 09:00, then never again.
    f.now = localTime("2026-11-23", 8, 59);
    CHECK(f.run(RemindBookings{})->empty());
    f.now = localTime("2026-11-23", 9, 0);
    auto due = f.run(RemindBookings{});
    REQUIRE(due.ok());
    REQUIRE(due->size() == 1);
    CHECK(due->front().reason == "reminder");
    f.restart();
    f.now = localTime("2026-11-23", 9, 1);
    CHECK(f.run(RemindBookings{})->empty());
}

TEST_CASE("a past booking's holder is erased with the other phone numbers, from its row and its events") {
    OfficeFixture f(makeBookingOffice());
    f.must(booking("ACDEFH", "2026-11-23", 9, 0));
    f.must(booking("ACDEFJ", "2026-11-29", 9, 0));
    auto erased = f.store->erasePhonesBefore("2026-11-24");
    REQUIRE(erased.ok());
    auto count = [&f](const std::string& sql) {
        SQLite::Statement q(f.store->database(), sql);
        REQUIRE(q.executeStep());
        return q.getColumn(0).getInt();
    };
    // The 23rd's booking has neither name nor phone left; the 29th's keeps both in its row.
    CHECK(count("SELECT count(*) FROM bookings WHERE code = 'ACDEFH' AND phone IS NULL AND "
                "json_extract(body, '$.name') = '' AND json_extract(body, '$.phone') = ''") == 1);
    CHECK(count("SELECT count(*) FROM bookings WHERE code = 'ACDEFJ' AND phone = '0901234567' AND "
                "json_extract(body, '$.name') = 'Nguyễn Thị Hoa'") == 1);
    // Both were made on the 23rd: their events' payloads are past the retention.
    CHECK(count("SELECT count(*) FROM events WHERE kind LIKE 'booking%' AND "
                "(json_extract(payload, '$.phone') != '' OR json_extract(payload, '$.name') != '')") == 0);
    CHECK(count("SELECT count(*) FROM events WHERE kind = 'booking_made'") == 2);
}
