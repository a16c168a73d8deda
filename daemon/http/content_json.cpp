#include "http/content_json.hpp"

#include <charconv>
#include <set>

namespace qmsd::http {
namespace {

Json timeOrNull(const ApiContext& ctx, TimePoint t) {
    return t == TimePoint{} ? Json(nullptr) : Json(ctx.time(t));
}

const char* statusOf(const Notice& n, TimePoint now) {
    if (n.endsAt != TimePoint{} && now >= n.endsAt) {
        return "ended";
    }
    return n.startsAt != TimePoint{} && now < n.startsAt ? "scheduled" : "active";
}

Status onlyMembers(const Json& body, std::initializer_list<const char*> known) {
    std::set<std::string> names(known.begin(), known.end());
    for (const auto& [key, value] : body.items()) {
        if (!names.count(key)) {
            return makeError(ErrorCode::invalidArgument, "unknown member '" + key + "'");
        }
    }
    return Ok{};
}

// A string member: absent or null is "", anything but a string is refused.
Result<std::string> textMember(const Json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        return std::string{};
    }
    if (!it->is_string()) {
        return makeError(ErrorCode::invalidArgument, std::string("'") + key + "' must be a string");
    }
    return it->get<std::string>();
}

Result<std::optional<int>> intMember(const Json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        return std::optional<int>{};
    }
    if (!it->is_number_integer() || it->get<long long>() < -1000000 ||
        it->get<long long>() > 1000000) {
        return makeError(ErrorCode::invalidArgument,
                         std::string("'") + key + "' must be an integer");
    }
    return std::optional<int>{it->get<int>()};
}

Result<TimePoint> timeMember(const ApiContext& ctx, const Json& body, const char* key) {
    auto text = textMember(body, key);
    if (!text) {
        return text.error();
    }
    if (text->empty()) {
        return TimePoint{};
    }
    auto t = parseInstant(ctx.clock(), *text);
    if (!t) {
        return makeError(ErrorCode::invalidArgument,
                         std::string("'") + key + "': " + t.error().message);
    }
    return t;
}

bool digitsAt(const std::string& s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, out);
    return ec == std::errc{} && ptr == s.data() + pos + n;
}

} // namespace

Result<TimePoint> parseInstant(const OfficeClock& clock, const std::string& s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    auto bad = [&s] {
        return makeError(ErrorCode::invalidArgument,
                         "'" + s.substr(0, 40) +
                             "' is not a time like 2026-09-01T07:30 or 2026-09-01T07:30:00+07:00");
    };
    if (s.size() < 16 || !digitsAt(s, 0, 4, y) || s[4] != '-' || !digitsAt(s, 5, 2, mo) ||
        s[7] != '-' || !digitsAt(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !digitsAt(s, 11, 2, h) || s[13] != ':' || !digitsAt(s, 14, 2, mi)) {
        return bad();
    }
    std::size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
        if (!digitsAt(s, pos + 1, 2, sec)) {
            return bad();
        }
        pos += 3;
    }
    std::chrono::year_month_day ymd{std::chrono::year{y},
                                    std::chrono::month{static_cast<unsigned>(mo)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) {
        return bad();
    }
    if (pos == s.size()) { // the office's own time
        return clock.instantOf(s.substr(0, 10), h * 60 + mi) + std::chrono::seconds{sec};
    }
    int offsetMinutes = 0;
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
        offsetMinutes = 0;
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
        int oh = 0, om = 0;
        if (!digitsAt(s, pos + 1, 2, oh) || !digitsAt(s, pos + 4, 2, om) || oh > 14 || om > 59) {
            return bad();
        }
        offsetMinutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return bad();
    }
    auto utc = std::chrono::sys_days{ymd} + std::chrono::hours{h} +
               std::chrono::minutes{mi - offsetMinutes} + std::chrono::seconds{sec};
    return std::chrono::time_point_cast<Millis>(utc);
}

Json noticeJson(const ApiContext& ctx, const Notice& n, TimePoint now, ContentView view) {
    Json j{{"id", n.id},
           {"title", n.title.empty() ? Json(nullptr) : Json(n.title)},
           {"text", n.text},
           {"starts_at", timeOrNull(ctx, n.startsAt)},
           {"ends_at", timeOrNull(ctx, n.endsAt)},
           {"screens", screenNames(n.screens)},
           {"order", n.order},
           {"status", statusOf(n, now)}};
    if (view == ContentView::editor) {
        j["version"] = n.version;
        j["updated_at"] = timeOrNull(ctx, n.updatedAt);
        j["updated_by"] = n.updatedBy;
    }
    return j;
}

Json procedureJson(const ApiContext& ctx, const ProcedureSheet& p, ContentView view) {
    const FieldConfig* f = ctx.config().field(p.field);
    auto orNull = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
    Json j{{"field", p.field},
           {"field_name", f != nullptr ? f->name : p.field},
           {"documents", p.documents},
           {"fees", orNull(p.fees)},
           {"processing_time", orNull(p.processingTime)},
           {"legal_basis", orNull(p.legalBasis)},
           {"notes", orNull(p.notes)},
           {"updated_at", timeOrNull(ctx, p.updatedAt)}};
    if (view == ContentView::editor) {
        j["version"] = p.version;
        j["updated_by"] = p.updatedBy;
    }
    return j;
}

Result<NoticeEdit> noticeFromBody(const ApiContext& ctx, const Json& body) {
    if (auto st = onlyMembers(
            body, {"title", "text", "starts_at", "ends_at", "screens", "order", "version"});
        !st) {
        return st.error();
    }
    NoticeEdit edit;
    Notice& n = edit.notice;
    auto title = textMember(body, "title");
    auto text = textMember(body, "text");
    if (!title || !text) {
        return !title ? title.error() : text.error();
    }
    n.title = *title;
    n.text = *text;
    auto starts = timeMember(ctx, body, "starts_at");
    auto ends = timeMember(ctx, body, "ends_at");
    if (!starts || !ends) {
        return !starts ? starts.error() : ends.error();
    }
    n.startsAt = *starts;
    n.endsAt = *ends;
    auto order = intMember(body, "order");
    auto version = intMember(body, "version");
    if (!order || !version) {
        return !order ? order.error() : version.error();
    }
    n.order = order->value_or(0);
    edit.expectVersion = version->value_or(-1);
    if (auto it = body.find("screens"); it != body.end() && !it->is_null()) {
        if (!it->is_array()) {
            return makeError(ErrorCode::invalidArgument,
                             "'screens' must be a list of tv, board, kiosk");
        }
        n.screens = 0;
        for (const auto& s : *it) {
            Screen one{};
            if (!s.is_string() || !parseScreen(s.get_ref<const std::string&>(), one)) {
                return makeError(ErrorCode::invalidArgument,
                                 "'screens' may only name tv, board, kiosk (got " +
                                     s.dump().substr(0, 40) + ")");
            }
            n.screens |= one;
        }
    }
    return edit;
}

Result<NoticeEdit> noticeFromRequest(const ApiContext& ctx, const Request& req) {
    auto body = req.jsonBody();
    if (!body) {
        return body.error();
    }
    return noticeFromBody(ctx, *body);
}

namespace {

Result<ProcedureEdit> procedureFromBody(const Json& body) {
    if (auto st = onlyMembers(
            body, {"documents", "fees", "processing_time", "legal_basis", "notes", "version"});
        !st) {
        return st.error();
    }
    ProcedureEdit edit;
    ProcedureSheet& p = edit.sheet;
    const std::pair<const char*, std::string*> texts[] = {{"fees", &p.fees},
                                                          {"processing_time", &p.processingTime},
                                                          {"legal_basis", &p.legalBasis},
                                                          {"notes", &p.notes}};
    for (const auto& [key, out] : texts) {
        auto v = textMember(body, key);
        if (!v) {
            return v.error();
        }
        *out = *v;
    }
    if (auto it = body.find("documents"); it != body.end() && !it->is_null()) {
        if (!it->is_array()) {
            return makeError(ErrorCode::invalidArgument, "'documents' must be a list of strings");
        }
        // Bounded before copying: the checks count again, in characters.
        if (it->size() > ContentLimits::maxDocuments) {
            return makeError(ErrorCode::invalidArgument,
                             "'documents' has " + std::to_string(it->size()) + " items, at most " +
                                 std::to_string(ContentLimits::maxDocuments) + " are allowed");
        }
        for (const auto& d : *it) {
            if (!d.is_string()) {
                return makeError(ErrorCode::invalidArgument,
                                 "'documents' must be a list of strings");
            }
            p.documents.push_back(d.get<std::string>());
        }
    }
    auto version = intMember(body, "version");
    if (!version) {
        return version.error();
    }
    edit.expectVersion = version->value_or(-1);
    return edit;
}

} // namespace

Result<ProcedureEdit> procedureFromRequest(const Request& req) {
    auto body = req.jsonBody();
    if (!body) {
        return body.error();
    }
    return procedureFromBody(*body);
}

Result<int> versionFrom(const Request& req) {
    auto body = req.jsonBody();
    if (!body) {
        return body.error();
    }
    if (auto v = intMember(*body, "version"); !v) {
        return v.error();
    } else if (*v) {
        return **v;
    }
    std::string text = req.queryValue("version");
    if (text.empty()) {
        return -1;
    }
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size() || v < 0) {
        return makeError(ErrorCode::invalidArgument, "'version' must be a non-negative integer");
    }
    return v;
}

} // namespace qmsd::http
