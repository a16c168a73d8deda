#pragma once
// Who is calling: configured client tokens (kiosk, display, leader, admin) and
// staff sessions made by PIN login. Only hashes of tokens are ever kept, in
// memory and in the store. Wrong PINs are throttled (the rule:
// handlers/sessions.cpp and the README).
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "http/http_types.hpp"
#include "store/store.hpp"

#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace qmsd::http {

// "blake2b:<hex>" of a token: fast is fine, tokens are 256 random bits.
std::string hashToken(std::string_view token);
// 32 random bytes, base64url without padding.
std::string newToken();

struct StaffSession {
    std::string staff;
    int counter = 0;
    TimePoint expiresAt{};
};

// Counts wrong PINs per key (an address, a staff id, a staff member at one
// place). An attempt is reserved on all its keys *before* its PIN is checked,
// and a reservation counts like a failure until it is settled, so a burst of
// parallel guesses gets no further than `limit` checks. After `limit`
// failures within `window` a key is locked out, each further lock-out
// doubling (capped); a correct PIN clears the attempt's keys.
class AttemptThrottle {
  public:
    AttemptThrottle(int limit, Millis window, Millis firstLockout, Millis maxLockout);
    // Reserves one attempt on every key, or on none: then how long to wait
    // (a lock-out's rest, or a second while `limit` attempts are being checked).
    Millis reserve(const std::vector<std::string>& keys, TimePoint now);
    void fail(const std::vector<std::string>& keys, TimePoint now); // reserved → a failure
    void succeed(const std::vector<std::string>& keys);             // reserved → the keys start afresh
    void release(const std::vector<std::string>& keys);             // reserved → never checked
    // How long the key must still wait, or zero.
    Millis blockedFor(const std::string& key, TimePoint now) const;

  private:
    struct Entry {
        std::deque<TimePoint> failures;
        int pending = 0; // reserved, not yet settled
        TimePoint lockedUntil{};
        int lockouts = 0;
    };
    void forget(TimePoint now); // keeps the table from growing without end
    int limit_;
    Millis window_;
    Millis firstLockout_;
    Millis maxLockout_;
    std::unordered_map<std::string, Entry> entries_;
};

class Auth {
  public:
    Auth(Store& store, TimePoint now);
    void configure(const OfficeConfig& config); // client tokens; on start and reload

    // From the Authorization header (or ?token= for WebSockets). No token is
    // the anonymous caller; a token we do not know is an error.
    Result<Caller> identify(std::string_view bearerToken, TimePoint now) const;

    // A new staff session, persisted; returns the token (shown once).
    Result<std::string> openSession(const std::string& staff, int counter, TimePoint now,
                                    TimePoint expiresAt);
    // Ends a session in the store, then in memory; on a storage failure
    // neither (the token keeps working, and the caller says so).
    Status closeSession(const std::string& tokenHash);
    // The counters that have a live session, so a restart keeps them logged in.
    bool hasSessionFor(const std::string& staff) const;

    AttemptThrottle& pinThrottle() { return pinThrottle_; }

    // Places a staff member is known to log in from: the addresses of their
    // last successful logins since the daemon started. A wrong PIN typed
    // elsewhere never locks them out there (handlers/sessions.cpp).
    bool knownPlace(const std::string& staff, const std::string& address) const;
    void rememberPlace(const std::string& staff, const std::string& address);

  private:
    Store& store_;
    std::unordered_map<std::string, const ClientConfig*> clients_; // by token hash
    std::vector<ClientConfig> clientConfigs_;
    std::unordered_map<std::string, StaffSession> sessions_; // by token hash
    AttemptThrottle pinThrottle_;
    std::unordered_map<std::string, std::deque<std::string>> places_; // staff → recent addresses
};

} // namespace qmsd::http
