#pragma once
// Issuing a ticket, shared by POST /tickets and the check-in of an
// appointment (POST /checkin, bookings.cpp).
#include "http/api_context.hpp"

namespace qmsd::http {

// Issues `cmd` as the caller: a repeat of its request id answers the earlier
// ticket (200), a kiosk is rate-limited, the estimate is stamped, and a kiosk
// with a printer gets it printed before it joins its queue. Replies
// 201 {"ticket": …} (with "printed": true when printed), or the refusal.
// A kiosk's request id: 1..64 letters, digits, - and _.
bool validRequestId(const std::string& id);

void issueTicket(ApiContext& ctx, const Caller& caller, IssueTicket cmd, Respond respond);

} // namespace qmsd::http
