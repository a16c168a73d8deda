#include "http/rating_views.hpp"

#include "engine/rating.hpp"
#include "http/api_context.hpp"

namespace qmsd::http {
namespace {

Json levelJson(int level) { return level == 0 ? Json(nullptr) : Json(ratingLevelName(level)); }

std::string fieldName(const OfficeConfig& cfg, const std::string& id) {
    const FieldConfig* f = cfg.field(id);
    return f != nullptr ? f->name : id;
}

// The ticket as the citizen at the desk sees it: code and field, nothing else.
Json screenTicket(const ApiContext& ctx, const Ticket& t) {
    return Json{{"id", t.id},
                {"code", t.code},
                {"field", t.field},
                {"field_name", fieldName(ctx.config(), t.field)},
                {"ended_at", t.endedAt() == TimePoint{} ? Json(nullptr) : Json(ctx.time(t.endedAt()))}};
}

} // namespace

Json ratingFormJson(const OfficeConfig& cfg) {
    Json levels = Json::array();
    for (int level = kRatingLevels; level >= 1; --level) { // best first, as the form shows them
        levels.push_back(Json{{"id", ratingLevelName(level)}, {"vi", ratingLevelVi(level)}, {"en", ratingLevelEn(level)}});
    }
    Json questions = Json::array();
    for (const auto& q : cfg.ratingQuestions) {
        questions.push_back(Json{{"id", q.id}, {"element", q.element}, {"text", q.text}, {"text_en", q.textEn}});
    }
    return Json{{"levels", std::move(levels)},
                {"questions", std::move(questions)},
                {"comment_max_chars", cfg.rating.commentMaxChars},
                {"counter_minutes", cfg.rating.counterMinutes}};
}

Json ratingScreenJson(const ApiContext& ctx, int number, TimePoint now) {
    const QueueEngine& engine = ctx.engine();
    const Counter* c = engine.counter(number);
    Json j{{"counter", number}, {"counter_name", ctx.config().counterName(number)}};
    j["staff_name"] =
        c != nullptr && c->open && !c->staff.empty() ? Json(ctx.config().staffName(c->staff)) : Json(nullptr);
    const Ticket* active = c != nullptr && c->activeTicket != 0 ? engine.ticket(c->activeTicket) : nullptr;
    const Ticket* last = engine.lastFinishedAt(number);
    // The citizen just served stays in front of the screen until the next
    // one sits down (service started), the counter's window ends, or they rate.
    bool nextSeated = active != nullptr && active->state == TicketState::serving;
    if (last != nullptr && !nextSeated && now <= engine.counterRatingUntil(*last)) {
        j["state"] = last->rating == 0 ? "rate" : "rated";
        j["ticket"] = screenTicket(ctx, *last);
        j["rate_until"] = ctx.time(engine.counterRatingUntil(*last));
        return j;
    }
    j["rate_until"] = nullptr;
    CounterState state = engine.counterState(number);
    if (active != nullptr && (state == CounterState::serving || state == CounterState::calling)) {
        j["state"] = counterStateName(state);
        j["ticket"] = screenTicket(ctx, *active);
        return j;
    }
    j["state"] = state == CounterState::paused ? "paused" : state == CounterState::closed ? "closed" : "idle";
    j["ticket"] = nullptr;
    return j;
}

Json ratingJson(const ApiContext& ctx, const Event& e, const std::vector<Event>& followUps) {
    const OfficeConfig& cfg = ctx.config();
    int level = ratingLevelOf(e.number, e.reason);
    Json answers = Json::object();
    for (const auto& [id, answer] : decodeAnswers(e.answers)) {
        answers[id] = ratingLevelName(answer);
    }
    Json notes = Json::array();
    for (const auto& f : followUps) {
        if (f.kind == EventKind::ratingFollowedUp && f.ticketId == e.ticketId) {
            notes.push_back(Json{{"at", ctx.time(f.at)}, {"actor", orNull(f.actor)}, {"note", f.comment}});
        }
    }
    return Json{{"seq", e.seq},
                {"at", ctx.time(e.at)},
                {"day", e.day},
                {"ticket", e.ticketId},
                {"code", orNull(e.code)},
                {"field", orNull(e.field)},
                {"field_name", e.field.empty() ? Json(nullptr) : Json(fieldName(cfg, e.field))},
                {"counter", e.counter == 0 ? Json(nullptr) : Json(e.counter)},
                {"counter_name", e.counter == 0 ? Json(nullptr) : Json(cfg.counterName(e.counter))},
                {"staff", orNull(e.staff)},
                {"staff_name", e.staff.empty() ? Json(nullptr) : Json(cfg.staffName(e.staff))},
                {"level", levelJson(level)},
                {"level_vi", level == 0 ? Json(nullptr) : Json(ratingLevelVi(level))},
                {"channel", e.reason.empty() ? "box" : e.reason},
                {"answers", std::move(answers)},
                {"comment", orNull(e.comment)},
                {"follow_ups", std::move(notes)}};
}

std::optional<Json> ratingLeaderMessage(const ApiContext& ctx, const Event& e) {
    if (e.kind == EventKind::ticketRated && ratingLevelOf(e.number, e.reason) == static_cast<int>(RatingLevel::dissatisfied)) {
        return Json{{"type", "rating_alert"}, {"rating", ratingJson(ctx, e)}};
    }
    if (e.kind == EventKind::ratingFollowedUp) {
        return Json{{"type", "rating_followed_up"},
                    {"ticket", e.ticketId},
                    {"code", orNull(e.code)},
                    {"at", ctx.time(e.at)},
                    {"actor", orNull(e.actor)},
                    {"note", e.comment}};
    }
    return std::nullopt;
}

} // namespace qmsd::http
