#pragma once
// The JSON views of citizens' ratings: the form a phone or rating screen
// shows, what a counter's rating screen shows now, one rating as the leader
// sees it (with the citizen's comment), and the live alert a "Không hài lòng"
// raises on the leader's stream.
#include "config/office_config.hpp"
#include "engine/event.hpp"
#include "http/json.hpp"

#include <optional>
#include <vector>

namespace qmsd::http {

struct ApiContext;

// {"levels":[{"id","vi","en"}],"questions":[{"id","element","text","text_en"}],"comment_max_chars"}
Json ratingFormJson(const OfficeConfig& cfg);

// What counter `number`'s rating screen shows (daemon/http/README.md,
// "Ratings"): "rate" while the service it just gave may be rated there,
// "rated" once it was (from any channel), else "serving"/"calling" the next
// citizen, "paused", "idle" or "closed". Without "now" (the stream sends only
// changes; the message adds it).
Json ratingScreenJson(const ApiContext& ctx, int number, TimePoint now);

// A ticket_rated event as the leader sees it, with the follow-ups found in
// `followUps` (rating_followed_up events of the same day).
Json ratingJson(const ApiContext& ctx, const Event& rated, const std::vector<Event>& followUps = {});

// {"type":"rating_alert","rating":…} for a "Không hài lòng", null otherwise;
// {"type":"rating_followed_up",…} for a follow-up.
std::optional<Json> ratingLeaderMessage(const ApiContext& ctx, const Event& e);

} // namespace qmsd::http
