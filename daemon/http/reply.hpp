#pragma once
// Every reply is JSON; every error has a stable code, an English detail and
// the short Vietnamese and English texts people see.
#include "core/result.hpp"
#include "http/http_types.hpp"
#include "http/json.hpp"

#include <boost/beast/http/status.hpp>

#include <string>
#include <string_view>

namespace qmsd::http {

HttpResponse jsonReply(boost::beast::http::status status, const Json& body);
HttpResponse errorReply(const Error& error);
// An error the client may retry later (429, 503): `Retry-After` and
// "retry_after_seconds" in the body say when.
HttpResponse retryLaterReply(const Error& error, long long seconds);
HttpResponse emptyReply(boost::beast::http::status status);
// A file (CSV, XLSX, HTML report): `filename` is ASCII; `download` asks the
// browser to save it (Content-Disposition: attachment) rather than show it.
HttpResponse bytesReply(std::string body, std::string_view contentType, std::string_view filename,
                        bool download = true);
// The HTTP status an error code is reported with.
boost::beast::http::status statusFor(ErrorCode code);
Json errorJson(const Error& error);

} // namespace qmsd::http
