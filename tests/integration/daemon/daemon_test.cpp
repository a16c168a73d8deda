// The real qmsd binary: refusing a bad config (exit 2), a read-only store and
// a taken port (exit 1) at start-up, telling systemd it is ready, reloading on SIGHUP (keeping the running config when the new file
// is bad), stopping cleanly on SIGTERM, and coming back after SIGKILL.
#include "store/store.hpp"
#include "support/child_process.hpp"
#include "support/test_office.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <regex>
#include <thread>

using namespace qmsd;
using namespace qmsd::test;
using namespace std::chrono_literals;

namespace {

// The demo office, opened all day so the test does not depend on the hour.
std::string demoOfficeOpenAllDay() {
    std::string text = readFile(std::string(QMSD_SOURCE_DIR) + "/config/demo-office.toml");
    text = std::regex_replace(text, std::regex(R"((\n(mon|tue|wed|thu|fri|sat|sun) *)= [^\n]*)"),
                              "$1= [\"00:00-24:00\"]");
    text = std::regex_replace(text, std::regex(R"(\ncutoff_minutes *= *\d+)"), "\ncutoff_minutes = 0");
    return std::regex_replace(text, std::regex(R"(\nclosed_dates = \[[^\]]*\])"), "");
}

// A datagram socket standing in for systemd's $NOTIFY_SOCKET.
class NotifySocket {
  public:
    explicit NotifySocket(const std::string& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        timeval tv{0, 200 * 1000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~NotifySocket() { ::close(fd_); }
    // Collects messages until one contains `needle` or the timeout passes.
    bool waitFor(const std::string& needle, std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            char buf[512];
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n > 0) {
                received_ += std::string(buf, static_cast<std::size_t>(n)) + "\n";
                if (received_.find(needle) != std::string::npos) {
                    return true;
                }
            }
        }
        return false;
    }
    const std::string& received() const { return received_; }

  private:
    std::string path_;
    int fd_ = -1;
    std::string received_;
};

struct DaemonFixture {
    TempDir dir;
    std::string config = dir.file("office.toml");
    std::string log = dir.file("qmsd.log");
    std::string data = dir.file("data");

    DaemonFixture() { writeFile(config, demoOfficeOpenAllDay()); }
    std::vector<std::string> args(bool simulate = false) const {
        std::vector<std::string> a{QMSD_BINARY, "--config", config, "--data-dir", data, "--port", "0"};
        if (simulate) {
            a.emplace_back("--simulate");
        }
        return a;
    }
};

} // namespace

TEST_CASE("check-config names the file, line and key of each problem") {
    TempDir dir;
    std::string text = demoOfficeOpenAllDay();
    text = std::regex_replace(text, std::regex("target_wait_minutes = 15"), "target_wait_minutes = \"15\"", std::regex_constants::format_first_only);
    writeFile(dir.file("bad.toml"), text + "\n[[counter]]\nnumber = 9\nname = \"Quầy 9\"\nfields = [\"khong_co\"]\ncolour = 1\n");
    auto r = runToEnd({QMSD_BINARY, "check-config", dir.file("bad.toml")}, dir.file("out"));
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.output, Catch::Contains("bad.toml:") && Catch::Contains("target_wait_minutes") &&
                             Catch::Contains("khong_co") && Catch::Contains("colour"));
    auto good = runToEnd({QMSD_BINARY, "check-config", std::string(QMSD_SOURCE_DIR) + "/config/demo-office.toml"},
                         dir.file("out2"));
    CHECK(good.exitCode == 0);
    CHECK_THAT(good.output, Catch::Contains("OK (7 fields, 6 counters, 8 staff)"));
}

TEST_CASE("start-up with a bad config refuses to run and says why") {
    DaemonFixture f;
    writeFile(f.config, "[office]\nname = \"x\"\ntime_zone = \"Asia/Saigon_Typo\"\n");
    auto r = runToEnd(f.args(), f.log);
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.output, Catch::Contains("cannot start") && Catch::Contains("office.toml:3") &&
                             Catch::Contains("Asia/Saigon_Typo"));
}

TEST_CASE("ready, reload, status and a clean stop, as systemd sees them") {
    DaemonFixture f;
    NotifySocket notify(f.dir.file("notify.sock"));
    ChildProcess qmsd(f.args(), f.log, {"NOTIFY_SOCKET=" + f.dir.file("notify.sock")});
    REQUIRE(notify.waitFor("READY=1", 10s));
    CHECK_THAT(readFile(f.log), Catch::Contains("fields=7 counters=6"));
    // An office without an [upstream] never loads PostgreSQL's client and
    // the twenty libraries it brings (3.5 MB of RSS), nor the XLSX writer
    // and libcrypto before a spreadsheet is asked for (1.6 MB).
    const std::string maps = readFile("/proc/" + std::to_string(qmsd.pid()) + "/maps");
    CHECK_THAT(maps, !Catch::Contains("libpq"));
    CHECK_THAT(maps, !Catch::Contains("libxlsxwriter"));
    CHECK_THAT(maps, !Catch::Contains("libcrypto"));

    SECTION("a bad file on reload keeps the running config") {
        writeFile(f.config, demoOfficeOpenAllDay() + "\n[[field]]\nid = \"Bad Id\"\n");
        qmsd.signal(SIGHUP);
        REQUIRE(waitForText(f.log, "reload refused, keeping the running config", 5s));
        CHECK_THAT(readFile(f.log), Catch::Contains("field[7].id"));
        CHECK(qmsd.running());
        CHECK(notify.waitFor("RELOADING=1", 2s));
    }
    SECTION("a good file on reload is taken") {
        writeFile(f.config, demoOfficeOpenAllDay() +
                                "\n[[field]]\nid = \"cu_tru\"\nname = \"Cư trú\"\nname_ascii = \"CU TRU\"\n"
                                "prefix = \"R\"\nfirst = 1\nlast = 99\n");
        qmsd.signal(SIGHUP);
        REQUIRE(waitForText(f.log, "reloaded config=", 5s));
        CHECK_THAT(readFile(f.log), Catch::Contains("fields=8"));
    }
    qmsd.signal(SIGUSR1);
    REQUIRE(waitForText(f.log, "status counter=6 state=closed", 5s));

    qmsd.signal(SIGTERM);
    int status = qmsd.wait(10s);
    REQUIRE(status != -1);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(notify.waitFor("STOPPING=1", 1s));
}

TEST_CASE("after SIGKILL under simulated traffic, the daemon comes back with every commit") {
    DaemonFixture f;
    std::int64_t seqBefore = 0;
    {
        ChildProcess qmsd(f.args(true), f.log);
        REQUIRE(waitForText(f.log, "ticket_issued", 20s));
        std::this_thread::sleep_for(500ms);
        qmsd.signal(SIGKILL);
        int status = qmsd.wait(5s);
        REQUIRE(WIFSIGNALED(status));
        // Every change the daemon logged was committed first.
        std::smatch m;
        std::string log = readFile(f.log);
        for (auto it = log.cbegin(); std::regex_search(it, log.cend(), m, std::regex(R"( seq=(\d+))"));
             it = m.suffix().first) {
            seqBefore = std::max<std::int64_t>(seqBefore, std::stoll(m[1]));
        }
    }
    REQUIRE(seqBefore > 6);
    {
        auto store = Store::open(f.data + "/qmsd.db");
        REQUIRE(store.ok());
        CHECK((*store)->head()->lastSeq >= seqBefore);
    }
    ChildProcess again(f.args(), f.log);
    REQUIRE(waitForText(f.log, "last_seq=", 10s));
    auto status = runToEnd({QMSD_BINARY, "status", "--config", f.config, "--data-dir", f.data},
                           f.dir.file("status"));
    CHECK(status.exitCode == 0);
    CHECK_THAT(status.output, Catch::Contains("UBND Phường Bến Nghé"));
    again.signal(SIGTERM);
    CHECK(again.wait(10s) != -1);
}

// README: exit 1 is a failure (the machine's: a store that cannot be written,
// a port in use), 2 is bad input or config (above).
TEST_CASE("a store on a read-only file system is refused at start, naming it, exit 1") {
    DaemonFixture f;
    std::filesystem::create_directories(f.data);
    REQUIRE(Store::open(f.data + "/qmsd.db").ok()); // an office's store, then the disk turns read-only
    if (::mount(f.data.c_str(), f.data.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        WARN("cannot bind-mount here (" << std::strerror(errno) << "): the read-only store test did not run");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{f.data};
    REQUIRE(::mount(nullptr, f.data.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0);
    auto r = runToEnd(f.args(), f.log);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.output, Catch::Contains("cannot start") && Catch::Contains(f.data + "/qmsd.db") &&
                             Catch::Contains("read-only") && Catch::Contains("Read-only file system"));
}

TEST_CASE("a port already taken is a failure to start, exit 1, naming the address") {
    DaemonFixture f;
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0); // a free port, ours now
    REQUIRE(::listen(fd, 1) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    std::string port = std::to_string(ntohs(addr.sin_port));
    auto r = runToEnd({QMSD_BINARY, "--config", f.config, "--data-dir", f.data, "--port", port}, f.log);
    ::close(fd);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.output, Catch::Contains("cannot listen on 127.0.0.1:" + port));
}
