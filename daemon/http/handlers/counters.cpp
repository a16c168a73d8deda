// Counters: their state and queues, and every action staff take at one.
// A staff token acts only for its own counter; admins for any.
#include "analytics/field_figures.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

// Each caller sees the narrowest view (api_context.hpp): a TV in the hall
// gets the numbers and names, never a citizen's phone or ticket link.
void list(ApiContext& ctx, const Request& req, Respond respond) {
    ctx.reply(std::move(respond), [&ctx, caller = req.caller] {
        Json counters = Json::array();
        for (const auto& c : ctx.config().counters) {
            counters.push_back(ctx.counterJson(c.number, ticketViewFor(caller, c.number), seesStaffIds(caller)));
        }
        return jsonReply(bh::status::ok, Json{{"counters", std::move(counters)}});
    });
}

// A counter's queues are listed a page at a time: a long day's queue made
// every counter page fetch megabytes on each event. The first page is each
// field's next tickets in the order this counter would call them,
// `waiting` the true total, and `next_after` an opaque cursor for
// GET /counters/{n}/queues/{field}.
constexpr int defaultPage = 30;
constexpr int maxPage = 200;

Result<int> pageLimit(const Request& req) {
    std::string text = req.queryValue("limit");
    if (text.empty()) {
        return defaultPage;
    }
    int limit = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc{} || ptr != text.data() + text.size() || limit < 1 || limit > maxPage) {
        return makeError(ErrorCode::invalidArgument,
                         "'limit' must be 1 to " + std::to_string(maxPage));
    }
    return limit;
}

// The cursor as text: "<normal calls since a priority>.<priority key>.<normal key>",
// a key being "tier:order:id" or "-" when nothing was taken from that line yet.
std::string keyText(const std::optional<QueueKey>& k) {
    return !k ? "-"
              : std::to_string(static_cast<int>(k->tier)) + ":" + std::to_string(k->order) + ":" +
                    std::to_string(k->id);
}

std::string cursorText(const QueueCursor& c) {
    return std::to_string(c.normalSince) + "." + keyText(c.priority) + "." + keyText(c.normal);
}

template <typename T> bool parseWhole(std::string_view text, T& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

bool parseKey(std::string_view text, std::optional<QueueKey>& out) {
    if (text == "-") {
        out.reset();
        return true;
    }
    auto c1 = text.find(':');
    auto c2 = c1 == std::string_view::npos ? c1 : text.find(':', c1 + 1);
    if (c2 == std::string_view::npos) {
        return false;
    }
    int tier = 0;
    QueueKey k;
    if (!parseWhole(text.substr(0, c1), tier) || (tier != 0 && tier != 1) ||
        !parseWhole(text.substr(c1 + 1, c2 - c1 - 1), k.order) || !parseWhole(text.substr(c2 + 1), k.id)) {
        return false;
    }
    k.tier = static_cast<QueueTier>(tier);
    out = k;
    return true;
}

Result<std::optional<QueueCursor>> parseCursor(std::string_view text) {
    if (text.empty()) {
        return std::optional<QueueCursor>{};
    }
    auto d1 = text.find('.');
    auto d2 = d1 == std::string_view::npos ? d1 : text.find('.', d1 + 1);
    QueueCursor c;
    if (d2 == std::string_view::npos || !parseWhole(text.substr(0, d1), c.normalSince) || c.normalSince < 0 ||
        !parseKey(text.substr(d1 + 1, d2 - d1 - 1), c.priority) || !parseKey(text.substr(d2 + 1), c.normal)) {
        return makeError(ErrorCode::invalidArgument, "'after' must be a 'next_after' from an earlier page");
    }
    return std::optional<QueueCursor>{c};
}

// A page as counter `number`'s own calls would take it: its mixing rule,
// from where its count of normal calls stands now.
Json queuePage(ApiContext& ctx, int number, const std::string& fieldId, const std::optional<QueueCursor>& after,
               int limit) {
    const FieldConfig* f = ctx.config().field(fieldId);
    Json tickets = Json::array();
    std::optional<QueueCursor> next;
    std::size_t waiting = 0;
    std::size_t priorityWaiting = 0;
    if (const FieldQueue* q = ctx.engine().fieldQueue(fieldId)) {
        const auto& office = ctx.config().office;
        Interleave rule{office.priorityRule == PriorityRule::strict, office.priorityEvery};
        QueueCursor from;
        if (after) {
            from = *after;
        } else if (const Counter* c = ctx.engine().counter(number)) {
            from.normalSince = c->normalSincePriority;
        }
        QueuePage page = q->page(from, rule, static_cast<std::size_t>(limit));
        for (TicketId id : page.ids) {
            tickets.push_back(ctx.ticketJson(*ctx.engine().ticket(id), TicketView::full));
        }
        next = page.next;
        waiting = q->size();
        priorityWaiting = q->size(true);
    }
    return Json{{"field", fieldId},
                {"name", f != nullptr ? f->name : fieldId},
                {"waiting", waiting},
                {"priority_waiting", priorityWaiting},
                {"tickets", std::move(tickets)},
                {"next_after", next ? Json(cursorText(*next)) : Json(nullptr)}};
}

// The counter a listing asks for (the caller may see it) and its page size.
struct ListingRequest {
    int counter = 0;
    int limit = 0;
};

Result<ListingRequest> listingRequest(const Request& req) {
    auto n = parseCounterParam(req);
    if (!n) {
        return n.error();
    }
    if (auto st = checkCounterAccess(req, *n); !st) {
        return st.error();
    }
    auto limit = pageLimit(req);
    if (!limit) {
        return limit.error();
    }
    return ListingRequest{*n, *limit};
}

void detail(ApiContext& ctx, const Request& req, Respond respond) {
    auto lr = listingRequest(req);
    if (!lr) {
        return respond(errorReply(lr.error()));
    }
    ctx.reply(std::move(respond), [&ctx, number = lr->counter, limit = lr->limit] {
        const CounterConfig* cfg = ctx.config().counter(number);
        if (cfg == nullptr) {
            return errorReply(makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(number)));
        }
        Json queues = Json::array();
        for (const auto& fieldId : cfg->fields) {
            queues.push_back(queuePage(ctx, number, fieldId, std::nullopt, limit));
        }
        return jsonReply(bh::status::ok, Json{{"counter", ctx.counterJson(number)}, {"queues", std::move(queues)}});
    });
}

// GET /counters/{n}/queues/{field}?after=&limit=: a further page of one of its queues.
void queueMore(ApiContext& ctx, const Request& req, Respond respond) {
    auto lr = listingRequest(req);
    if (!lr) {
        return respond(errorReply(lr.error()));
    }
    auto after = parseCursor(req.queryValue("after"));
    if (!after) {
        return respond(errorReply(after.error()));
    }
    ctx.reply(std::move(respond), [&ctx, number = lr->counter, field = req.param("field"), limit = lr->limit,
                                   after = *after] {
        const CounterConfig* cfg = ctx.config().counter(number);
        if (cfg == nullptr) {
            return errorReply(makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(number)));
        }
        if (std::find(cfg->fields.begin(), cfg->fields.end(), field) == cfg->fields.end()) {
            return errorReply(makeError(ErrorCode::unknownField,
                                        "counter " + std::to_string(number) + " does not serve '" + field + "'"));
        }
        return jsonReply(bh::status::ok, queuePage(ctx, number, field, after, limit));
    });
}

// Builds the engine command for an action from the request, or says what is wrong.
using CommandFor = std::function<Result<Command>(const ApiContext&, const Request&, const Json&, int)>;

Result<Command> simple(Command c) { return c; }

Result<Command> openFor(const ApiContext&, const Request& req, const Json& body, int n) {
    if (req.caller.role == Role::staff) {
        return Command{OpenCounter{n, req.caller.id}};
    }
    auto staff = requireString(body, "staff", 64);
    if (!staff) {
        return staff.error();
    }
    return Command{OpenCounter{n, *staff}};
}

Result<Command> callFor(const ApiContext& ctx, const Request&, const Json& body, int n) {
    auto it = body.find("ticket");
    const Ticket* t = nullptr;
    if (it != body.end() && it->is_string()) {
        t = ctx.engine().ticketByCode(it->get<std::string>());
    } else if (it != body.end() && it->is_number_integer()) {
        t = ctx.engine().ticket(it->get<TicketId>());
    } else {
        return makeError(ErrorCode::invalidArgument, "'ticket' must be a ticket code or id");
    }
    if (t == nullptr) {
        return makeError(ErrorCode::unknownTicket, "no such ticket today");
    }
    return Command{CallTicket{n, t->id}};
}

Result<Command> transferFor(const ApiContext&, const Request&, const Json& body, int n) {
    auto field = requireString(body, "field", 64);
    if (!field) {
        return field.error();
    }
    return Command{Transfer{n, *field}};
}

// The expected return, so the counter's display and the TV can say when:
// "return_in_minutes" (1-480) or "return_at" ("HH:MM", later today), or neither.
Result<TimePoint> expectedReturn(const ApiContext& ctx, const Json& body, TimePoint now) {
    auto in = body.find("return_in_minutes");
    auto at = body.find("return_at");
    bool hasIn = in != body.end() && !in->is_null();
    bool hasAt = at != body.end() && !at->is_null();
    if (hasIn && hasAt) {
        return makeError(ErrorCode::invalidArgument,
                         "give 'return_in_minutes' or 'return_at', not both");
    }
    if (hasIn) {
        if (!in->is_number_integer() || in->get<long long>() < 1 || in->get<long long>() > 480) {
            return makeError(ErrorCode::invalidArgument, "'return_in_minutes' must be 1 to 480");
        }
        return now + std::chrono::minutes{in->get<int>()};
    }
    if (hasAt) {
        const std::string text = at->is_string() ? at->get<std::string>() : "";
        int h = -1, m = -1;
        bool shape = text.size() == 5 && text[2] == ':' &&
                     std::isdigit(static_cast<unsigned char>(text[0])) &&
                     std::isdigit(static_cast<unsigned char>(text[1])) &&
                     std::isdigit(static_cast<unsigned char>(text[3])) &&
                     std::isdigit(static_cast<unsigned char>(text[4]));
        if (shape) {
            h = (text[0] - '0') * 10 + (text[1] - '0');
            m = (text[3] - '0') * 10 + (text[4] - '0');
        }
        if (!shape || h > 23 || m > 59) {
            return makeError(ErrorCode::invalidArgument,
                             "'return_at' must be a time today as HH:MM");
        }
        TimePoint t = ctx.clock().instantOf(ctx.clock().localDay(now), h * 60 + m);
        if (t <= now) {
            return makeError(ErrorCode::invalidArgument,
                             "'return_at' " + text + " has already passed");
        }
        return t;
    }
    return TimePoint{};
}

Result<Command> pauseFor(const ApiContext& ctx, const Request&, const Json& body, int n) {
    auto reason = requireString(body, "reason", 64);
    if (!reason) {
        return reason.error();
    }
    auto until = expectedReturn(ctx, body, systemNow());
    if (!until) {
        return until.error();
    }
    return Command{Pause{n, *reason, *until}};
}

void action(ApiContext& ctx, const Request& req, Respond respond, const CommandFor& build) {
    auto n = parseCounterParam(req);
    if (!n) {
        return respond(errorReply(n.error()));
    }
    if (auto st = checkCounterAccess(req, *n); !st) {
        return respond(errorReply(st.error()));
    }
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto cmd = build(ctx, req, *body, *n);
    if (!cmd) {
        return respond(errorReply(cmd.error()));
    }
    bool transfer = std::holds_alternative<Transfer>(*cmd);
    ctx.run(*cmd, req.caller, [&ctx, number = *n, transfer, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        Json out{{"counter", ctx.counterJson(number)}};
        TicketId id = r->empty() ? 0 : r->front().ticketId;
        const Ticket* t = id != 0 ? ctx.engine().ticket(id) : nullptr;
        out["ticket"] = t != nullptr ? ctx.ticketJson(*t, TicketView::full) : Json(nullptr);
        if (transfer && t != nullptr && counterCapacity(ctx.engine(), t->field).counters == 0) {
            out["warning"] = "no_open_counter";
        }
        respond(jsonReply(bh::status::ok, out));
    });
}

} // namespace

void registerCounterRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/counters", {Role::staff, Role::display, Role::leader},
               [&ctx](const Request& r, Respond done) { list(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/counters/{n}", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { detail(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/counters/{n}/queues/{field}", {Role::staff, Role::leader},
               [&ctx](const Request& r, Respond done) { queueMore(ctx, r, std::move(done)); });

    auto fixed = [](auto make) -> CommandFor {
        return [make](const ApiContext&, const Request&, const Json&, int n) { return simple(make(n)); };
    };
    const std::pair<const char*, CommandFor> actions[] = {
        {"open", openFor},
        {"close", fixed([](int n) { return Command{CloseCounter{n}}; })},
        {"call-next", fixed([](int n) { return Command{CallNext{n}}; })},
        {"call", callFor},
        {"recall", fixed([](int n) { return Command{Recall{n}}; })},
        {"start", fixed([](int n) { return Command{StartService{n}}; })},
        {"finish", fixed([](int n) { return Command{FinishService{n}}; })},
        {"no-show", fixed([](int n) { return Command{MarkNoShow{n}}; })},
        {"park", fixed([](int n) { return Command{Park{n}}; })},
        {"transfer", transferFor},
        {"pause", pauseFor},
        {"resume", fixed([](int n) { return Command{Resume{n}}; })},
    };
    for (const auto& [name, build] : actions) {
        router.add(bh::verb::post, std::string("/api/v1/counters/{n}/") + name, {Role::staff},
                   [&ctx, build = build](const Request& r, Respond done) { action(ctx, r, std::move(done), build); });
    }
}

} // namespace qmsd::http
