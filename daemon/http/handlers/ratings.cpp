// Citizens' ratings (SIPAS): the form, a phone rating the ticket whose public
// id it holds, a counter's citizen-facing rating screen, and the leader's
// list of the day's ratings with comments and follow-ups. One rating per
// ticket, whichever of phone, screen and rating box comes first; the engine
// decides (engine/plan_rating.cpp) and the reply comes after the commit.
#include "engine/rating.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/rating_views.hpp"
#include "http/reply.hpp"

#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

namespace {

std::string trim(const std::string& s) {
    auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

Result<int> levelOf(const Json& value, const std::string& key) {
    if (!value.is_string()) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + key + "' must be very_satisfied, satisfied, neutral or dissatisfied");
    }
    auto level = parseRatingLevel(value.get<std::string>());
    if (!level) {
        return makeError(ErrorCode::invalidArgument, "'" + key + "' must be very_satisfied, satisfied, neutral or "
                                                     "dissatisfied, got '" + value.get<std::string>() + "'");
    }
    return *level;
}

// {"level", "answers"?: {question: level}, "comment"?} → the command's rating part.
Result<RateTicket> ratingFrom(const Json& body) {
    RateTicket r;
    auto level = body.find("level");
    if (level == body.end() || level->is_null()) {
        return makeError(ErrorCode::invalidArgument, "'level' is required");
    }
    auto l = levelOf(*level, "level");
    if (!l) {
        return l.error();
    }
    r.level = *l;
    if (auto a = body.find("answers"); a != body.end() && !a->is_null()) {
        if (!a->is_object()) {
            return makeError(ErrorCode::invalidArgument, "'answers' must be an object {question: level}");
        }
        for (const auto& [id, value] : a->items()) {
            if (value.is_null()) {
                continue; // a question left unanswered
            }
            auto answer = levelOf(value, "answers." + id);
            if (!answer) {
                return answer.error();
            }
            r.answers[id] = *answer;
        }
    }
    auto comment = optionalString(body, "comment", 16 * 1024); // the engine checks characters and UTF-8
    if (!comment) {
        return comment.error();
    }
    r.comment = trim(*comment);
    return r;
}

void replyRated(ApiContext& ctx, Respond respond, TicketId id) {
    const Ticket* t = ctx.engine().ticket(id);
    respond(jsonReply(bh::status::created,
                      Json{{"rated", true}, {"code", t->code}, {"level", ratingLevelName(t->rating)}}));
}

// POST /tickets/{public_id}/rating: the phone holding the ticket's public id.
void ratePhone(ApiContext& ctx, const Request& req, Respond respond) {
    // Public routes are open to every token (api.cpp), but a rating is the
    // citizen's: staff, kiosks, the leader or an admin cannot give it for them.
    if (req.caller.role != Role::anonymous) {
        return respond(errorReply(makeError(ErrorCode::forbidden, "only the citizen's phone rates a ticket; the " +
                                                                      std::string(roleName(req.caller.role)) +
                                                                      " role may not")));
    }
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto rating = ratingFrom(*body);
    if (!rating) {
        return respond(errorReply(rating.error()));
    }
    std::string publicId = req.param("public_id");
    const Ticket* t = ctx.engine().ticketByPublicId(publicId);
    if (t == nullptr) {
        // Another day's ticket: its day is over; anything else is unknown.
        auto day = ctx.daemon.store().dayOfPublicId(publicId);
        if (day && day->has_value()) {
            return respond(errorReply(makeError(ErrorCode::ratingClosed,
                                                "that ticket is of " + **day + "; a service is rated the same day")));
        }
        return respond(errorReply(makeError(ErrorCode::unknownTicket, "no ticket with that id today")));
    }
    rating->ticket = t->id;
    rating->channel = RatingChannel::phone;
    ctx.run(*rating, req.caller, [&ctx, id = t->id, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        replyRated(ctx, respond, id);
    });
}

Status checkScreenAccess(const Request& req, int counter) {
    if (req.caller.role == Role::ratingScreen && req.caller.counter != counter) {
        return makeError(ErrorCode::forbidden, "this rating screen faces counter " +
                                                   std::to_string(req.caller.counter) + ", not " +
                                                   std::to_string(counter));
    }
    return Ok{};
}

// POST /counters/{n}/rating: the counter's rating screen, for the ticket it shows.
void rateScreen(ApiContext& ctx, const Request& req, Respond respond) {
    auto n = parseCounterParam(req);
    if (!n) {
        return respond(errorReply(n.error()));
    }
    if (auto st = checkScreenAccess(req, *n); !st) {
        return respond(errorReply(st.error()));
    }
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto ticket = body->find("ticket");
    if (ticket == body->end() || !ticket->is_number_integer()) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'ticket' must be the ticket's id")));
    }
    auto rating = ratingFrom(*body);
    if (!rating) {
        return respond(errorReply(rating.error()));
    }
    rating->ticket = ticket->get<TicketId>();
    rating->channel = RatingChannel::screen;
    rating->counter = *n;
    ctx.run(*rating, req.caller, [&ctx, id = rating->ticket, respond = std::move(respond)](const Result<Events>& r) {
        if (!r) {
            return respond(errorReply(r.error()));
        }
        replyRated(ctx, respond, id);
    });
}

// GET /counters/{n}/rating-screen, or /rating-screen for the screen's own
// counter (the page's first call: it also tells a screen its token works).
void screenView(ApiContext& ctx, const Request& req, Respond respond, bool ownCounter) {
    auto n = ownCounter ? Result<int>(req.caller.counter) : parseCounterParam(req);
    if (!n) {
        return respond(errorReply(n.error()));
    }
    if (auto st = checkScreenAccess(req, *n); !st) {
        return respond(errorReply(st.error()));
    }
    if (ctx.config().counter(*n) == nullptr) {
        return respond(errorReply(makeError(ErrorCode::unknownCounter, "no counter " + std::to_string(*n))));
    }
    ctx.reply(std::move(respond), [&ctx, number = *n] {
        TimePoint now = systemNow();
        Json view = ratingScreenJson(ctx, number, now);
        view["now"] = ctx.time(now);
        return jsonReply(bh::status::ok, Json{{"screen", std::move(view)}, {"form", ratingFormJson(ctx.config())}});
    });
}

// GET /ratings?day=&level=: the day's ratings for the leader, comments included.
void list(ApiContext& ctx, const Request& req, Respond respond) {
    std::string day = req.queryValue("day").empty() ? ctx.engine().day() : req.queryValue("day");
    if (!isValidDay(day)) {
        return respond(errorReply(makeError(ErrorCode::invalidArgument, "'day' must be YYYY-MM-DD")));
    }
    int level = 0;
    if (std::string l = req.queryValue("level"); !l.empty()) {
        auto parsed = parseRatingLevel(l);
        if (!parsed) {
            return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                                "'level' must be very_satisfied, satisfied, neutral or dissatisfied")));
        }
        level = *parsed;
    }
    ctx.reply(std::move(respond), [&ctx, day, level] {
        auto events = ctx.daemon.store().ratingEvents(day);
        if (!events) {
            return errorReply(events.error());
        }
        Json list = Json::array();
        std::array<int, kRatingLevels + 1> counts{};
        int followedUp = 0;
        for (const auto& e : *events) {
            if (e.kind != EventKind::ticketRated) {
                continue;
            }
            int l = ratingLevelOf(e.number, e.reason);
            ++counts[static_cast<std::size_t>(l)];
            Json r = ratingJson(ctx, e, *events);
            followedUp += r["follow_ups"].empty() ? 0 : 1;
            if (level == 0 || l == level) {
                list.push_back(std::move(r));
            }
        }
        Json byLevel = Json::object();
        for (int l = kRatingLevels; l >= 1; --l) {
            byLevel[std::string(ratingLevelName(l))] = counts[static_cast<std::size_t>(l)];
        }
        return jsonReply(bh::status::ok, Json{{"day", day},
                                              {"levels", std::move(byLevel)},
                                              {"followed_up", followedUp},
                                              {"ratings", std::move(list)}});
    });
}

// POST /ratings/{ticket}/follow-up {"note"}: how the leader followed a rating up.
void followUp(ApiContext& ctx, const Request& req, Respond respond) {
    auto body = req.jsonBody();
    if (!body) {
        return respond(errorReply(body.error()));
    }
    auto note = optionalString(*body, "note", 16 * 1024);
    if (!note) {
        return respond(errorReply(note.error()));
    }
    std::string ref = req.param("ticket");
    const Ticket* t = ctx.engine().ticketByCode(ref);
    if (t == nullptr) {
        TicketId id = 0;
        auto [ptr, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
        t = ec == std::errc{} && ptr == ref.data() + ref.size() ? ctx.engine().ticket(id) : nullptr;
    }
    if (t == nullptr) {
        return respond(errorReply(makeError(ErrorCode::unknownTicket, "no ticket '" + ref + "' today")));
    }
    ctx.run(FollowUpRating{t->id, trim(*note)}, req.caller,
            [&ctx, id = t->id, respond = std::move(respond)](const Result<Events>& r) {
                if (!r) {
                    return respond(errorReply(r.error()));
                }
                const Ticket* done = ctx.engine().ticket(id);
                respond(jsonReply(bh::status::ok, Json{{"code", done->code}, {"follow_ups", done->followUps}}));
            });
}

} // namespace

void registerRatingRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/rating-form",
               {Role::anonymous, Role::kiosk, Role::display, Role::staff, Role::leader, Role::ratingScreen},
               [&ctx](const Request&, Respond done) { done(jsonReply(bh::status::ok, ratingFormJson(ctx.config()))); });
    // The public id in the path is the key: only the phone holding the ticket can rate it.
    router.add(bh::verb::post, "/api/v1/tickets/{public_id}/rating", {Role::anonymous},
               [&ctx](const Request& r, Respond done) { ratePhone(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/counters/{n}/rating-screen", {Role::ratingScreen, Role::leader},
               [&ctx](const Request& r, Respond done) { screenView(ctx, r, std::move(done), false); });
    router.add(bh::verb::get, "/api/v1/rating-screen", {Role::ratingScreen},
               [&ctx](const Request& r, Respond done) { screenView(ctx, r, std::move(done), true); });
    router.add(bh::verb::post, "/api/v1/counters/{n}/rating", {Role::ratingScreen},
               [&ctx](const Request& r, Respond done) { rateScreen(ctx, r, std::move(done)); });
    router.add(bh::verb::get, "/api/v1/ratings", {Role::leader},
               [&ctx](const Request& r, Respond done) { list(ctx, r, std::move(done)); });
    router.add(bh::verb::post, "/api/v1/ratings/{ticket}/follow-up", {Role::leader},
               [&ctx](const Request& r, Respond done) { followUp(ctx, r, std::move(done)); });
}

} // namespace qmsd::http
