#pragma once
// Replays one local day of the event log, in commit order, into that day's
// DayDigest. Internal to report_query.cpp; a class of its own so the SQL
// reading and the bookkeeping stay apart. Definitions: report_query.hpp.
#include "clock/office_clock.hpp"
#include "engine/event.hpp"
#include "reports/day_digest.hpp"
#include "reports/name_numbers.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qmsd::reports {

// One event as read from SQLite, names already turned into the day's indices.
struct ReplayEvent {
    std::int64_t atMs = 0;
    EventKind kind = EventKind::ticketIssued;
    std::int64_t ticket = 0;
    int field = -1;
    int toField = -1;
    int counter = 0;
    int staff = -1;
    int number = 0;
    std::string_view reason;
    int estimateSeconds = -1; // ticketIssued: the estimate shown, -1 none
};

class DayReplay {
  public:
    // `now` cuts intervals still open on the day that contains it.
    DayReplay(const OfficeConfig& cfg, const OfficeClock& clock, std::optional<TimePoint> now);

    void begin(const std::string& day);
    // Indices into the current day's digest.
    int fieldIndex(std::string_view id);
    int staffIndex(std::string_view id);
    // Every row of the day, including kinds this build does not know.
    void onRow(std::int64_t seq);
    void onEvent(const ReplayEvent& e);
    // The ReplayEvent members onEvent reads only for some kinds: the reader
    // leaves them at their defaults for the others (a week's report reads
    // 46,000 rows, and each value fetched from SQLite is a call).
    static bool readsToField(EventKind k) { return k == EventKind::ticketTransferred; }
    static bool readsReason(EventKind k) { return k == EventKind::ticketRated || k == EventKind::counterPaused; }
    static bool readsNumber(EventKind k) { return k == EventKind::ticketRated; }
    static bool readsEstimate(EventKind k) { return k == EventKind::ticketIssued; }
    // A rated ticket's answers and comment (rating_details.cpp reads them
    // apart from the day's rows); after every onEvent of the day.
    void onRatingDetail(std::int64_t ticket, std::string_view code, std::string_view answers,
                        std::string_view comment);
    DayDigest finish();

  private:
    struct TicketDay {
        int field = -1;
        std::int64_t queuedAt = 0;
        int queueHour = 0;
        bool inQueue = false;
        bool waitOpen = false; // queued and not yet called from this queue
        std::int64_t serviceFrom = 0;
        int counter = 0;
        int staff = -1;
        int finalKind = 0; // 0 open, 1 served, 2 no-show, 3 cancelled, 4 expired
        std::int64_t endAt = 0;
        int endField = -1, endCounter = 0, endStaff = -1;
        int estimateSeconds = -1; // until its first call from the issue field's queue
        int rating = 0;           // level 1..4 (engine/rating.hpp), 0 not rated
        int ratingChannel = 2;    // SlotCounts::channels index: phone, screen, box
        int ratingField = -1, ratingCounter = 0, ratingStaff = -1;
        std::int64_t ratedAt = 0;
        std::string ratingCode, ratingAnswers, ratingComment;
    };
    struct CounterDay {
        std::int64_t accountedTo = 0; // its time is counted up to here (account())
        bool open = false;
        bool paused = false;
        std::int64_t openedAt = 0;
        std::int64_t pausedAt = 0;
        std::string pauseReason;
        int staff = -1;
        std::int64_t active = 0;
        const TicketDay* activeDay = nullptr; // tickets_'s entry for `active`, set with it
        CounterDayTime* time = nullptr;       // counterTime_'s row, set when it opens
        std::vector<int> fields; // fields it can call with its current staff
    };
    struct LoadCell {
        int arrivals = 0;
        std::int64_t serviceMs = 0;
        int serviceCount = 0;
        std::int64_t counterMs = 0;
        bool used = false; // asked for: the digest has a row for it
    };

    int hourOf(std::int64_t atMs) const;
    int questionIndex(const std::string& id);
    SlotCounts& counts(const DigestSlot& s);
    int slotIndex(const DigestSlot& s);
    LoadCell& load(int field, int hour); // field: an index from fieldIndex()
    CounterDayTime& timeOf(int counter);
    CounterDay& counterDay(int counter);
    void setActive(CounterDay& c, std::int64_t ticket, const TicketDay* day);
    void advanceTo(std::int64_t atMs);
    void account(CounterDay& c);
    void accountCountersOf(int field);
    void onTicketEvent(const ReplayEvent& e, TicketDay& t);
    void onCounterEvent(const ReplayEvent& e);
    void enterQueue(TicketDay& t, int field, std::int64_t atMs);
    void leaveQueue(TicketDay& t, std::int64_t atMs, bool called, int counter, int staff);
    void endPause(int counter, CounterDay& c, std::int64_t atMs);
    void endOpen(CounterDay& c, std::int64_t atMs);
    void giveCounterTime(const CounterDay& c, std::int64_t fromMs, std::int64_t toMs);
    void finalizeTicket(const TicketDay& t);
    std::vector<int> callableFields(int counter, int staff);

    const OfficeConfig& cfg_;
    const OfficeClock& clock_;
    std::optional<TimePoint> now_;

    // A counter's time is counted often (account()), so what that touches is
    // found without a search: its time row and active ticket by pointer (map
    // nodes never move), the load cells in one array.
    DayDigest d_;
    std::unordered_map<std::uint64_t, int> slots_; // packed DigestSlot → index
    std::map<std::pair<int, std::string>, PauseDay> pauses_;
    std::map<int, CounterDayTime> counterTime_;  // nodes never move: CounterDay::time
    std::vector<LoadCell> load_;                  // [field × 24 + hour]
    std::int64_t midnightMs_ = 0;
    std::int64_t dayEndMs_ = 0;
    std::int64_t lastMs_ = 0;
    std::unordered_map<std::int64_t, TicketDay> tickets_;
    std::map<int, CounterDay> counters_;
    // The open counters that can call each field (by field index), for
    // accountCountersOf(); rebuilt after any counter event (map nodes never move).
    std::vector<std::vector<CounterDay*>> openByField_;
    bool openByFieldStale_ = true;
    std::vector<int> waiting_; // by field index
    NameNumbers staffNumbers_; // d_.staff's indices by name
    std::map<std::pair<int, int>, std::array<int, 4>> answers_; // (slot, question) → levels
};

} // namespace qmsd::reports
