#pragma once
// Who is calling: configured client tokens (kiosk, display, leader, admin) and
// staff sessions made by PIN login. Only hashes of tokens are ever kept, in
// memory and in the store. Wrong PINs are throttled per staff id and per
// address.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "http/http_types.hpp"
#include "store/store.hpp"

#include <deque>
#include <map>
#include <string>
#include <unordered_map>

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

// Counts failures; after `limit` within `window` a key is locked out, each
// further failure doubling the lock-out (capped).
class AttemptThrottle {
  public:
    AttemptThrottle(int limit, Millis window, Millis firstLockout, Millis maxLockout);
    // How long the key must still wait, or zero.
    Millis blockedFor(const std::string& key, TimePoint now) const;
    void fail(const std::string& key, TimePoint now);
    void succeed(const std::string& key);

  private:
    struct Entry {
        std::deque<TimePoint> failures;
        TimePoint lockedUntil{};
        int lockouts = 0;
    };
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
    void closeSession(const std::string& tokenHash);
    // The counters that have a live session, so a restart keeps them logged in.
    bool hasSessionFor(const std::string& staff) const;

    AttemptThrottle& pinThrottle() { return pinThrottle_; }

  private:
    Store& store_;
    std::unordered_map<std::string, const ClientConfig*> clients_; // by token hash
    std::vector<ClientConfig> clientConfigs_;
    std::unordered_map<std::string, StaffSession> sessions_; // by token hash
    AttemptThrottle pinThrottle_;
};

} // namespace qmsd::http
