// The gammu-smsd spool against the real gammu-smsd with its dummy phone
// (SERVICES.md). The dummy phone keeps nothing of what it sends (its SendSMS
// only reports success), so the coding is read from gammu-smsd's debug log:
// "Found 1 sms to "<number>" ... cod <n>", where 1 is UCS-2 and 3 the GSM
// default alphabet.
#include "messages/gammu_spool.hpp"
#include "support/child_process.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

using namespace qmsd;
using namespace qmsd::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr const char* kGammuSmsd = "/usr/bin/gammu-smsd";
const std::string kVietnamese = "Mời công dân số A012 đến quầy 3. Xin cảm ơn!";
const std::string kAscii = "Moi cong dan so A013 den quay 4";

struct SmsdDir {
    SmsdDir() {
        char tmpl[] = "/tmp/qmsd-gammu-XXXXXX";
        root = ::mkdtemp(tmpl);
        for (const char* d : {"inbox", "outbox", "sent", "error", "dummy/sms/1", "dummy/sms/2",
                              "dummy/sms/3", "dummy/sms/4", "dummy/sms/5"}) {
            fs::create_directories(root / d);
        }
    }
    ~SmsdDir() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
    std::string path(const char* sub) const { return (root / sub).string() + "/"; }
    GammuSpoolOptions options() const { return {path("outbox"), path("sent"), path("error")}; }

    // transmitformat = auto is what qmsd needs (see gammu_spool.hpp); `7bit`
    // is gammu-smsd's own default. debuglevel 255 logs the coding chosen.
    std::string writeConfig(const std::string& transmitFormat) const {
        std::string rc = "[gammu]\ndevice = " + path("dummy") +
                         "\nmodel = dummy\nconnection = none\n" +
                         "[smsd]\nservice = files\ninboxpath = " + path("inbox") +
                         "\noutboxpath = " + path("outbox") + "\nsentsmspath = " + path("sent") +
                         "\nerrorsmspath = " + path("error") + "\nlogfile = " + log() +
                         "\ncommtimeout = 1\nloopsleep = 1\ndebuglevel = 255\n";
        if (!transmitFormat.empty()) {
            rc += "transmitformat = " + transmitFormat + "\n";
        }
        writeFile((root / "smsdrc").string(), rc);
        return (root / "smsdrc").string();
    }
    std::string log() const { return (root / "smsd.log").string(); }

    fs::path root;
};

void requireGammuSmsd() {
    if (::access(kGammuSmsd, X_OK) != 0) {
        FAIL("gammu-smsd is not installed: apt-get install gammu gammu-smsd (tools/setup.sh "
             "TEST_PACKAGES)");
    }
}

// Runs gammu-smsd in the foreground (no -d) so the test is its parent and
// can wait for it after SIGTERM.
struct Smsd {
    Smsd(const SmsdDir& dir, const std::string& transmitFormat)
        : child({kGammuSmsd, "-c", dir.writeConfig(transmitFormat), "-p",
                 (dir.root / "pid").string()},
                (dir.root / "smsd.out").string()) {
        REQUIRE(waitForText(dir.log(), "Starting phone communication", 10s));
    }
    ~Smsd() {
        child.signal(SIGTERM);
        int status = child.wait(10s);
        CHECK(status != -1);
    }
    ChildProcess child;
};

DeliveryState waitUntilSent(MessageTransport& t, std::int64_t id) {
    auto deadline = std::chrono::steady_clock::now() + 20s;
    DeliveryState s = t.status(id).state;
    while (s != DeliveryState::sent && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
        s = t.status(id).state;
    }
    return s;
}

std::string lineWith(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    if (at == std::string::npos) {
        return "";
    }
    return text.substr(at, text.find('\n', at) - at);
}

int filesTagged(const SmsdDir& dir, const std::string& tag) {
    int n = 0;
    for (const char* sub : {"outbox", "sent", "error"}) {
        for (const auto& e : fs::directory_iterator(dir.root / sub)) {
            n += e.path().filename().string().find(tag) != std::string::npos ? 1 : 0;
        }
    }
    return n;
}

std::string utf16le(const std::u16string& s) {
    std::string out = "\xFF\xFE";
    for (char16_t c : s) {
        out.push_back(static_cast<char>(c & 0xFF));
        out.push_back(static_cast<char>(c >> 8));
    }
    return out;
}

} // namespace

TEST_CASE("gammu-smsd sends what the spool hands over, Vietnamese as UCS-2", "[messages][gammu]") {
    requireGammuSmsd();
    SmsdDir dir;
    Smsd smsd(dir, "auto");
    auto spool = makeGammuSpool(dir.options());
    CHECK(spool->name() == "gammu");

    auto vi = spool->send({101, "0901234567", kVietnamese, "called"});
    auto en = spool->send({102, "0907654321", kAscii, "called"});
    REQUIRE(vi.result == HandoffResult::accepted);
    REQUIRE(en.result == HandoffResult::accepted);

    REQUIRE(waitUntilSent(*spool, 101) == DeliveryState::sent);
    REQUIRE(waitUntilSent(*spool, 102) == DeliveryState::sent);
    std::string log = readFile(dir.log());
    INFO(log);
    CHECK(lineWith(log, "Transmitted OUTB").find("_0901234567_qmsd101.txt") != std::string::npos);
    CHECK(lineWith(log, "_qmsd101.txt (total: 1) to ").find("to 0901234567") != std::string::npos);
    CHECK(lineWith(log, "_qmsd102.txt (total: 1) to ").find("to 0907654321") != std::string::npos);
    CHECK(lineWith(log, "Found 1 sms to \"0901234567\"").find(" cod 1 ") != std::string::npos);
    CHECK(lineWith(log, "Found 1 sms to \"0907654321\"").find(" cod 3 ") != std::string::npos);

    // gammu-smsd moves the file under the same name and leaves our bytes alone.
    std::string sentVi;
    for (const auto& e : fs::directory_iterator(dir.root / "sent")) {
        if (e.path().filename().string().find("_qmsd101.txt") != std::string::npos) {
            sentVi = readFile(e.path().string());
            CHECK(e.path().filename().string().rfind("OUTB", 0) == 0);
        }
    }
    CHECK(sentVi == utf16le(u"Mời công dân số A012 đến quầy 3. Xin cảm ơn!"));

    SECTION("the same id again queues nothing") {
        auto again = spool->send({101, "0901234567", kVietnamese, "called"});
        CHECK(again.result == HandoffResult::accepted);
        CHECK(again.why.find("already") != std::string::npos);
        std::this_thread::sleep_for(2500ms); // two of gammu-smsd's loops
        CHECK(filesTagged(dir, "_qmsd101.") == 1);
        std::string later = readFile(dir.log());
        std::size_t sends = 0;
        for (auto at = later.find("_qmsd101.txt (total"); at != std::string::npos;
             at = later.find("_qmsd101.txt (total", at + 1)) {
            ++sends;
        }
        CHECK(sends == 1);
    }
}

TEST_CASE("gammu-smsd's own default (7bit) sends Vietnamese in the GSM alphabet",
          "[messages][gammu]") {
    // Pins the reason gammu_spool.hpp asks for transmitformat = auto.
    requireGammuSmsd();
    SmsdDir dir;
    Smsd smsd(dir, "");
    auto spool = makeGammuSpool(dir.options());
    REQUIRE(spool->send({7, "0901234567", kVietnamese, "called"}).result ==
            HandoffResult::accepted);
    REQUIRE(waitUntilSent(*spool, 7) == DeliveryState::sent);
    CHECK(lineWith(readFile(dir.log()), "Found 1 sms to \"0901234567\"").find(" cod 3 ") !=
          std::string::npos);
}

TEST_CASE("a file gammu-smsd cannot send ends in error/ and reads as failed", "[messages][gammu]") {
    requireGammuSmsd();
    SmsdDir dir;
    // One '_' short of OUT<prio><date>_<time>_<serial>_<to>_<note>: gammu-smsd
    // cannot find the number and moves the file to error/ under the same name.
    writeFile(dir.path("outbox") + "OUTB20260101_120000_0901234567_qmsd9.txt", "hello");
    auto spool = makeGammuSpool(dir.options());
    CHECK(spool->status(9).state == DeliveryState::pending);
    Smsd smsd(dir, "auto");
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (spool->status(9).state == DeliveryState::pending &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
    }
    auto d = spool->status(9);
    CHECK(d.state == DeliveryState::failed);
    CHECK(d.why == "gammu-smsd moved it to " + dir.path("error"));
    CHECK(fs::exists(dir.path("error") + "OUTB20260101_120000_0901234567_qmsd9.txt"));
}

TEST_CASE("the spool without gammu-smsd running", "[messages][gammu]") {
    SmsdDir dir;
    auto spool = makeGammuSpool(dir.options());

    SECTION("a message waits in the outbox under a name gammu-smsd reads") {
        REQUIRE(spool->send({5, "+84901234567", "Hello", "called"}).result ==
                HandoffResult::accepted);
        CHECK(spool->status(5).state == DeliveryState::pending);
        CHECK(spool->status(55).state == DeliveryState::unknown);
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir.root / "outbox")) {
            names.push_back(e.path().filename().string());
        }
        REQUIRE(names.size() == 1); // no temp file left behind
        CHECK(names[0].rfind("OUTB", 0) == 0);
        CHECK(names[0].size() ==
              std::string("OUTByyyymmdd_hhmmss_00_+84901234567_qmsd5.txt").size());
        CHECK(names[0].find("_00_+84901234567_qmsd5.txt") != std::string::npos);
        CHECK(readFile(dir.path("outbox") + names[0]) == "Hello"); // ASCII stays plain
    }
    SECTION("the same id twice leaves one file") {
        REQUIRE(spool->send({6, "0901234567", kVietnamese, "called"}).result ==
                HandoffResult::accepted);
        auto again = spool->send({6, "0901234567", kVietnamese, "called"});
        CHECK(again.result == HandoffResult::accepted);
        CHECK(filesTagged(dir, "_qmsd6.") == 1);
        CHECK(filesTagged(dir, "_qmsd6") == 1); // and not confused with id 60
        REQUIRE(spool->send({60, "0901234567", "x", "called"}).result == HandoffResult::accepted);
        CHECK(filesTagged(dir, "_qmsd6.") == 1);
    }
    SECTION("a missing outbox is a retry naming the folder") {
        fs::remove_all(dir.root / "outbox");
        auto h = spool->send({7, "0901234567", "Hello", "called"});
        CHECK(h.result == HandoffResult::retry);
        CHECK(h.why.find(dir.path("outbox")) != std::string::npos);
        CHECK(h.why.find("No such file or directory") != std::string::npos);
    }
    SECTION("a number that cannot go into a file name is rejected") {
        CHECK(spool->send({8, "09_0/1", "Hello", "called"}).result == HandoffResult::rejected);
        CHECK(spool->send({8, "", "Hello", "called"}).result == HandoffResult::rejected);
    }
    SECTION("text that is not UTF-8 is rejected") {
        CHECK(spool->send({9, "0901234567", "caf\xC3", "called"}).result ==
              HandoffResult::rejected);
    }
}
