#pragma once
// The running qmsd: one io_context thread owns the config, the store and the
// journal (and, later, the HTTP server and device results posted back from
// bus workers). No locks: everything that touches state runs on this loop.
#include "app/journal.hpp"
#include "config/office_config.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_timer.hpp>

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace qmsd {

class DemoTraffic;

struct DaemonOptions {
    std::string configPath;
    std::string dataDirOverride; // --data-dir; empty = from config
    std::string logLevelOverride;
    bool simulate = false; // demo: simulated kiosks and counters
};

class Daemon {
  public:
    Daemon(boost::asio::io_context& io, DaemonOptions options);
    ~Daemon();

    // Start-up: config, store, journal, signals, timers. Errors name what is wrong.
    Status start();

    // Group commit entry point: commands submitted in one loop turn share one
    // transaction; `done` runs after the commit.
    void submit(const Command& cmd, std::string actor, CommandDone done);

    const Journal& journal() const { return *journal_; }
    const OfficeConfig& config() const { return *config_; }
    std::string databasePath() const;

  private:
    void waitForSignal();
    void onSignal(int signo);
    void reload();
    void logStatus();
    void logEvents(const Events& events);
    void armDayTimer();
    void armWatchdog();
    void shutdown();

    boost::asio::io_context& io_;
    DaemonOptions options_;
    std::shared_ptr<spdlog::logger> log_;
    std::shared_ptr<spdlog::logger> eventLog_;
    std::shared_ptr<const OfficeConfig> config_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Journal> journal_;
    boost::asio::signal_set signals_;
    boost::asio::system_timer dayTimer_;
    boost::asio::steady_timer watchdogTimer_;
    std::unique_ptr<DemoTraffic> demo_;
    bool flushPosted_ = false;
};

// A random opaque id for a ticket's status URL (128 bits, hex).
std::string makePublicId();

} // namespace qmsd
