#pragma once
// Every reply is JSON; every error has a stable code, an English detail and
// the short Vietnamese and English texts people see.
#include "core/result.hpp"
#include "http/http_types.hpp"
#include "http/json.hpp"

#include <boost/beast/http/status.hpp>

namespace qmsd::http {

HttpResponse jsonReply(boost::beast::http::status status, const Json& body);
HttpResponse errorReply(const Error& error);
HttpResponse emptyReply(boost::beast::http::status status);
// The HTTP status an error code is reported with.
boost::beast::http::status statusFor(ErrorCode code);
Json errorJson(const Error& error);

} // namespace qmsd::http
