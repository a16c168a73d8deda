#include "http/reply.hpp"

#include <boost/beast/http/field.hpp>

namespace qmsd::http {

namespace bh = boost::beast::http;

bh::status statusFor(ErrorCode code) {
    switch (code) {
    case ErrorCode::invalidArgument:
    case ErrorCode::invalidJson:
    case ErrorCode::unknownPriority:
    case ErrorCode::unknownPauseReason:
    case ErrorCode::sameField:
    case ErrorCode::configInvalid:
        return bh::status::bad_request;
    case ErrorCode::unauthenticated:
    case ErrorCode::wrongPin:
        return bh::status::unauthorized;
    case ErrorCode::forbidden:
    case ErrorCode::staffNotAllowed:
        return bh::status::forbidden;
    case ErrorCode::notFound:
    case ErrorCode::unknownField:
    case ErrorCode::unknownCounter:
    case ErrorCode::unknownStaff:
    case ErrorCode::unknownTicket:
    case ErrorCode::unknownNotice:
    case ErrorCode::unknownBooking:
    case ErrorCode::bookingDisabled:
        return bh::status::not_found;
    case ErrorCode::methodNotAllowed:
        return bh::status::method_not_allowed;
    case ErrorCode::requestTimeout:
        return bh::status::request_timeout;
    case ErrorCode::bodyTooLarge:
        return bh::status::payload_too_large;
    case ErrorCode::headersTooLarge:
        return bh::status::request_header_fields_too_large;
    case ErrorCode::unsupportedMediaType:
        return bh::status::unsupported_media_type;
    case ErrorCode::rateLimited:
    case ErrorCode::tooManyAttempts:
        return bh::status::too_many_requests;
    case ErrorCode::tooManyConnections:
    case ErrorCode::serverBusy:
    case ErrorCode::storageFailed:
    case ErrorCode::printerFailed:
    case ErrorCode::storageReadOnly:
        return bh::status::service_unavailable;
    case ErrorCode::storageFull:
        return bh::status::insufficient_storage;
    case ErrorCode::internal:
        return bh::status::internal_server_error;
    default: // the engine's refusals: the action does not fit the current state
        return bh::status::conflict;
    }
}

Json errorJson(const Error& error) {
    return Json{{"error",
                 {{"code", errorName(error.code)},
                  {"message", error.message},
                  {"vi", errorTextVi(error.code)},
                  {"en", errorTextEn(error.code)}}}};
}

HttpResponse jsonReply(bh::status status, const Json& body) {
    HttpResponse res{status, 11};
    res.set(bh::field::content_type, "application/json; charset=utf-8");
    res.set(bh::field::cache_control, "no-store");
    // Invalid UTF-8 can only come from our own data; replace rather than throw.
    res.body() = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return res;
}

HttpResponse errorReply(const Error& error) { return jsonReply(statusFor(error.code), errorJson(error)); }

HttpResponse retryLaterReply(const Error& error, long long seconds) {
    Json body = errorJson(error);
    body["retry_after_seconds"] = seconds;
    auto res = jsonReply(statusFor(error.code), body);
    res.set(bh::field::retry_after, std::to_string(seconds));
    return res;
}

HttpResponse emptyReply(bh::status status) {
    HttpResponse res{status, 11};
    res.set(bh::field::cache_control, "no-store");
    return res;
}

HttpResponse bytesReply(std::string body, std::string_view contentType, std::string_view filename, bool download) {
    HttpResponse res{bh::status::ok, 11};
    res.set(bh::field::content_type, std::string(contentType));
    res.set(bh::field::cache_control, "no-store");
    res.set(bh::field::content_disposition,
            std::string(download ? "attachment" : "inline") + "; filename=\"" + std::string(filename) + "\"");
    res.body() = std::move(body);
    return res;
}

} // namespace qmsd::http
