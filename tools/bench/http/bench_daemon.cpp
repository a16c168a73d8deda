#include "bench_daemon.hpp"

#include <sodium.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <vector>

extern char** environ;

namespace qmsd::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string kioskToken(int kiosk) { return "bench-kiosk-token-" + std::to_string(kiosk); }
std::string leaderToken() { return "bench-leader-token"; }

std::string staffId(int counter) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "nv%02d", counter);
    return buf;
}

std::string pinOf(int counter) { return std::to_string(1000 + counter); }

fs::path& workDir() {
    static fs::path dir;
    return dir;
}

void die(const std::string& what) {
    std::cerr << "http_bench: " << what << std::endl;
    std::error_code ec;
    if (!workDir().empty()) {
        fs::remove_all(workDir(), ec);
    }
    std::exit(1);
}

namespace {

const char* const kPrefixes[] = {"A", "B", "C", "D", "E", "F", "G"};

std::string tokenHash(const std::string& token) {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    char hex[2 * sizeof out + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return std::string("blake2b:") + hex;
}

// argon2id at libsodium's minimum cost: 64 logins stay instant.
std::string cheapPinHash(const std::string& pin) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) != 0) {
        die("crypto_pwhash_str failed");
    }
    return out;
}

// The demo office's seven fields with room for a long run, open all day,
// 64 counters each with a staff member serving every field, 64 kiosks whose
// rate limit never bites.
std::string benchOfficeToml(const fs::path& dataDir, const std::string& logLevel) {
    std::ostringstream t;
    t << "[daemon]\ndata_dir = \"" << dataDir.string() << "\"\nlog_level = \"" << logLevel << "\"\n\n"
      // Every simulated client comes from 127.0.0.1, and connects before it shows its token.
      << "[api]\nbind = \"127.0.0.1\"\nkiosk_rate_per_minute = 100000000\nmax_connections = 500\n"
      << "max_connections_per_address = 500\n\n"
      << "[office]\nname = \"Bench office\"\ntime_zone = \"Asia/Ho_Chi_Minh\"\ncutoff_minutes = 0\n"
      << "call_policy = \"longest_wait\"\n\n[office.hours]\n";
    for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
        t << day << " = [\"00:00-24:00\"]\n";
    }
    std::string all;
    for (const char* f : kFields) {
        all += std::string(all.empty() ? "" : ", ") + "\"" + f + "\"";
    }
    for (std::size_t i = 0; i < std::size(kFields); ++i) {
        t << "\n[[field]]\nid = \"" << kFields[i] << "\"\nname = \"" << kFields[i] << "\"\nname_ascii = \""
          << kFields[i] << "\"\nprefix = \"" << kPrefixes[i] << "\"\nfirst = 1\nlast = 999999\nwidth = 6\n";
    }
    for (int c = 1; c <= kCounters; ++c) {
        t << "\n[[counter]]\nnumber = " << c << "\nname = \"Quầy " << c << "\"\nfields = [" << all << "]\n";
    }
    for (int c = 1; c <= kCounters; ++c) {
        t << "\n[[staff]]\nid = \"" << staffId(c) << "\"\nname = \"Cán bộ " << c << "\"\npin_hash = \""
          << cheapPinHash(pinOf(c)) << "\"\nfields = [" << all << "]\n";
    }
    for (int k = 1; k <= kKiosks; ++k) {
        t << "\n[[client]]\nid = \"kiosk" << k << "\"\nrole = \"kiosk\"\ntoken_hash = \""
          << tokenHash(kioskToken(k)) << "\"\n";
    }
    t << "\n[[client]]\nid = \"leader\"\nrole = \"leader\"\ntoken_hash = \"" << tokenHash(leaderToken()) << "\"\n";
    return t.str();
}

// The TCP port `pid` listens on, read from /proc (whatever the log level).
int listeningPort(pid_t pid) {
    std::set<std::string> inodes;
    std::error_code ec;
    std::string proc = "/proc/" + std::to_string(pid);
    for (fs::directory_iterator it(proc + "/fd", ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code lec;
        std::string target = fs::read_symlink(it->path(), lec).string();
        if (!lec && target.rfind("socket:[", 0) == 0) {
            inodes.insert(target.substr(8, target.size() - 9));
        }
    }
    std::ifstream tcp(proc + "/net/tcp");
    std::string line;
    std::getline(tcp, line);
    while (std::getline(tcp, line)) {
        std::istringstream in(line);
        std::string sl, local, remote, state, queues, timer, retr, uid, timeout, inode;
        in >> sl >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
        if (state == "0A" && inodes.count(inode) != 0) {
            return std::stoi(local.substr(local.find(':') + 1), nullptr, 16);
        }
    }
    return 0;
}

std::string tail(const std::string& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.substr(text.size() > 2000 ? text.size() - 2000 : 0);
}

} // namespace

DaemonProcess::DaemonProcess(const std::string& qmsd, const std::string& logLevel, const fs::path& dir) {
    fs::create_directories(dir);
    std::ofstream(dir / "office.toml") << benchOfficeToml(dir / "data", logLevel);
    std::vector<std::string> args{qmsd, "--config", (dir / "office.toml").string(), "--port", "0"};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    std::string log = (dir / "qmsd.log").string();
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
        die("cannot start " + args[0]);
    }
    posix_spawn_file_actions_destroy(&fa);
    auto deadline = Clock::now() + std::chrono::seconds{60};
    while (port_ == 0) {
        if (Clock::now() > deadline || ::waitpid(pid_, nullptr, WNOHANG) != 0) {
            pid_ = -1;
            die("qmsd did not start; its log:\n" + tail(log));
        }
        port_ = listeningPort(pid_);
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
}

DaemonProcess::~DaemonProcess() { stop(); }

boost::asio::ip::tcp::endpoint DaemonProcess::endpoint() const {
    return {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)};
}

void DaemonProcess::stop() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 500 && ::waitpid(pid_, nullptr, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    if (::waitpid(pid_, nullptr, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
}

} // namespace qmsd::bench
