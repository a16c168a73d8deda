#pragma once
// A small office built in code (not from TOML, so engine tests do not depend on
// the config loader), and a fixture that runs it through a real Journal on a
// real SQLite file.
#include "app/journal.hpp"
#include "config/office_config.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace qmsd::test {

// Fields: ho_tich (A001…, 15 min), dat_dai (1001–1999, quota 5, cut-off 60 min),
// chung_thuc (C01–C99). Counters: 1 [ho_tich, chung_thuc], 2 [chung_thuc, ho_tich],
// 3 [dat_dai]. Staff: nv01 {ho_tich, chung_thuc}, nv02 {ho_tich, chung_thuc},
// nv03 {dat_dai}, nv04 {chung_thuc}. Priority: elderly, disabled.
// Hours: every day 07:30–11:30 and 13:30–17:00, cut-off 15, early 30.
OfficeConfig makeTestOffice();
// The same with appointments on (daemon/booking): ho_tich 8 an hour (one
// place a 15-minute slot), chung_thuc 16 (two); 7 days ahead, 30 minutes'
// notice, check-in from 20 minutes before to 15 after.
OfficeConfig makeBookingOffice();

// Local wall-clock time in Asia/Ho_Chi_Minh (UTC+7, no DST).
TimePoint localTime(const std::string& day, int hour, int minute, int second = 0);

// A fresh directory under the system temp dir, removed at scope exit.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

struct OfficeFixture {
    explicit OfficeFixture(OfficeConfig cfg = makeTestOffice(), StoreOptions opts = {});
    // Run a command at `now` as `actor`; returns the committed events or the error.
    Result<Events> run(const Command& cmd, const std::string& actor = "test");
    // Like run() but fails the test if the command is refused; returns the ticket id touched.
    TicketId must(const Command& cmd, const std::string& actor = "test");
    // Like run() but fails the test if the command is accepted; returns why it was refused.
    ErrorCode refusal(const Command& cmd, const std::string& actor = "test");
    // Reopen store and journal from disk, as a restart would.
    void restart();
    const QueueEngine& engine() const { return journal->engine(); }
    const Ticket& ticket(TicketId id) const;
    // The kiosk's check-in of a booking: the ticket for its field and phone.
    IssueTicket checkIn(const std::string& bookingCode) const;

    TempDir dir;
    std::shared_ptr<const OfficeConfig> config;
    StoreOptions options;
    std::unique_ptr<Store> store;
    std::unique_ptr<Journal> journal;
    TimePoint now;
};

} // namespace qmsd::test
