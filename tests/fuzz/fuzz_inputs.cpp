// Structured inputs: each request's route, token, target and body are picked
// from tables of the real API with FuzzedDataProvider, so that mutations reach
// the handlers rather than stopping at the router or at authentication.
#include "fuzz_inputs.hpp"

#include <boost/beast/http/verb.hpp>

#include <cstdio>
#include <limits>

namespace qmsd::fuzz {

namespace bh = boost::beast::http;
using http::Json;

namespace {

struct Route {
    bh::verb method;
    const char* path; // {n} counter, {id} ticket, {pid} public id, {action}, {junk}
};

const Route kRoutes[] = {
    {bh::verb::get, "/api/v1/health"},
    {bh::verb::get, "/api/v1/fields"},
    {bh::verb::get, "/api/v1/priorities"},
    {bh::verb::get, "/api/v1/display"},
    {bh::verb::post, "/api/v1/tickets"},
    {bh::verb::post, "/api/v1/tickets"},
    {bh::verb::get, "/api/v1/tickets/{pid}"},
    {bh::verb::post, "/api/v1/tickets/{id}/reinstate"},
    {bh::verb::post, "/api/v1/tickets/{id}/cancel"},
    {bh::verb::post, "/api/v1/sessions"},
    {bh::verb::delete_, "/api/v1/sessions/current"},
    {bh::verb::get, "/api/v1/counters"},
    {bh::verb::get, "/api/v1/counters/{n}"},
    {bh::verb::post, "/api/v1/counters/{n}/{action}"},
    {bh::verb::post, "/api/v1/counters/{n}/{action}"},
    {bh::verb::post, "/api/v1/counters/{n}/{action}"},
    {bh::verb::get, "/api/v1/stats/fields"},
    {bh::verb::get, "/api/v1/events"},
    {bh::verb::get, "/api/v1/reports/daily"},
    {bh::verb::get, "/api/v1/devices"},
    {bh::verb::post, "/api/v1/admin/reload"},
    {bh::verb::post, "/api/v1/admin/backup"},
    {bh::verb::get, "/api/v1/stream"},
    {bh::verb::get, "/api/v1/{junk}"},
};

const char* const kActions[] = {"open", "close", "call-next", "call", "recall", "start", "finish",
                                "no-show", "park", "transfer", "pause", "resume", "call-next", "finish"};
const bh::verb kVerbs[] = {bh::verb::get, bh::verb::post, bh::verb::put, bh::verb::delete_,
                           bh::verb::patch, bh::verb::head, bh::verb::options};
const char* const kFields[] = {"ho_tich", "chung_thuc", "dat_dai", "xay_dung", "kinh_doanh",
                               "ldtbxh", "phan_anh", "khong_co", ""};
const char* const kPriorities[] = {"elderly", "disabled", "pregnant", "merit", "vip"};
const char* const kStaff[] = {"nv01", "nv02", "nv03", "nv04", "nv05", "nv06", "nv07", "nv08", "nobody"};
const char* const kReasons[] = {"break", "meeting", "urgent", "helping", "nap"};
const char* const kKinds[] = {"ticket_issued", "ticket_called", "ticket_finished", "counter_opened", "nope"};
const char* const kKeys[] = {"field", "priority", "phone", "request_id", "staff", "pin",
                             "counter", "ticket", "reason", "to", "from", "day"};
const char* const kQueryKeys[] = {"day", "from", "to", "field", "counter", "staff", "kind",
                                  "after", "limit", "token", "since"};

template <typename T, std::size_t N> const T& pick(FuzzedDataProvider& in, const T (&table)[N]) {
    return table[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

std::string percentEncode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::string ticketRef(Office& o, FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0:
        return o.codes.empty() ? "A001" : o.codes[in.ConsumeIntegralInRange<std::size_t>(0, o.codes.size() - 1)];
    case 1:
        return o.ids.empty() ? "1" : std::to_string(o.ids[in.ConsumeIntegralInRange<std::size_t>(0, o.ids.size() - 1)]);
    case 2:
        return std::to_string(in.ConsumeIntegral<std::int64_t>());
    case 3:
        return "99999999999999999999999";
    default:
        return in.ConsumeRandomLengthString(24);
    }
}

std::string dayValue(Office& o, FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0:
        return o.daemon->journal().engine().day();
    case 1:
        return "2026-02-30";
    case 2:
        return "2020-01-01";
    default:
        return in.ConsumeRandomLengthString(12);
    }
}

// A value for a body member, mostly of the kind the handler expects.
Json bodyValue(Office& o, FuzzedDataProvider& in, const std::string& key) {
    int kind = in.ConsumeIntegralInRange(0, 9);
    if (kind >= 4) {
        if (key == "field") return pick(in, kFields);
        if (key == "priority") return pick(in, kPriorities);
        if (key == "phone") return in.ConsumeBool() ? "0901234567" : "+84 90";
        if (key == "request_id") {
            return in.ConsumeBool() ? "r" + std::to_string(o.generation) + "-" + std::to_string(++o.requestIds)
                                    : "dup-" + std::to_string(in.ConsumeIntegralInRange(0, 3));
        }
        if (key == "staff") return pick(in, kStaff);
        if (key == "pin") return std::string(4, static_cast<char>('0' + in.ConsumeIntegralInRange(0, 9)));
        if (key == "counter") return in.ConsumeIntegralInRange(0, kCounters + 1);
        if (key == "ticket") return in.ConsumeBool() ? Json(ticketRef(o, in)) : Json(o.ids.empty() ? 1 : o.ids.back());
        if (key == "reason") return pick(in, kReasons);
        return dayValue(o, in);
    }
    switch (kind) {
    case 0:
        return in.ConsumeRandomLengthString(80);
    case 1:
        return in.ConsumeIntegral<std::int64_t>();
    case 2:
        switch (in.ConsumeIntegralInRange(0, 5)) {
        case 0: return nullptr;
        case 1: return in.ConsumeBool();
        case 2: return in.ConsumeFloatingPoint<double>();
        case 3: return Json::array({in.ConsumeRandomLengthString(8), 1});
        case 4: return Json::object({{"x", in.ConsumeRandomLengthString(8)}});
        default: return std::numeric_limits<std::uint64_t>::max() - in.ConsumeIntegral<std::uint8_t>();
        }
    default:
        return std::string(in.ConsumeIntegralInRange(0, 300), 'x');
    }
}

std::string buildBody(Office& o, FuzzedDataProvider& in, std::string& contentType) {
    contentType = "application/json";
    switch (in.ConsumeIntegralInRange(0, 7)) {
    case 0:
        return "";
    case 1:
        return in.ConsumeRandomLengthString(256);
    case 2:
        contentType = in.ConsumeBool() ? "text/plain" : in.ConsumeRandomLengthString(32);
        return in.ConsumeRandomLengthString(64);
    default:
        break;
    }
    Json body = Json::object();
    int members = in.ConsumeIntegralInRange(0, 5);
    for (int i = 0; i < members; ++i) {
        std::string key = in.ConsumeIntegralInRange(0, 15) == 0 ? in.ConsumeRandomLengthString(10) : pick(in, kKeys);
        body[key] = bodyValue(o, in, key);
    }
    if (in.ConsumeIntegralInRange(0, 15) == 0) {
        contentType = "application/json; charset=utf-8";
    }
    return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The bearer token, and for a staff token the counter it is for (else 0).
std::string token(Office& o, FuzzedDataProvider& in, std::string& query, int& staffCounter) {
    int t = in.ConsumeIntegralInRange(0, 14);
    staffCounter = 0;
    switch (t) {
    case 0: return "";
    case 1: return kKioskToken;
    case 2: return kDisplayToken;
    case 3: return kLeaderToken;
    case 4: return kAdminToken;
    case 11: return in.ConsumeRandomLengthString(48);
    case 12: query += (query.empty() ? "token=" : "&token=") + percentEncode(kKioskToken); return "";
    default: staffCounter = std::min(t - 4, kCounters); return o.staffTokens[staffCounter];
    }
}

std::string target(Office& o, FuzzedDataProvider& in, const Route& route, int staffCounter) {
    std::string path = route.path;
    auto replace = [&path](const std::string& what, const std::string& with) {
        if (auto at = path.find(what); at != std::string::npos) {
            path.replace(at, what.size(), with);
        }
    };
    // Staff mostly act at their own counter (anything else is a 403).
    int n = staffCounter != 0 && in.ConsumeIntegralInRange(0, 3) != 0 ? staffCounter
                                                                       : in.ConsumeIntegralInRange(-2, kCounters + 1);
    replace("{n}", n == -2 ? percentEncode(in.ConsumeRandomLengthString(8)) : std::to_string(n == -1 ? 0 : n));
    replace("{id}", percentEncode(ticketRef(o, in)));
    replace("{pid}", o.publicIds.empty() || in.ConsumeIntegralInRange(0, 3) == 0
                         ? percentEncode(in.ConsumeRandomLengthString(40))
                         : o.publicIds[in.ConsumeIntegralInRange<std::size_t>(0, o.publicIds.size() - 1)]);
    replace("{action}", pick(in, kActions));
    replace("{junk}", in.ConsumeRandomLengthString(16));
    return path;
}

std::string queryString(Office& o, FuzzedDataProvider& in) {
    std::string q;
    int pairs = in.ConsumeIntegralInRange(0, 4);
    for (int i = 0; i < pairs; ++i) {
        std::string key = pick(in, kQueryKeys);
        std::string value;
        int kind = in.ConsumeIntegralInRange(0, 4);
        if (kind == 0) {
            value = in.ConsumeRandomLengthString(16);
        } else if (key == "day" || key == "from" || key == "to") {
            value = dayValue(o, in);
        } else if (key == "kind") {
            value = pick(in, kKinds);
        } else if (key == "field") {
            value = pick(in, kFields);
        } else if (key == "staff") {
            value = pick(in, kStaff);
        } else {
            value = std::to_string(in.ConsumeIntegralInRange<std::int64_t>(-5, 2000));
        }
        q += (q.empty() ? "" : "&") + key + "=" + percentEncode(value);
    }
    return q;
}

} // namespace

std::string buildRequest(Office& o, FuzzedDataProvider& in, bool& last) {
    const Route& route = pick(in, kRoutes);
    bh::verb method = in.ConsumeIntegralInRange(0, 15) == 0 ? pick(in, kVerbs) : route.method;
    std::string query = queryString(o, in);
    int staffCounter = 0;
    std::string bearer = token(o, in, query, staffCounter);
    std::string path = target(o, in, route, staffCounter);
    std::string contentType;
    std::string body = buildBody(o, in, contentType);
    if (!query.empty()) {
        path += "?" + query;
    }
    last = in.ConsumeIntegralInRange(0, 31) == 0;
    std::string text = std::string(bh::to_string(method)) + " " + path +
                       (in.ConsumeIntegralInRange(0, 31) == 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
    text += "Host: 127.0.0.1\r\n";
    if (!bearer.empty()) {
        text += "Authorization: Bearer " + bearer + "\r\n";
    }
    if (!body.empty() || in.ConsumeBool()) {
        text += "Content-Type: " + contentType + "\r\n";
    }
    if (last) {
        text += "Connection: close\r\n";
    }
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return text;
}

} // namespace qmsd::fuzz
