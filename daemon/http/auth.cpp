#include "http/auth.hpp"

#include <sodium.h>

#include <algorithm>

namespace qmsd::http {

std::string hashToken(std::string_view token) {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    char hex[2 * sizeof out + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return std::string("blake2b:") + hex;
}

std::string newToken() {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char b64[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return b64;
}

AttemptThrottle::AttemptThrottle(int limit, Millis window, Millis firstLockout, Millis maxLockout)
    : limit_(limit), window_(window), firstLockout_(firstLockout), maxLockout_(maxLockout) {}

Millis AttemptThrottle::blockedFor(const std::string& key, TimePoint now) const {
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.lockedUntil <= now) {
        return Millis{0};
    }
    return it->second.lockedUntil - now;
}

void AttemptThrottle::fail(const std::string& key, TimePoint now) {
    if (entries_.size() > 10000) {
        std::erase_if(entries_, [now](const auto& kv) { return kv.second.lockedUntil <= now; });
    }
    Entry& e = entries_[key];
    e.failures.push_back(now);
    while (!e.failures.empty() && e.failures.front() < now - window_) {
        e.failures.pop_front();
    }
    if (static_cast<int>(e.failures.size()) >= limit_) {
        Millis lockout = firstLockout_ * (1LL << std::min(e.lockouts, 10));
        e.lockedUntil = now + std::min(lockout, maxLockout_);
        ++e.lockouts;
        e.failures.clear();
    }
}

void AttemptThrottle::succeed(const std::string& key) { entries_.erase(key); }

Auth::Auth(Store& store, TimePoint now)
    : store_(store),
      pinThrottle_(5, std::chrono::minutes{5}, std::chrono::seconds{30}, std::chrono::minutes{15}) {
    auto rows = store_.loadSessions(now);
    if (rows) {
        for (const auto& r : *rows) {
            sessions_[r.tokenHash] = StaffSession{r.staff, r.counter, r.expiresAt};
        }
    }
}

void Auth::configure(const OfficeConfig& config) {
    clientConfigs_ = config.clients;
    clients_.clear();
    for (const auto& c : clientConfigs_) {
        clients_[c.tokenHash] = &c;
    }
}

Result<Caller> Auth::identify(std::string_view bearerToken, TimePoint now) const {
    Caller caller;
    if (bearerToken.empty()) {
        return caller;
    }
    std::string hash = hashToken(bearerToken);
    if (auto it = clients_.find(hash); it != clients_.end()) {
        caller.id = it->second->id;
        switch (it->second->role) {
        case ClientRole::kiosk:
            caller.role = Role::kiosk;
            break;
        case ClientRole::display:
            caller.role = Role::display;
            break;
        case ClientRole::leader:
            caller.role = Role::leader;
            break;
        case ClientRole::admin:
            caller.role = Role::admin;
            break;
        case ClientRole::editor:
            caller.role = Role::editor;
            break;
        case ClientRole::ratingScreen:
            caller.role = Role::ratingScreen;
            caller.counter = it->second->counter;
            break;
        case ClientRole::metrics:
            caller.role = Role::metrics;
            break;
        }
        return caller;
    }
    if (auto it = sessions_.find(hash); it != sessions_.end() && it->second.expiresAt > now) {
        caller.role = Role::staff;
        caller.id = it->second.staff;
        caller.counter = it->second.counter;
        caller.tokenHash = hash;
        return caller;
    }
    return makeError(ErrorCode::unauthenticated, "unknown or expired token");
}

Result<std::string> Auth::openSession(const std::string& staff, int counter, TimePoint now,
                                      TimePoint expiresAt) {
    std::string token = newToken();
    StaffSessionRow row{hashToken(token), staff, counter, now, expiresAt};
    if (auto st = store_.saveSession(row); !st) {
        return st.error();
    }
    // One session per staff member: a new login replaces the old one.
    std::erase_if(sessions_, [&staff](const auto& kv) { return kv.second.staff == staff; });
    sessions_[row.tokenHash] = StaffSession{staff, counter, expiresAt};
    return token;
}

void Auth::closeSession(const std::string& tokenHash) {
    sessions_.erase(tokenHash);
    (void)store_.deleteSession(tokenHash);
}

bool Auth::hasSessionFor(const std::string& staff) const {
    return std::any_of(sessions_.begin(), sessions_.end(),
                       [&staff](const auto& kv) { return kv.second.staff == staff; });
}

std::string_view roleName(Role r) {
    switch (r) {
    case Role::anonymous:
        return "public";
    case Role::kiosk:
        return "kiosk";
    case Role::display:
        return "display";
    case Role::staff:
        return "staff";
    case Role::leader:
        return "leader";
    case Role::admin:
        return "admin";
    case Role::editor:
        return "editor";
    case Role::ratingScreen:
        return "rating_screen";
    case Role::metrics:
        return "metrics";
    }
    return "unknown";
}

} // namespace qmsd::http
