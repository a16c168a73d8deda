#include "support/test_office.hpp"

#include "clock/office_clock.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <unistd.h>

namespace qmsd::test {

OfficeConfig makeTestOffice() {
    OfficeConfig c;
    c.sourcePath = "test-office";
    c.office.name = "UBND Phường Thử Nghiệm";
    for (auto& day : c.office.hours) {
        day = {Session{7 * 60 + 30, 11 * 60 + 30}, Session{13 * 60 + 30, 17 * 60}};
    }
    c.office.maxRecalls = 2;
    c.fields = {
        FieldConfig{"ho_tich", "Hộ tịch", "HO TICH", Numbering{"A", 1, 999, 3}, 15, {}, {}, 0.8},
        FieldConfig{"dat_dai", "Đất đai", "DAT DAI", Numbering{"", 1001, 1999, 4}, 30, 5, 60, 0.8},
        FieldConfig{"chung_thuc", "Chứng thực", "CHUNG THUC", Numbering{"C", 1, 99, 2}, 10, {}, {},
                    0.8},
    };
    c.counters = {
        CounterConfig{1, "Quầy 1", {"ho_tich", "chung_thuc"}},
        CounterConfig{2, "Quầy 2", {"chung_thuc", "ho_tich"}},
        CounterConfig{3, "Quầy 3", {"dat_dai"}},
    };
    c.staff = {
        StaffConfig{"nv01", "Nguyễn Thị Lan", "$argon2id$x", {"ho_tich", "chung_thuc"}},
        StaffConfig{"nv02", "Trần Văn Minh", "$argon2id$x", {"ho_tich", "chung_thuc"}},
        StaffConfig{"nv03", "Lê Hoàng Nam", "$argon2id$x", {"dat_dai"}},
        StaffConfig{"nv04", "Phạm Thu Hà", "$argon2id$x", {"chung_thuc"}},
    };
    c.priorities = {PriorityClass{"elderly", "Người cao tuổi"},
                    PriorityClass{"disabled", "Người khuyết tật"}};
    c.pauseReasons = {PauseReason{"break", "Nghỉ giải lao"}, PauseReason{"meeting", "Họp"}};
    return c;
}

TimePoint localTime(const std::string& day, int hour, int minute, int second) {
    static const auto clock = *OfficeClock::forZone("Asia/Ho_Chi_Minh");
    return clock.instantOf(day, hour * 60 + minute) + std::chrono::seconds{second};
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("qmsd-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

OfficeConfig makeBookingOffice() {
    OfficeConfig c = makeTestOffice();
    c.booking.enabled = true;
    c.booking.slotMinutes = 15;
    c.booking.daysAhead = 7;
    c.booking.minNoticeMinutes = 30;
    c.booking.checkinEarlyMinutes = 20;
    c.booking.checkinLateMinutes = 15;
    for (auto& f : c.fields) {
        if (f.id == "ho_tich") {
            f.bookingCapacityPerHour = 8;
        } else if (f.id == "chung_thuc") {
            f.bookingCapacityPerHour = 16;
        }
    }
    return c;
}

IssueTicket OfficeFixture::checkIn(const std::string& bookingCode) const {
    const Booking* b = engine().bookings().find(bookingCode);
    REQUIRE(b != nullptr);
    IssueTicket t{b->field, "", b->phone};
    t.booking = bookingCode;
    return t;
}

OfficeFixture::OfficeFixture(OfficeConfig cfg, StoreOptions opts)
    : config(std::make_shared<const OfficeConfig>(std::move(cfg))), options(opts),
      now(localTime("2026-11-23", 8, 0)) {
    restart();
}

void OfficeFixture::restart() {
    journal.reset();
    store.reset();
    auto s = Store::open(dir.file("qmsd.db"), options);
    REQUIRE(s.ok());
    store = std::move(*s);
    auto j = Journal::open(*store, config, now);
    if (!j) {
        FAIL("journal open failed: " << j.error().message);
    }
    journal = std::move(*j);
}

Result<Events> OfficeFixture::run(const Command& cmd, const std::string& actor) {
    return journal->execute(cmd, CommandMeta{now, actor});
}

TicketId OfficeFixture::must(const Command& cmd, const std::string& actor) {
    auto r = run(cmd, actor);
    if (!r) {
        FAIL(commandName(cmd) << " refused: " << errorName(r.error().code) << ": "
                              << r.error().message);
    }
    return r->empty() ? 0 : r->front().ticketId;
}

ErrorCode OfficeFixture::refusal(const Command& cmd, const std::string& actor) {
    auto r = run(cmd, actor);
    if (r) {
        FAIL(commandName(cmd) << " was accepted; a refusal was expected");
    }
    return r.error().code;
}

const Ticket& OfficeFixture::ticket(TicketId id) const {
    const Ticket* t = engine().ticket(id);
    REQUIRE(t != nullptr);
    return *t;
}

} // namespace qmsd::test
