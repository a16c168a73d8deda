#include "http/auth.hpp"

#include "app/logging.hpp"

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
    return std::chrono::duration_cast<Millis>(it->second.lockedUntil - now);
}

Millis AttemptThrottle::reserve(const std::vector<std::string>& keys, TimePoint now) {
    forget(now);
    Millis wait{0};
    for (const auto& key : keys) {
        auto it = entries_.find(key);
        if (it == entries_.end()) {
            continue;
        }
        Entry& e = it->second;
        while (!e.failures.empty() && e.failures.front() < now - window_) {
            e.failures.pop_front();
        }
        if (e.lockedUntil > now) {
            wait = std::max(wait, std::chrono::duration_cast<Millis>(e.lockedUntil - now));
        } else if (static_cast<int>(e.failures.size()) + e.pending >= limit_) {
            // The last allowed attempts are being checked: they settle within a second.
            wait = std::max(wait, Millis{1000});
        }
    }
    if (wait > Millis{0}) {
        return wait;
    }
    for (const auto& key : keys) {
        ++entries_[key].pending;
    }
    return Millis{0};
}

void AttemptThrottle::fail(const std::vector<std::string>& keys, TimePoint now) {
    for (const auto& key : keys) {
        Entry& e = entries_[key];
        e.pending = std::max(0, e.pending - 1);
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
}

void AttemptThrottle::succeed(const std::vector<std::string>& keys) {
    for (const auto& key : keys) {
        auto it = entries_.find(key);
        if (it == entries_.end()) {
            continue;
        }
        // Other attempts still being checked keep their reservations.
        it->second.failures.clear();
        it->second.lockouts = 0;
        it->second.pending = std::max(0, it->second.pending - 1);
    }
}

void AttemptThrottle::release(const std::vector<std::string>& keys) {
    for (const auto& key : keys) {
        if (auto it = entries_.find(key); it != entries_.end()) {
            it->second.pending = std::max(0, it->second.pending - 1);
        }
    }
}

void AttemptThrottle::forget(TimePoint now) {
    if (entries_.size() <= 10000) {
        return;
    }
    std::erase_if(entries_, [this, now](const auto& kv) {
        const Entry& e = kv.second;
        return e.pending == 0 && e.lockedUntil <= now &&
               (e.failures.empty() || e.failures.back() < now - window_);
    });
}

Auth::Auth(Store& store, TimePoint now)
    : store_(store),
      pinThrottle_(5, std::chrono::minutes{5}, std::chrono::seconds{30}, std::chrono::minutes{15}) {
    auto rows = store_.loadSessions(now);
    if (!rows) {
        // Everyone logs in again; nobody is let in on a session we cannot read.
        moduleLogger("http")->error("staff sessions not loaded, staff must log in again: {}", rows.error().message);
        return;
    }
    for (const auto& r : *rows) {
        sessions_[r.tokenHash] = StaffSession{r.staff, r.counter, r.expiresAt};
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

Status Auth::closeSession(const std::string& tokenHash) {
    if (auto st = store_.deleteSession(tokenHash); !st) {
        return st; // still in the store: after a restart it would work again, so it works now too
    }
    sessions_.erase(tokenHash);
    return Ok{};
}

bool Auth::knownPlace(const std::string& staff, const std::string& address) const {
    auto it = places_.find(staff);
    return it != places_.end() && std::find(it->second.begin(), it->second.end(), address) != it->second.end();
}

void Auth::rememberPlace(const std::string& staff, const std::string& address) {
    constexpr std::size_t kPlaces = 4; // a counter or two, and the office's spare machine
    auto& places = places_[staff];
    std::erase(places, address);
    places.push_front(address);
    if (places.size() > kPlaces) {
        places.pop_back();
    }
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
