#pragma once
// The running qmsd: one io_context thread owns the config, the store and the
// journal, the HTTP server, and device results posted back from bus workers.
// No locks: everything that touches state runs on this loop. Commits are
// written by the CommitWriter's thread (its own SQLite connection) so the
// loop keeps serving while the disk syncs; their results come back here.
#include "app/blocking_lane.hpp"
#include "app/journal.hpp"
#include "config/office_config.hpp"
#include "store/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_timer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace qmsd {
class OutboxSender;

class CommitPipeline;
class DataLock;
class DemoTraffic;
class DeviceManager;
class LiveAnalytics;
namespace voice {
class VoiceService;
}
class PrinterManager;
namespace http {
class Api;
}
namespace metrics {
class Metrics;
}
namespace upstream {
class UpstreamService;
}

struct DaemonOptions {
    std::string configPath;
    std::string dataDirOverride; // --data-dir; empty = from config
    std::string logLevelOverride;
    bool simulate = false; // demo: simulated kiosks and counters
    std::optional<int> portOverride; // --port (tests use 0: any free port)
    double simSpeed = 1.0;           // --sim-speed
    std::string bindOverride;        // --bind; empty = from config
};

class Daemon {
  public:
    Daemon(boost::asio::io_context& io, DaemonOptions options);
    ~Daemon();

    // Start-up: config, store, journal, signals, timers. Errors name what is wrong.
    Status start();

    // Group commit entry point: `done` runs after the command's commit.
    // Commands that arrive while a commit is under way are planned together
    // when it returns, and share the next transaction.
    void submit(const Command& cmd, std::string actor, CommandDone done);

    // Runs `fn` once no submitted command is waiting for its commit, so a read
    // never shows state that is not yet durable (and memory and store agree).
    void whenCommitted(std::function<void()> fn);

    // Blocking work (reports, backups) on the helper thread; `done` runs on
    // the loop with the result. Work must not touch loop-owned state. False
    // (nothing runs) when kMaxBlockingJobs are already waiting or running.
    static constexpr std::size_t kMaxBlockingJobs = 8;
    template <typename Work, typename Done> [[nodiscard]] bool runBlocking(Work work, Done done) {
        return blocking_->run(std::move(work), std::move(done));
    }
    // PIN checks on a thread of their own, so logins and reports never wait
    // for each other. At most kMaxLogins wait or run; `urgent` ones (from a
    // place the staff member is known to use) run first and have
    // kUrgentLogins more places. False (nothing runs) when full.
    static constexpr std::size_t kMaxLogins = 8;
    static constexpr std::size_t kUrgentLogins = 4;
    template <typename Work, typename Done> [[nodiscard]] bool runLogin(Work work, Done done, bool urgent) {
        return logins_->run(std::move(work), std::move(done), urgent);
    }

    // Re-reads the config file; a bad one leaves the running config in place.
    Status reload();
    // An online backup under <data_dir>/backup/, made on the helper thread.
    void backup(std::function<void(Result<std::string>)> done);
    unsigned short apiPort() const;

    const Journal& journal() const { return *journal_; }
    Store& store() { return *store_; }
    const DeviceManager& devices() const { return *devices_; }
    PrinterManager& printers() { return *printers_; }
    const LiveAnalytics& analytics() const { return *analytics_; }
    const voice::VoiceService* voice() const { return voice_.get(); } // null: [voice] off
    const OfficeConfig& config() const { return *config_; }
    // Prometheus series (/metrics); the upstream shipper reports its backlog here.
    metrics::Metrics& metrics() { return *metrics_; }
    std::size_t streamClients() const;
    std::shared_ptr<const OfficeConfig> configPtr() const { return config_; }
    const upstream::UpstreamService& upstream() const { return *upstream_; }
    const OutboxSender* messages() const { return messages_.get(); } // [upstream]: the city's PostgreSQL
    std::string databasePath() const;
    // A person is logged in as this staff member (a PIN session): the demo's
    // simulated staff keep off their counter.
    bool staffLoggedIn(const std::string& staff) const;
    // A group commit is on its way to disk (app/event_loop.hpp spins on it).
    bool commitOnDisk() const;

  private:
    void finishShutdown();
    void waitForSignal();
    void onSignal(int signo);
    void logStatus();
    void logEvents(const Events& events);
    void giveBackAfterRush();
    void armDayTimer();
    void armWatchdog();
    void erasePhones();
    void shutdown();

    boost::asio::io_context& io_;
    DaemonOptions options_;
    std::shared_ptr<spdlog::logger> log_;
    std::shared_ptr<spdlog::logger> eventLog_;
    std::shared_ptr<const OfficeConfig> config_;
    std::unique_ptr<DataLock> dataLock_; // one qmsd per data directory (data_lock.hpp)
    std::unique_ptr<Store> store_;
    std::unique_ptr<Journal> journal_;
    boost::asio::signal_set signals_;
    boost::asio::system_timer dayTimer_;
    boost::asio::steady_timer watchdogTimer_;
    std::unique_ptr<http::Api> api_;
    std::unique_ptr<DeviceManager> devices_;
    std::unique_ptr<PrinterManager> printers_;
    std::unique_ptr<LiveAnalytics> analytics_;
    std::unique_ptr<voice::VoiceService> voice_;
    std::unique_ptr<DemoTraffic> demo_;
    std::unique_ptr<upstream::UpstreamService> upstream_;
    std::unique_ptr<OutboxSender> messages_; // [messages] enabled
    std::unique_ptr<CommitPipeline> commits_;
    std::unique_ptr<metrics::Metrics> metrics_;
    bool stopping_ = false;
    std::size_t waitingPeak_ = 0; // citizens waiting, at most, since memory was last given back or the line emptied
    std::unique_ptr<BlockingLane> blocking_ = std::make_unique<BlockingLane>(io_, kMaxBlockingJobs);
    std::unique_ptr<BlockingLane> logins_ = std::make_unique<BlockingLane>(io_, kMaxLogins, kUrgentLogins);
};

} // namespace qmsd
