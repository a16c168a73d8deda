// The voice on a loop: committed call events become announcements offered to
// TV pages one at a time, recalls are said again, other events are ignored.
#include "voice/voice_service.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <boost/asio/steady_timer.hpp>

#include <cmath>
#include <functional>

using namespace qmsd;
using namespace qmsd::voice;

namespace {

// Every fixed clip and the default template's phrases as short tones.
ClipLibrary toneClips() {
    std::map<std::string, Pcm> clips;
    std::vector<std::string> ids = fixedVocabulary();
    ids.insert(ids.end(), {"say_moi_cong_dan_co_so", "say_den_quay_so"});
    for (std::size_t k = 0; k < ids.size(); ++k) {
        Pcm p;
        p.sampleRate = 8000;
        for (int i = 0; i < 400; ++i) { // 50 ms
            p.samples.push_back(static_cast<std::int16_t>(5000 * std::sin(0.3 * i + k)));
        }
        clips[ids[k]] = p;
    }
    return *ClipLibrary::fromClips(std::move(clips));
}

Event ofKind(std::int64_t seq, EventKind kind, TicketId id, const std::string& code, int counter) {
    Event e;
    e.seq = seq;
    e.kind = kind;
    e.ticketId = id;
    e.code = code;
    e.counter = counter;
    return e;
}

Event called(std::int64_t seq, TicketId id, const std::string& code, int counter, bool recall = false) {
    Event e;
    e.seq = seq;
    e.kind = recall ? EventKind::ticketRecalled : EventKind::ticketCalled;
    e.ticketId = id;
    e.code = code;
    e.counter = counter;
    return e;
}

using OnHeard = std::function<void(VoiceService&, const AnnouncementReady&)>;

std::vector<AnnouncementReady> runService(const std::string& device, const std::vector<Event>& events,
                                          std::size_t expect, OnHeard onHeard = {}) {
    boost::asio::io_context io;
    auto guard = boost::asio::make_work_guard(io);
    VoiceSettings settings;
    settings.device = device;
    auto announcer = Announcer::create(settings, toneClips(), {});
    REQUIRE(announcer.ok());
    std::vector<AnnouncementReady> heard;
    std::unique_ptr<VoiceService> service;
    service = std::make_unique<VoiceService>(
        io, std::move(*announcer), settings,
        [&heard, &guard, &service, expect, onHeard](const AnnouncementReady& a) {
            heard.push_back(a);
            CHECK(service->audio(a.id) != nullptr); // fetchable while it plays
            if (onHeard) {
                onHeard(*service, a);
            }
            if (heard.size() == expect) {
                guard.reset();
            }
        },
        [](int n) { return "Quầy " + std::to_string(n); });
    service->onCommitted(events);
    // A safety net so a broken service fails the test instead of hanging it.
    boost::asio::steady_timer limit(io, std::chrono::seconds(30));
    limit.async_wait([&guard](const boost::system::error_code& ec) {
        if (!ec) {
            guard.reset();
        }
    });
    while (heard.size() < expect && !io.stopped()) {
        io.run_one();
    }
    limit.cancel();
    service.reset();
    return heard;
}

} // namespace

TEST_CASE("calls and a recall are announced in order, one at a time, for TV pages") {
    Event issued;
    issued.kind = EventKind::ticketIssued;
    issued.code = "A099";
    // The recall comes in while A012 is being announced: it is said again afterwards.
    const auto heard = runService("", {called(10, 1, "A012", 3), issued, called(11, 2, "B005", 4)}, 3,
                                  [](VoiceService& s, const AnnouncementReady& a) {
                                      if (a.eventSeq == 10) {
                                          s.onCommitted({called(12, 1, "A012", 3, true)});
                                      }
                                  });
    REQUIRE(heard.size() == 3);
    CHECK(heard[0].text == "Mời công dân có số a mười hai đến quầy số ba");
    CHECK(heard[0].eventSeq == 10);
    CHECK(heard[1].text == "Mời công dân có số bê năm đến quầy số bốn");
    CHECK(heard[2].code == "A012");
    CHECK(heard[2].recall);
    CHECK(heard[2].eventSeq == 12);
    CHECK(heard[0].durationMs > 0);
}

TEST_CASE("with a sound device the announcements are played there too") {
    const auto heard = runService("null", {called(1, 1, "C1", 1), called(2, 2, "C2", 2)}, 2);
    REQUIRE(heard.size() == 2);
    CHECK(heard[1].code == "C2");
}

TEST_CASE("a device that reports back early does not let the next announcement start over it") {
    // ALSA's null device takes the samples at once; TV pages still play the
    // whole WAV, so the next call waits its full length and the pause.
    std::vector<std::chrono::steady_clock::time_point> at;
    const auto heard = runService("null", {called(1, 1, "C1", 1), called(2, 2, "C2", 2)}, 2,
                                  [&at](VoiceService&, const AnnouncementReady&) {
                                      at.push_back(std::chrono::steady_clock::now());
                                  });
    REQUIRE(at.size() == 2);
    CHECK(at[1] - at[0] >= Millis{heard[0].durationMs} + VoiceService::kPause);
}

TEST_CASE("a call that stopped being true while it waited is never said") {
    // The demo's complaint: a recall of A011 spoken 5 s after A011 had been
    // transferred away. While A010 plays, A011 is recalled and then
    // transferred, A012 is called and its citizen already reached the counter
    // (started), and B005 is called: only B005 is still true when A010 ends.
    const auto heard = runService(
        "", {called(1, 10, "A010", 2), called(2, 11, "A011", 3)}, 2, [](VoiceService& s, const AnnouncementReady& a) {
            if (a.eventSeq == 1) {
                s.onCommitted({called(3, 11, "A011", 3, true), ofKind(4, EventKind::ticketTransferred, 11, "A011", 3)});
                s.onCommitted({called(5, 12, "A012", 1), ofKind(6, EventKind::ticketStarted, 12, "A012", 1)});
                s.onCommitted({called(7, 13, "B005", 4)});
            }
        });
    REQUIRE(heard.size() == 2);
    CHECK(heard[0].code == "A010");
    CHECK(heard[1].code == "B005");
    CHECK(heard[1].eventSeq == 7);
}

TEST_CASE("a no-show, a finish, a park or a cancel withdraw the ticket's waiting call too") {
    for (EventKind k : {EventKind::ticketNoShow, EventKind::ticketFinished, EventKind::ticketParked,
                        EventKind::ticketCancelled, EventKind::ticketExpired}) {
        const auto heard = runService("", {called(1, 10, "A010", 2), called(2, 11, "A011", 3)}, 2,
                                      [k](VoiceService& s, const AnnouncementReady& a) {
                                          if (a.eventSeq == 1) {
                                              s.onCommitted({ofKind(3, k, 11, "A011", 3), called(4, 13, "B005", 4)});
                                          }
                                      });
        REQUIRE(heard.size() == 2);
        CHECK(heard[1].code == "B005");
    }
}
