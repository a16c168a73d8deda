#pragma once
// SMS brand-name or Zalo messages through an HTTP gateway: one JSON POST per
// message, the gateway's status code says how it went. The office id goes
// into the message id and the Idempotency-Key so a gateway shared by several
// offices tells their messages apart and drops a repeat after an uncertain
// hand-off.
#include "core/result.hpp"
#include "messages/transport.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace qmsd {

struct WebhookOptions {
    std::string url;         // http://host[:port]/path
    std::string bearerToken; // sent as Authorization: Bearer, never logged; "" for none
    std::chrono::milliseconds timeout{5000}; // the whole exchange, connect to reply
    std::string officeId;
};

// configInvalid for a URL that is not http://host[:port]/path, an empty or
// odd office id, a token that cannot go into a header, a timeout <= 0.
Result<std::unique_ptr<MessageTransport>> makeWebhook(WebhookOptions o);

} // namespace qmsd
