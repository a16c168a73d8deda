#pragma once
// The office's queue as a pure state machine. plan() decides what a command does
// and returns the events without changing anything; apply() changes state from
// events only. The journal commits events to SQLite between the two, and a
// restart replays the day's events through apply(), so live and rebuilt state
// cannot differ.
#include "clock/office_clock.hpp"
#include "config/office_config.hpp"
#include "booking/booking_book.hpp"
#include "content/content_book.hpp"
#include "core/result.hpp"
#include "engine/command.hpp"
#include "engine/event.hpp"
#include "engine/field_queue.hpp"
#include "engine/outbox.hpp"
#include "engine/ticket.hpp"
#include "engine/ticket_index.hpp"
#include "engine/ticket_table.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace qmsd {

// Where the numbering and sequences stand when a day is (re)built.
struct EngineStart {
    std::string day;
    std::int64_t lastSeq = 0;
    TicketId lastTicketId = 0;
};

class QueueEngine {
  public:
    QueueEngine(std::shared_ptr<const OfficeConfig> config, OfficeClock clock, EngineStart start);

    Result<std::vector<Event>> plan(const Command& cmd, const CommandMeta& meta) const;
    void apply(const Event& e);
    void apply(const std::vector<Event>& events) {
        for (const auto& e : events) {
            apply(e);
        }
    }

    // A new config that keeps every open ticket and counter meaningful, or why not.
    Status checkReconfigure(const OfficeConfig& next) const;
    void reconfigure(std::shared_ptr<const OfficeConfig> next);

    // Read side.
    const std::string& day() const { return day_; }
    std::int64_t lastSeq() const { return lastSeq_; }
    TicketId lastTicketId() const { return lastTicketId_; }
    const OfficeConfig& config() const { return *config_; }
    const OfficeClock& clock() const { return clock_; }
    const Ticket* ticket(TicketId id) const;
    const Ticket* ticketByPublicId(const std::string& publicId) const;
    // Today's ticket with this display code ("A012"); codes are unique per day.
    const Ticket* ticketByCode(const std::string& code) const;
    // The ticket an earlier identical request (same actor and request id) issued today.
    const Ticket* ticketForRequest(const std::string& actor, const std::string& requestId) const;
    const Counter* counter(int number) const;
    CounterState counterState(int number) const;
    const TicketTable& tickets() const { return tickets_; }
    const std::map<int, Counter>& counters() const { return counters_; }
    std::size_t waiting(const std::string& field) const;
    // People who will be called before this ticket in its field.
    std::size_t peopleAhead(TicketId id) const;
    // The same for a ticket issued now (it joins the back of its line).
    std::size_t peopleAheadOfNew(const std::string& field, bool priority) const;
    int issuedToday(const std::string& field) const;
    int lastNumber(const std::string& field) const;
    std::vector<TicketId> queueOf(const std::string& field) const; // call order
    // The field's lines as they stand (nullptr: nobody has queued there today).
    const FieldQueue* fieldQueue(const std::string& field) const;
    std::vector<TicketId> parkedAt(int counter) const;
    // Tickets held out of their queue while their kiosk prints them.
    std::vector<TicketId> heldTickets() const;
    // Fields the counter may call from: its own, in preference order, that its staff serves.
    std::vector<std::string> callableFields(const Counter& c) const;
    // Finished services today in a field (where they were served), kept as events apply.
    struct ServiceTotals {
        int finished = 0;
        double minutes = 0;
    };
    ServiceTotals serviceTotals(const std::string& field) const;
    // Whether a ticket could be issued now for this field, and why not.
    Status canIssue(const std::string& field, TimePoint at) const;
    // The ticket this counter finished most recently today, or null.
    const Ticket* lastFinishedAt(int counter) const;
    // Whether `t` may be rated now through `channel` (`counter`: the screen's
    // or box's counter), and the polite refusal if not (plan_rating.cpp).
    Status canRate(const Ticket& t, RatingChannel channel, int counter, TimePoint at) const;
    // Until when the counter's screen and box may rate a ticket it finished.
    TimePoint counterRatingUntil(const Ticket& t) const;
    // The editors' notices and procedure sheets (not day-scoped: the journal
    // seeds them from the store before replaying today).
    const ContentBook& content() const { return content_; }
    // Today's messages to citizens, by id (engine/outbox.hpp).
    const std::map<std::int64_t, OutboxMessage>& outbox() const { return outbox_; }
    const OutboxMessage* message(std::int64_t id) const;
    void seedContent(ContentBook content) { content_ = std::move(content); }
    // Appointments (daemon/booking): seeded like the content, from the store.
    const BookingBook& bookings() const { return bookings_; }
    void seedBookings(BookingBook bookings) { bookings_ = std::move(bookings); }
    // When a booking's holder may check in: [slot - early, slot + late].
    TimePoint checkinOpensAt(const Booking& b) const;
    TimePoint checkinClosesAt(const Booking& b) const;
    // The booking a phone would check in now: its `booked` booking of today
    // whose window is open or nearest, or null.
    const Booking* bookingToCheckIn(const std::string& phone, TimePoint at) const;
    // Bookings of a field whose slot has started by `at`, not yet checked in,
    // whose check-in is still open: each may still take a place ahead of a
    // walk-in issued now (the queue rule), so the walk-in estimate counts them.
    int bookedAhead(const std::string& field, TimePoint at) const;

  private:
    // plan helpers, one per command (plan_*.cpp)
    Result<std::vector<Event>> planIssue(const IssueTicket& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planOpen(const OpenCounter& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planClose(const CloseCounter& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planCallNext(const CallNext& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planCallTicket(const CallTicket& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planRecall(const Recall& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planStart(const StartService& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planFinish(const FinishService& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planNoShow(const MarkNoShow& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planOnCalled(int counter, EventKind kind, const CommandMeta& m) const;
    Result<std::vector<Event>> planReinstate(const Reinstate& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planTransfer(const Transfer& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planPark(const Park& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planPause(const Pause& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planResume(const Resume& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planCancel(const CancelTicket& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planCloseDay(const CommandMeta& m) const;
    Result<std::vector<Event>> planRate(const RateService& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planRecordFlag(const RecordFlag& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planRecordReprint(const RecordReprint& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planRelease(const ReleaseTicket& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planRateTicket(const RateTicket& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planFollowUp(const FollowUpRating& c, const CommandMeta& m) const;
    Result<Event> ratingEvent(const Ticket& t, const RateTicket& c, const CommandMeta& m) const;
    // plan_message.cpp: the messages a command's events cause, appended to them.
    void addMessages(std::vector<Event>& events, const CommandMeta& m) const;
    void queueMessage(std::vector<Event>& events, const CommandMeta& m, const Ticket& t, std::string_view kind,
                      int ahead, int counter) const;
    const Ticket* crossesNearLine(const Ticket& leaving) const;
    Result<std::vector<Event>> planRecordMessage(const RecordMessage& c, const CommandMeta& m) const;
    void applyMessageEvent(const Event& e);
    // plan_booking.cpp
    Result<std::vector<Event>> planMakeBooking(const MakeBooking& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planCancelBooking(const CancelBooking& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planMoveBooking(const MoveBooking& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planRemindBookings(const CommandMeta& m) const;
    // The check-in's event after the ticket's (planIssue), or why not.
    Result<Event> planCheckIn(const IssueTicket& c, const Event& issued, const CommandMeta& m) const;
    // The booking-missed events of every booking still open on or before the closing day.
    void planMissedBookings(std::vector<Event>& out, std::int64_t& seq, const CommandMeta& m) const;
    Status checkSlotFree(const std::string& field, const std::string& day, int minute, const CommandMeta& m) const;
    Event bookingEvent(EventKind kind, const CommandMeta& m, const Booking& b, std::int64_t seq) const;
    void queueBookingMessage(std::vector<Event>& events, const CommandMeta& m, const Booking& b,
                             std::string_view kind) const;
    void applyBookingEvent(const Event& e);
    // plan_content.cpp
    Result<std::vector<Event>> planSaveNotice(const SaveNotice& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planDeleteNotice(const DeleteNotice& c, const CommandMeta& m) const;
    Result<std::vector<Event>> planSaveProcedure(const SaveProcedure& c,
                                                 const CommandMeta& m) const;
    Result<std::vector<Event>> planDeleteProcedure(const DeleteProcedure& c,
                                                   const CommandMeta& m) const;

    Event makeEvent(EventKind kind, const CommandMeta& m) const;
    // The next event, about ticket t in its current field.
    Event ticketEvent(EventKind kind, const CommandMeta& m, const Ticket& t) const;
    // The counter must exist, be open and not paused.
    Result<const Counter*> workingCounter(int number) const;
    // The open counter's active ticket.
    Result<const Ticket*> activeTicketOf(int number) const;
    TicketId selectNext(const Counter& c) const; // call_policy.cpp

    // apply helpers
    Ticket* mutableTicket(TicketId id);
    void indexTicket(const Ticket& t, const Event& issued); // by its public id, code and request
    Counter* mutableCounter(int number);
    void enqueue(Ticket& t);
    void dequeue(Ticket& t);
    void releaseCounter(int number, TicketId id, TimePoint at);
    void applyTicketEvent(const Event& e);
    void applyCounterEvent(const Event& e);
    void applyToTicket(const Event& e, Ticket& t);

    std::shared_ptr<const OfficeConfig> config_;
    OfficeClock clock_;
    std::string day_;
    std::int64_t lastSeq_ = 0;
    TicketId lastTicketId_ = 0;
    TicketTable tickets_;
    TicketTextIndex byPublicId_;
    TicketTextIndex byCode_;
    RequestIndex byRequest_;
    std::map<std::string, FieldQueue> queues_;
    std::map<std::string, int> lastNumber_; // by issuing field
    std::map<std::string, int> issued_;     // by issuing field
    std::map<int, Counter> counters_;
    std::map<std::string, int> staffAt_; // staff id → counter
    // Indexes kept by apply() so replies do not walk the whole day's tickets.
    std::map<int, std::set<TicketId>> parked_; // counter → its parked tickets
    std::map<std::string, ServiceTotals> serviceTotals_;
    std::map<int, TicketId> lastFinished_; // counter → the ticket it finished last
    std::set<TicketId> held_; // held for their print (Ticket::held)
    ContentBook content_;
    BookingBook bookings_;
    std::map<std::int64_t, OutboxMessage> outbox_;
    std::unordered_map<std::string, int> messagesTo_; // number → messages queued to it today (not skipped)
};

} // namespace qmsd
