#pragma once
// Issuing a ticket, shared by POST /tickets and the check-in of an
// appointment (POST /checkin, bookings.cpp).
#include "http/api_context.hpp"

namespace qmsd::http {

// The body of the reply that hands an issued ticket over: {"ticket": …}
// for POST /tickets (issuedTicketJson), more for a check-in.
using IssuedReply = std::function<Json(const Ticket&)>;
Json issuedTicketJson(const ApiContext& ctx, const Ticket& t);

// The request's "request_id": required from a kiosk, 1..64 letters, digits, - and _.
Result<std::string> requestIdOf(const Request& req, const Json& body);

// Issues `cmd` as the caller: a repeat of its request id answers the earlier
// ticket (200), a kiosk is rate-limited, the estimate is stamped, and a kiosk
// with a printer gets it printed before it joins its queue. Replies 201 with
// `body` of the ticket (plus "printed": true when printed), or the refusal.
void issueTicket(ApiContext& ctx, const Caller& caller, IssueTicket cmd, IssuedReply body, Respond respond);

} // namespace qmsd::http
