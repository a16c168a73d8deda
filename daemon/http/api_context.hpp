#pragma once
// What every handler file needs: the daemon (journal, config, commits), auth,
// and the JSON views of tickets, counters and fields.
#include "analytics/estimator.hpp"
#include "app/daemon.hpp"
#include "http/auth.hpp"
#include "http/json.hpp"
#include "http/router.hpp"
#include "device/bus.hpp"

#include <unordered_map>

namespace qmsd::http {

// A token bucket per kiosk: `perMinute` tickets a minute, bursts up to half that.
class KioskRateLimiter {
  public:
    bool allow(const std::string& kiosk, int perMinute, TimePoint now);

  private:
    struct Bucket {
        double tokens = 0;
        TimePoint last{};
    };
    std::unordered_map<std::string, Bucket> buckets_;
};

enum class TicketView { citizen, full }; // citizen: no phone, no public id, no status url

// The narrowest view per role (README "What each role sees"). A ticket's
// phone, public id and status URL: leader and admin always, staff only at
// their own counter (and in its queues), the kiosk only in the reply that
// issued it. Which staff member works where (the id; the name is on the
// counter's sign anyway): staff, leader and admin.
TicketView ticketViewFor(const Caller& caller, int counter);
bool seesStaffIds(const Caller& caller);

class RefusalLog;

struct ApiContext {
    Daemon& daemon;
    Auth& auth;
    RefusalLog& refusals;
    KioskRateLimiter kioskLimiter;

    const QueueEngine& engine() const { return daemon.journal().engine(); }
    const OfficeConfig& config() const { return daemon.config(); }
    const OfficeClock& clock() const { return engine().clock(); }
    // Every wait the API shows or records comes from here (one predictor).
    const Estimator& estimator() const;

    // Submits a command as the caller; `done` runs after the commit.
    void run(const Command& cmd, const Caller& caller, CommandDone done);
    // Replies once nothing uncommitted is pending (reads never see uncommitted state).
    void reply(Respond respond, std::function<HttpResponse()> build);

    // A waiting ticket's people ahead and wait come from the estimator's
    // forecast, cached per committed change: O(1) per ticket.
    Json ticketJson(const Ticket& t, TicketView view) const;
    // `staffIds`: the `staff` member (the id); false for kiosk and display.
    Json counterJson(int number, TicketView view = TicketView::full, bool staffIds = true) const;
    Json fieldJson(const FieldConfig& f, TimePoint now) const;
    Json eventJson(const Event& e) const;
    // For kiosks and displays in a public hall: without who did it (actor,
    // staff) and without the free-text reason.
    Json publicEventJson(const Event& e) const;
    std::string time(TimePoint t) const; // ISO 8601 local, or "" for unset
};

// What a citizen reads about a wait, made by analytics/wait_text:
// {"vi","en","low_minutes","high_minutes","unsure"}; and the point estimate
// in whole minutes (null when no open counter can call the field).
Json waitJson(const std::optional<Forecast>& f);
Json estimateMinutesJson(const std::optional<Forecast>& f);

// A unit's health as the API shows it.
Json deviceJson(const ApiContext& ctx, const drivers::UnitHealth& h);

// The most recent calls, newest first (display boards, the stream's snapshot).
Json latestCallsJson(const ApiContext& ctx);

// Helpers for reading JSON bodies with errors that name the member.
Result<std::string> requireString(const Json& body, const std::string& key, std::size_t maxLen = 200);
Result<std::string> optionalString(const Json& body, const std::string& key, std::size_t maxLen = 200);
Result<int> parseCounterParam(const Request& req);
// A staff caller may only act for its own counter.
Status checkCounterAccess(const Request& req, int counter);

} // namespace qmsd::http
