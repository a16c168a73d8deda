// Tickets: a kiosk issues them (idempotent per request id, rate-limited), a
// citizen follows one by its opaque id, staff reinstate, cancel or reprint.
//
// A kiosk with a printer: a ticket counts as issued only once it came out of
// the printer. A printer already known to be faulty refuses before anything is
// committed (no number used); a print that fails after the commit cancels the
// ticket with reason "printer_failed", so it is never called.
#include "core/public_id.hpp"
#include "devices/printer_manager.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/issuing.hpp"
#include "http/handlers/printer.hpp"
#include "http/reply.hpp"
#include "messages/phone_number.hpp"

#include <algorithm>
#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

Result<std::string> requestIdOf(const Request& req, const Json& body) {
    auto id = req.caller.role == Role::kiosk ? requireString(body, "request_id", 64)
                                             : optionalString(body, "request_id", 64);
    if (id && !id->empty() &&
        !std::all_of(id->begin(), id->end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
        })) {
        return makeError(ErrorCode::invalidArgument, "'request_id' may only hold letters, digits, - and _");
    }
    return id;
}

Json issuedTicketJson(const ApiContext& ctx, const Ticket& t) {
    return Json{{"ticket", ctx.ticketJson(t, TicketView::full)}};
}

namespace {

// The ticket an identical earlier request made, once its commit is settled.
void replyWithRequestTicket(ApiContext& ctx, const Caller& caller, const std::string& requestId,
                            bh::status status, const IssuedReply& body, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, actor = caller.actor(), requestId, status, body] {
        const Ticket* t = ctx.engine().ticketForRequest(actor, requestId);
        if (t == nullptr) {
            return errorReply(makeError(ErrorCode::storageFailed, "the ticket could not be stored"));
        }
        return jsonReply(status, body(*t));
    });
}

// A repeat of a request that issued `earlier`: that ticket again (200), or
// the print failure that cancelled it.
void replyToRepeat(ApiContext& ctx, const Caller& caller, const std::string& requestId, const Ticket& earlier,
                   const IssuedReply& body, Respond respond) {
    const auto* failed = ctx.daemon.printers().failureOf(earlier.id);
    if (failed != nullptr && earlier.state == TicketState::cancelled) {
        return respond(printerFailedReply(failed->printer, failed->outcome.fault, failed->outcome.partial,
                                          failed->outcome.message, earlier.code.str()));
    }
    replyWithRequestTicket(ctx, caller, requestId, bh::status::ok, body, std::move(respond));
}

// The result of issuing: a refusal may be a double tap whose twin was
// committed in the same batch (both arrived while a commit was on disk, so
// neither saw the other before planning): then it is a repeat, answered 200.
bool answeredAsRepeat(ApiContext& ctx, const Caller& caller, const IssueTicket& cmd, const Result<Events>& r,
                      const IssuedReply& body, Respond& respond) {
    if (r || cmd.requestId.empty()) {
        return false;
    }
    const Ticket* earlier = ctx.engine().ticketForRequest(caller.actor(), cmd.requestId);
    if (earlier == nullptr) {
        return false;
    }
    replyToRepeat(ctx, caller, cmd.requestId, *earlier, body, std::move(respond));
    return true;
}

constexpr const char* kPrinterFailed = "printer_failed"; // the cancel reason

// The print failed after the commit: cancel the ticket (never callable), then
// tell the kiosk which number was cancelled.
void cancelUnprinted(ApiContext& ctx, const Caller& caller, const std::string& printerId, TicketId id,
                     const escpos::PrintOutcome& out, Respond respond) {
    ctx.daemon.printers().rememberFailure(id, printerId, out);
    ctx.run(CancelTicket{id, kPrinterFailed}, caller,
            [&ctx, printerId, id, out, respond = std::move(respond)](const Result<Events>& r) {
                const Ticket* t = ctx.engine().ticket(id);
                // Held while it printed, so no counter can have called it;
                // not cancelled only if the cancel could not be stored.
                std::string code = r && t != nullptr ? t->code.str() : std::string{};
                respond(printerFailedReply(printerId, out.fault, out.partial, out.message, code));
            });
}

// The ticket is committed held (no counter can call it), printed, then
// released into its queue at its place; a failed print cancels it instead.
void commitAndPrint(ApiContext& ctx, const Caller& caller, IssueTicket cmd, const std::string& printerId,
                    IssuedReply body, Respond respond) {
    cmd.holdForPrint = true;
    ctx.run(cmd, caller, [&ctx, caller, cmd, printerId, body, respond = std::move(respond)](const Result<Events>& r) mutable {
        if (answeredAsRepeat(ctx, caller, cmd, r, body, respond)) {
            return;
        }
        if (!r) {
            return respond(errorReply(r.error()));
        }
        TicketId id = r->front().ticketId;
        const Ticket* t = ctx.engine().ticket(id);
        ctx.daemon.printers().print(
            printerId, ticketPrintOf(ctx, *t, false),
            [&ctx, caller, printerId, id, body, respond](const escpos::PrintOutcome& out) {
                if (!out.printed) {
                    return cancelUnprinted(ctx, caller, printerId, id, out, respond);
                }
                ctx.run(ReleaseTicket{id, printerId}, caller, [&ctx, id, body, respond](const Result<Events>& released) {
                    if (!released) { // not stored: it stays held until the next start releases it
                        return respond(errorReply(released.error()));
                    }
                    Json reply = body(*ctx.engine().ticket(id));
                    reply["printed"] = true;
                    respond(jsonReply(bh::status::created, reply));
                });
            });
    });
}

// The kiosk's printer first: a fault refuses the ticket before any number is used.
void issueWithPrinter(ApiContext& ctx, const Caller& caller, const IssueTicket& cmd,
                      const PrinterView& printer, IssuedReply body, Respond respond) {
    // An appointment's check-in may come after the walk-ins' cut-off: the engine decides.
    if (auto can = ctx.engine().canIssue(cmd.field, systemNow()); !can && cmd.booking.empty()) {
        return respond(errorReply(can.error()));
    }
    if (!printer.config.queryStatus) { // prints blind: nothing to ask first
        return commitAndPrint(ctx, caller, cmd, printer.config.id, std::move(body), std::move(respond));
    }
    ctx.daemon.printers().checkStatus(
        printer.config.id, [&ctx, caller, cmd, id = printer.config.id, body = std::move(body),
                            respond = std::move(respond)](const escpos::PrinterState& s) {
            if (s.fault != escpos::PrinterFault::none) {
                return respond(printerFailedReply(
                    id, s.fault, false, s.detail.empty() ? std::string(escpos::faultName(s.fault)) : s.detail, ""));
            }
            commitAndPrint(ctx, caller, cmd, id, body, respond);
        });
}

void issue(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto field = requireString(*body, "field", 64);
    auto priority = optionalString(*body, "priority", 64);
    auto phone = optionalString(*body, "phone", 24);
    auto requestId = requestIdOf(req, *body);
    for (const auto* r : {&field, &priority, &phone, &requestId}) {
        if (!*r) {
            return respond(errorReply(r->error()));
        }
    }
    // Kept in one form ("0901234567") whatever way it was typed, so a
    // number's daily message cap and its erasure find every ticket it took.
    if (!phone->empty()) {
        auto normalized = normalizePhone(*phone);
        if (!normalized) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                                "'phone' is not a Vietnamese phone number (e.g. 0901234567)")));
        }
        *phone = *normalized;
    }
    issueTicket(ctx, req.caller, IssueTicket{*field, *priority, *phone, makePublicId(), *requestId},
                [&ctx](const Ticket& t) { return issuedTicketJson(ctx, t); }, std::move(respond));
}

} // namespace

void issueTicket(ApiContext& ctx, const Caller& caller, IssueTicket cmd, IssuedReply body, Respond respond) {
    if (!cmd.requestId.empty()) {
        if (const Ticket* earlier = ctx.engine().ticketForRequest(caller.actor(), cmd.requestId)) {
            return replyToRepeat(ctx, caller, cmd.requestId, *earlier, body, std::move(respond));
        }
    }
    if (caller.role == Role::kiosk &&
        !ctx.kioskLimiter.allow(caller.id, ctx.config().api.kioskRatePerMinute, systemNow())) {
        return respond(errorReply(makeError(ErrorCode::rateLimited, "kiosk '" + caller.id +
                                                                        "' is issuing too fast")));
    }
    cmd.estimateSeconds = ctx.estimator().secondsForNew(ctx.engine(), cmd.field, cmd.priority, systemNow());
    const PrinterView* printer =
        caller.role == Role::kiosk ? ctx.daemon.printers().printerOfKiosk(caller.id) : nullptr;
    if (printer != nullptr) {
        return issueWithPrinter(ctx, caller, cmd, *printer, std::move(body), std::move(respond));
    }
    ctx.run(cmd, caller, [&ctx, caller, cmd, body, respond = std::move(respond)](const Result<Events>& r) mutable {
        if (answeredAsRepeat(ctx, caller, cmd, r, body, respond)) {
            return;
        }
        if (!r) {
            return respond(errorReply(r.error()));
        }
        respond(jsonReply(bh::status::created, body(*ctx.engine().ticket(r->front().ticketId))));
    });
}

namespace {

void status(ApiContext& ctx, const Request& req, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, publicId = req.param("public_id")] {
        const Ticket* t = ctx.engine().ticketByPublicId(publicId);
        if (t == nullptr) {
            return errorReply(makeError(ErrorCode::unknownTicket, "no ticket with that id today"));
        }
        return jsonReply(bh::status::ok, Json{{"ticket", ctx.ticketJson(*t, TicketView::citizen)}});
    });
}

// "A012" or a numeric ticket id.
const Ticket* resolveTicket(const ApiContext& ctx, const std::string& ref) {
    if (const Ticket* byCode = ctx.engine().ticketByCode(ref)) {
        return byCode;
    }
    TicketId id = 0;
    auto [ptr, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
    return ec == std::errc{} && ptr == ref.data() + ref.size() ? ctx.engine().ticket(id) : nullptr;
}

// The ticket a request's {id} names, if the caller may touch it: staff only
// tickets of the fields their counter serves.
Result<const Ticket*> accessibleTicket(const ApiContext& ctx, const Request& req) {
    const Ticket* t = resolveTicket(ctx, req.param("id"));
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no ticket '" + req.param("id") + "' today");
    }
    if (req.caller.role != Role::staff) {
        return t;
    }
    const CounterConfig* c = ctx.config().counter(req.caller.counter);
    if (c == nullptr || std::find(c->fields.begin(), c->fields.end(), t->field) == c->fields.end()) {
        return makeError(ErrorCode::forbidden, "counter " + std::to_string(req.caller.counter) +
                                                   " does not serve '" + t->field + "'");
    }
    return t;
}

void ticketAction(ApiContext& ctx, const Request& req, Respond respond, bool cancel) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto reason = optionalString(*body, "reason", 200);
    if (!reason) {
        return respond(errorReply(reason.error()));
    }
    auto found = accessibleTicket(ctx, req);
    if (!found) {
        return respond(errorReply(found.error()));
    }
    const Ticket* t = *found;
    Command cmd = cancel ? Command{CancelTicket{t->id, *reason}} : Command{Reinstate{t->id}};
    ctx.run(cmd, req.caller, [&ctx, id = t->id, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        respond(jsonReply(bh::status::ok, Json{{"ticket", ctx.ticketJson(*ctx.engine().ticket(id), TicketView::full)}}));
    });
}

} // namespace

// The kiosk that issued a ticket ("kiosk:k1" on its ticket_issued event), or "".
std::string issuingKiosk(ApiContext& ctx, const Ticket& t) {
    Store::EventFilter f;
    f.day = t.day;
    f.kind = "ticket_issued";
    f.limit = 1000;
    for (;;) {
        auto events = ctx.daemon.store().findEvents(f);
        if (!events || events->empty()) {
            return {};
        }
        for (const auto& e : *events) {
            if (e.ticketId == t.id) {
                return e.actor.rfind("kiosk:", 0) == 0 ? e.actor.substr(6) : std::string{};
            }
        }
        f.after = events->back().seq;
    }
}

// A copy for a citizen who lost the ticket (or got a torn one); never cancels.
void reprint(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto printerArg = optionalString(*body, "printer", 64);
    if (!printerArg) {
        return respond(errorReply(printerArg.error()));
    }
    auto found = accessibleTicket(ctx, req);
    if (!found) {
        return respond(errorReply(found.error()));
    }
    const Ticket* t = *found;
    if (isFinal(t->state)) {
        return respond(errorReply(makeError(ErrorCode::ticketWrongState,
                                            t->code + " is " + std::string(ticketStateName(t->state)) +
                                                "; only a ticket still to be served can be reprinted")));
    }
    const PrinterView* printer = nullptr;
    if (!printerArg->empty()) {
        printer = ctx.daemon.printers().printer(*printerArg);
        if (printer == nullptr) {
            return respond(errorReply(makeError(ErrorCode::notFound, "no printer '" + *printerArg + "'")));
        }
    } else {
        printer = ctx.daemon.printers().printerOfKiosk(issuingKiosk(ctx, *t));
        if (printer == nullptr) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                                t->code + " was not issued at a kiosk with a printer; "
                                                          "name one in 'printer'")));
        }
    }
    ctx.daemon.printers().print(
        printer->config.id, ticketPrintOf(ctx, *t, true),
        [&ctx, caller = req.caller, id = t->id, printerId = printer->config.id,
         respond = std::move(respond)](const escpos::PrintOutcome& out) {
            if (!out.printed) {
                return respond(printerFailedReply(printerId, out.fault, out.partial, out.message, ""));
            }
            ctx.run(RecordReprint{id, printerId}, caller, [&ctx, id, respond](const Result<Events>& r) {
                if (!r) {
                    return respond(errorReply(r.error()));
                }
                respond(jsonReply(bh::status::ok, Json{{"ticket", ctx.ticketJson(*ctx.engine().ticket(id), TicketView::full)},
                                                       {"printed", true}}));
            });
        });
}

void registerTicketRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::post, "/api/v1/tickets", {Role::kiosk},
               [&ctx](const Request& r, Respond done) { issue(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/tickets/{public_id}",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { status(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/tickets/{id}/reinstate", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { ticketAction(ctx, r, std::move(done), false); });
    router.add(bh::verb::post, "/api/v1/tickets/{id}/cancel", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { ticketAction(ctx, r, std::move(done), true); });
    router.add(bh::verb::post, "/api/v1/tickets/{id}/reprint", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { reprint(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
