#pragma once
// The editors' content on the wire: notices and procedure sheets as JSON,
// request bodies read into them (every member named when wrong; unknown
// members refused, so a typo is not silently ignored), and the times editors
// type: "2026-09-01T07:30" in the office's time, or ISO 8601 with an offset.
#include "content/content.hpp"
#include "http/api_context.hpp"

#include <optional>

namespace qmsd::http {

enum class ContentView { editor, publicView }; // public: no who-changed-it

Json noticeJson(const ApiContext& ctx, const Notice& n, TimePoint now, ContentView view);
Json procedureJson(const ApiContext& ctx, const ProcedureSheet& p, ContentView view);

// A notice from a POST/PUT body; `version` (optional) is returned in expectVersion.
struct NoticeEdit {
    Notice notice;
    int expectVersion = -1;
};
Result<NoticeEdit> noticeFromBody(const ApiContext& ctx, const Json& body);
struct ProcedureEdit {
    ProcedureSheet sheet;
    int expectVersion = -1;
};
// The same, read from a request's JSON body (its errors as the body's).
Result<NoticeEdit> noticeFromRequest(const ApiContext& ctx, const Request& req);
Result<ProcedureEdit> procedureFromRequest(const Request& req);
// `version` from a DELETE's body or ?version= (-1 when absent).
Result<int> versionFrom(const Request& req);

// "YYYY-MM-DDTHH:MM[:SS]" (office time) or the same with "Z" / "±HH:MM".
Result<TimePoint> parseInstant(const OfficeClock& clock, const std::string& text);

} // namespace qmsd::http
