// Staff log in at a counter with their PIN (verified off the event loop: the
// argon2id hash is deliberately slow) and log out. Login opens the counter;
// logout closes it.
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
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
    Json body = errorJson(makeError(ErrorCode::tooManyAttempts,
                                    "too many wrong PINs; try again in " + std::to_string(seconds) + " s"));
    body["retry_after_seconds"] = seconds;
    auto res = jsonReply(bh::status::too_many_requests, body);
    res.set(bh::field::retry_after, std::to_string(seconds));
    return res;
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
    // Made-up staff ids share the address key, so they cannot grow the table.
    std::string staffKey = member != nullptr ? "staff:" + *staff : "addr:" + req.caller.remote;
    std::string addrKey = "addr:" + req.caller.remote;
    Millis wait = std::max(ctx.auth.pinThrottle().blockedFor(staffKey, now),
                           ctx.auth.pinThrottle().blockedFor(addrKey, now));
    if (wait > Millis{0}) {
        return respond(throttled(wait));
    }
    // Unknown staff are checked against a dummy hash so timing does not tell who exists.
    std::string hash = member != nullptr ? member->pinHash : std::string(kDummyPinHash);
    ctx.daemon.runBlocking(
        [hash, pin = *pin]() {
            return crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
        },
        [&ctx, staff = *staff, counter, staffKey, addrKey, respond = std::move(respond)](bool good) mutable {
            TimePoint at = systemNow();
            if (!good || ctx.config().staffMember(staff) == nullptr) {
                ctx.auth.pinThrottle().fail(staffKey, at);
                if (addrKey != staffKey) {
                    ctx.auth.pinThrottle().fail(addrKey, at);
                }
                return respond(errorReply(makeError(ErrorCode::wrongPin, "wrong staff id or PIN")));
            }
            ctx.auth.pinThrottle().succeed(staffKey);
            ctx.auth.pinThrottle().succeed(addrKey);
            const Counter* c = ctx.engine().counter(counter);
            if (c != nullptr && c->open && c->staff == staff) {
                return finishLogin(ctx, staff, counter, std::move(respond));
            }
            afterPin(ctx, staff, counter, std::move(respond));
        });
}

void logout(ApiContext& ctx, const Request& req, Respond respond) {
    const Counter* c = ctx.engine().counter(req.caller.counter);
    if (c == nullptr || !c->open || c->staff != req.caller.id) {
        ctx.auth.closeSession(req.caller.tokenHash);
        return respond(emptyReply(bh::status::no_content));
    }
    ctx.run(CloseCounter{req.caller.counter}, req.caller,
            [&ctx, hash = req.caller.tokenHash, respond = std::move(respond)](const Result<Events>& r) {
                if (!r) {
                    return respond(errorReply(r.error()));
                }
                ctx.auth.closeSession(hash);
                respond(emptyReply(bh::status::no_content));
            });
}

} // namespace

void registerSessionRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::post, "/api/v1/sessions",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { login(ctx, r, std::move(done)); });
    router.add(bh::verb::delete_, "/api/v1/sessions/current", {Role::staff},
               [&ctx](const Request& r, Respond done) { logout(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
