// Staff log in at a counter with their PIN (verified off the event loop: the
// argon2id hash is deliberately slow) and log out. Login opens the counter;
// logout closes it.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/refusal_log.hpp"
#include "http/reply.hpp"

#include <sodium.h>

#include <cstdint>
#include <limits>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

// An argon2id hash with the demo's parameters: unknown staff ids are checked
// against it, so a reply's timing does not reveal which ids exist.
constexpr const char* kDummyPinHash =
    "$argon2id$v=19$m=65536,t=2,p=1$4HtKZe+hBRahiB+6hgsLyg$6plJaSoYggJDyv0FTRVltJs2yJH+M6MiVUty7A7OA9k";

HttpResponse throttled(Millis wait) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1;
    return retryLaterReply(makeError(ErrorCode::tooManyAttempts,
                                     "too many wrong PINs; try again in " + std::to_string(seconds) + " s"),
                           seconds);
}

void finishLogin(ApiContext& ctx, const std::string& staff, int counter, Respond respond) {
    TimePoint now = systemNow();
    auto token = ctx.auth.openSession(staff, counter, now, ctx.clock().nextMidnight(now));
    if (!token) {
        return respond(errorReply(token.error()));
    }
    const StaffConfig* s = ctx.config().staffMember(staff);
    const CounterConfig* c = ctx.config().counter(counter);
    respond(jsonReply(bh::status::created,
                      Json{{"token", *token},
                           {"staff", staff},
                           {"staff_name", s != nullptr ? s->name : staff},
                           {"counter", counter},
                           {"counter_name", c != nullptr ? c->name : std::to_string(counter)},
                           {"expires_at", ctx.time(ctx.clock().nextMidnight(now))}}));
}

// After the PIN checked out: open the counter, then hand out a session.
void afterPin(ApiContext& ctx, const std::string& staff, int counter, Respond respond) {
    ctx.run(OpenCounter{counter, staff}, Caller{Role::staff, staff},
            [&ctx, staff, counter, respond = std::move(respond)](const Result<Events>& r) mutable {
                if (!r) {
                    return respond(errorReply(r.error()));
                }
                finishLogin(ctx, staff, counter, std::move(respond));
            });
}

// The throttle's keys of one attempt (the rule is in the file comment above
// registerSessionRoutes and in the README). `trusted`: the attempt comes from
// a place this staff member is known to use.
std::vector<std::string> throttleKeys(const std::string& staff, bool known, bool trusted,
                                      const std::string& address) {
    if (trusted) {
        return {"pair:" + staff + "@" + address};
    }
    if (!known) {
        return {"addr:" + address}; // made-up ids never touch a real staff member's count
    }
    return {"addr:" + address, "staff:" + staff};
}

// Seconds a login refused for a full helper queue is told to wait.
constexpr int kLoginBusyRetrySeconds = 1;

void login(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto staff = requireString(*body, "staff", 64);
    auto pin = requireString(*body, "pin", 64);
    if (!staff || !pin) {
        return respond(errorReply(!staff ? staff.error() : pin.error()));
    }
    auto counterIt = body->find("counter");
    // get<int>() would silently wrap 4294967297 to counter 1: check the range first.
    if (counterIt == body->end() || !counterIt->is_number_integer() || counterIt->get<std::int64_t>() < 1 ||
        counterIt->get<std::int64_t>() > std::numeric_limits<int>::max()) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'counter' must be a positive integer")));
    }
    int counter = counterIt->get<int>();
    TimePoint now = systemNow();
    const StaffConfig* member = ctx.config().staffMember(*staff);
    const std::string& address = req.caller.remote;
    // A browser holding a live session of this counter (or of this person) is
    // that counter's own machine, wherever it is.
    bool sessionHere = req.caller.role == Role::staff && (req.caller.counter == counter || req.caller.id == *staff);
    bool trusted = member != nullptr && (sessionHere || ctx.auth.knownPlace(*staff, address));
    auto keys = throttleKeys(*staff, member != nullptr, trusted, address);
    // Reserved before the PIN is checked: parallel guesses wait here, unhashed.
    if (Millis wait = ctx.auth.pinThrottle().reserve(keys, now); wait > Millis{0}) {
        return respond(throttled(wait));
    }
    // Unknown staff are checked against a dummy hash so timing does not tell who exists.
    std::string hash = member != nullptr ? member->pinHash : std::string(kDummyPinHash);
    bool queued = ctx.daemon.runLogin(
        [hash, pin = *pin]() { return crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0; },
        [&ctx, staff = *staff, counter, keys, address, respond](bool good) mutable {
            TimePoint at = systemNow();
            if (!good || ctx.config().staffMember(staff) == nullptr) {
                ctx.auth.pinThrottle().fail(keys, at);
                return respond(errorReply(makeError(ErrorCode::wrongPin, "wrong staff id or PIN")));
            }
            ctx.auth.pinThrottle().succeed(keys);
            ctx.auth.rememberPlace(staff, address);
            const Counter* c = ctx.engine().counter(counter);
            if (c != nullptr && c->open && c->staff == staff) {
                return finishLogin(ctx, staff, counter, std::move(respond));
            }
            afterPin(ctx, staff, counter, std::move(respond));
        },
        trusted);
    if (!queued) {
        ctx.auth.pinThrottle().release(keys); // not checked: it costs the caller no attempt
        ctx.refusals.note("logins_busy", address, "the PIN check queue is full");
        respond(retryLaterReply(makeError(ErrorCode::serverBusy, "too many logins are being checked; try again in " +
                                                                     std::to_string(kLoginBusyRetrySeconds) + " s"),
                                kLoginBusyRetrySeconds));
    }
}

// 204 only once both the counter's closing and the session's end are stored:
// a logout that a full disk lost would let the token work again after a restart.
void endSession(ApiContext& ctx, const std::string& tokenHash, const Respond& respond) {
    if (auto st = ctx.auth.closeSession(tokenHash); !st) {
        return respond(errorReply(st.error()));
    }
    respond(emptyReply(bh::status::no_content));
}

void logout(ApiContext& ctx, const Request& req, Respond respond) {
    const Counter* c = ctx.engine().counter(req.caller.counter);
    if (c == nullptr || !c->open || c->staff != req.caller.id) {
        return endSession(ctx, req.caller.tokenHash, respond);
    }
    ctx.run(CloseCounter{req.caller.counter}, req.caller,
            [&ctx, hash = req.caller.tokenHash, respond = std::move(respond)](const Result<Events>& r) {
                if (!r) {
                    return respond(errorReply(r.error()));
                }
                endSession(ctx, hash, respond);
            });
}

} // namespace

// The PIN throttle's rule. Every attempt reserves a place before its PIN is
// checked; 5 failures (or reservations) within 5 minutes lock a key for 30 s,
// doubling with each further lock-out up to 15 minutes; a correct PIN clears
// the attempt's keys.
// - From a place the staff member is known to use (an address they logged in
//   from successfully since the daemon started, or a browser holding a live
//   session of that counter or of that person), an attempt counts only
//   against that pair, "pair:<staff>@<address>".
// - Any other attempt counts against its address and, for a real staff id,
//   against that id. Made-up ids count against their address only.
// So a colleague's (or a guesser's) wrong PINs lock a staff member out of
// other machines, never out of their own counter's; made-up ids typed
// anywhere never lock a staff member out at a place they use. PIN checks run
// on a thread of their own with a bounded queue (Daemon::runLogin): logins
// from known places go first; a full queue is 503 server_busy with
// Retry-After, and costs the caller no attempt.
void registerSessionRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::post, "/api/v1/sessions",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { login(ctx, r, std::move(done)); });
    router.add(bh::verb::delete_, "/api/v1/sessions/current", {Role::staff},
               [&ctx](const Request& r, Respond done) { logout(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
