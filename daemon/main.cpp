// qmsd — the queue daemon of a one-stop office.
//
//   qmsd [--config FILE] [--data-dir DIR] [--log-level LEVEL] [--simulate] [--sim-speed X]   run the daemon
//   qmsd check-config FILE        validate a config file and exit
//   qmsd hash-pin                 read a PIN on stdin, print its argon2id hash
//   qmsd status [--config FILE] [--data-dir DIR]   today's queue, from the store
//   qmsd backup [--config FILE] [--data-dir DIR] [--keep-days N] DEST   online backup of the store
//   qmsd restore [--config FILE] [--data-dir DIR] [--force] BACKUP   put a backup back (qmsd stopped)
#include "app/cli_commands.hpp"
#include "app/daemon.hpp"
#include "app/event_loop.hpp"
#include "app/logging.hpp"
#include "store/sqlite_memory.hpp"

#include <boost/asio/io_context.hpp>
#include <sodium.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage =
    "usage: qmsd [--config FILE] [--data-dir DIR] [--log-level LEVEL] [--bind ADDR] [--port N] [--simulate] [--sim-speed X]\n"
    "       (--simulate: the demo's simulated ward day; --sim-speed X plays it X times faster)\n"
    "       qmsd check-config FILE\n"
    "       qmsd hash-pin              (PIN on standard input)\n"
    "       qmsd new-token             (a client token and its hash for [[client]])\n"
    "       qmsd hash-token            (token on standard input)\n"
    "       qmsd status [--config FILE] [--data-dir DIR]\n"
    "       qmsd backup [--config FILE] [--data-dir DIR] [--keep-days N] DEST|DIR/\n"
    "       qmsd restore [--config FILE] [--data-dir DIR] [--force] BACKUP\n"
    "       qmsd --version\n";

// README: 0 fine, 1 failed (a store that cannot be written, a port in use),
// 2 bad input or config.
int startFailureExit(const qmsd::Error& e) {
    return e.code == qmsd::ErrorCode::configInvalid || e.code == qmsd::ErrorCode::invalidArgument ? 2 : 1;
}

int runDaemon(const qmsd::CliArgs& args) {
    qmsd::initLogging(args.logLevel.empty() ? "info" : args.logLevel);
    if (auto st = qmsd::configureSqliteMemory(qmsd::kSqlitePageSlots); !st) {
        std::fprintf(stderr, "qmsd: cannot start: %s\n", st.error().message.c_str());
        return 1;
    }
    boost::asio::io_context io;
    qmsd::Daemon daemon(io, qmsd::DaemonOptions{args.configPath, args.dataDir, args.logLevel, args.simulate, args.port, args.simSpeed, args.bind});
    if (auto st = daemon.start(); !st) {
        std::fprintf(stderr, "qmsd: cannot start: %s\n", st.error().message.c_str());
        return startFailureExit(st.error());
    }
    // One logged catch-all at the loop boundary keeps the daemon serving.
    for (;;) {
        try {
            qmsd::runLoop(io, daemon);
            return 0;
        } catch (const std::exception& e) {
            qmsd::moduleLogger("daemon")->critical("unexpected exception in the loop: {}", e.what());
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0) {
        std::fprintf(stderr, "qmsd: libsodium failed to initialise\n");
        return 1;
    }
    std::vector<std::string> argvList(argv + 1, argv + argc);
    auto parsed = qmsd::parseCliArgs(argvList);
    if (!parsed) {
        std::fprintf(stderr, "qmsd: %s\n%s", parsed.error().message.c_str(), kUsage);
        return 2;
    }
    const qmsd::CliArgs& args = *parsed;
    if (args.command == "help") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (args.command == "version") {
        std::puts("qmsd " QMSD_VERSION);
        return 0;
    }
    if (args.command == "run") {
        return runDaemon(args);
    }
    return qmsd::runCliCommand(args);
}
