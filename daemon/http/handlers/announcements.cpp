// GET /announcements/{id}: a recent spoken call as a WAV file, for TV pages
// that play the announcement on their own speakers. The live stream says
// when one is ready ({"type":"announcement", "url"...}); the daemon's queue
// spaces them, so TVs never speak two at once either.
#include "app/daemon.hpp"
#include "http/api_context.hpp"
#include "http/handlers/handlers.hpp"
#include "http/reply.hpp"
#include "voice/voice_service.hpp"
#include "voice/wav_file.hpp"

#include <charconv>

namespace qmsd::http {

namespace bh = boost::beast::http;

void registerAnnouncementRoutes(Router& router, ApiContext& ctx) {
    router.add(bh::verb::get, "/api/v1/announcements/{id}", {Role::display, Role::leader},
               [&ctx](const Request& req, Respond respond) {
                   std::string text = req.param("id");
                   std::int64_t id = 0;
                   auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
                   if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
                       return respond(errorReply(makeError(ErrorCode::invalidArgument,
                                                           "id: an announcement number, got '" + text + "'")));
                   }
                   const voice::VoiceService* voice = ctx.daemon.voice();
                   auto pcm = voice != nullptr ? voice->audio(id) : nullptr;
                   if (pcm == nullptr) {
                       return respond(errorReply(makeError(
                           ErrorCode::notFound, "announcement " + text + " is not among the recent ones")));
                   }
                   auto wav = voice::encodeWav(*pcm);
                   respond(bytesReply(std::string(wav.begin(), wav.end()), "audio/wav",
                                      "announcement-" + text + ".wav", false));
               });
}

} // namespace qmsd::http
