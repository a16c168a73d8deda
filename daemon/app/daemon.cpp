#include "app/daemon.hpp"
#include "app/commit_pipeline.hpp"
#include "app/commit_writer.hpp"
#include "app/live_analytics.hpp"
#include "app/voice_setup.hpp"

#include "app/data_lock.hpp"
#include "app/demo_traffic.hpp"
#include "app/logging.hpp"
#include "app/sd_notify.hpp"
#include "config/config_loader.hpp"
#include "devices/device_manager.hpp"
#include "devices/printer_manager.hpp"
#include "http/api.hpp"
#include "metrics/metrics.hpp"
#include "upstream/upstream_service.hpp"
#include "app/outbox_sender.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <random>
#include <filesystem>

namespace qmsd {

Daemon::Daemon(boost::asio::io_context& io, DaemonOptions options)
    : io_(io), options_(std::move(options)), log_(moduleLogger("daemon")),
      eventLog_(moduleLogger("events")),
      signals_(io, SIGINT, SIGTERM, SIGHUP), dayTimer_(io), watchdogTimer_(io) {
    signals_.add(SIGUSR1);
}

Daemon::~Daemon() {
    // Wait for the helper threads before anything their results refer to goes.
    logins_.reset();
    blocking_.reset();
    commits_.reset(); // waits for a commit under way
}

unsigned short Daemon::apiPort() const { return api_ ? api_->port() : 0; }

bool Daemon::staffLoggedIn(const std::string& staff) const {
    return api_ && !staff.empty() && api_->context().auth.hasSessionFor(staff);
}
bool Daemon::commitOnDisk() const { return commits_ != nullptr && commits_->onDisk(); }

std::size_t Daemon::streamClients() const { return api_ ? api_->streamClients() : 0; }

std::string Daemon::databasePath() const {
    std::string dir =
        options_.dataDirOverride.empty() ? config_->daemon.dataDir : options_.dataDirOverride;
    return (std::filesystem::path(dir) / "qmsd.db").string();
}

Status Daemon::start() {
    auto loaded = loadConfigFile(options_.configPath);
    if (!loaded) {
        return loaded.error();
    }
    if (options_.portOverride) {
        loaded->api.port = *options_.portOverride;
    }
    if (!options_.bindOverride.empty()) {
        loaded->api.bind = options_.bindOverride;
    }
    config_ = std::make_shared<const OfficeConfig>(std::move(*loaded));
    setLogOffice(config_->office.name);
    // Log lines carry the office's local time, like everything else people read.
    ::setenv("TZ", config_->office.timeZone.c_str(), 1);
    ::tzset();
    setLogLevel(options_.logLevelOverride.empty() ? config_->daemon.logLevel
                                                  : options_.logLevelOverride);

    std::filesystem::path dbPath = databasePath();
    std::error_code ec;
    std::filesystem::create_directories(dbPath.parent_path(), ec);
    if (ec) {
        return makeError(ErrorCode::storageFailed, "cannot create data directory " +
                                                       dbPath.parent_path().string() + ": " +
                                                       ec.message());
    }
    auto store = Store::open(dbPath.string());
    if (!store) {
        return store.error();
    }
    store_ = std::move(*store);
    // After the store opened, so a read-only or unwritable directory is named
    // by the store's own message; before anything is written.
    auto lock = DataLock::acquire(dbPath.parent_path().string(), "start");
    if (!lock) {
        return lock.error();
    }
    dataLock_ = std::move(*lock);
    // Which office this store belongs to: `qmsd restore` checks a backup by it.
    if (auto st = store_->setMeta("office_name", config_->office.name); !st) {
        return st;
    }
    auto journal = Journal::open(*store_, config_, systemNow());
    if (!journal) {
        return journal.error();
    }
    journal_ = std::move(*journal);
    // The writer appends at the right edge of each table and index and
    // updates today's rows: 512 KiB (120 pages) holds the edges, a quarter
    // of SQLite's default; a row of today's not in it is read from the OS's
    // cache of the file.
    StoreOptions writerOptions;
    writerOptions.cacheKiB = 512;
    auto writer = CommitWriter::open(io_, dbPath.string(), writerOptions);
    if (!writer) {
        return writer.error();
    }
    commits_ = std::make_unique<CommitPipeline>(io_, *journal_, std::move(*writer), log_);
    metrics_ = std::make_unique<metrics::Metrics>();
    commits_->setCommitObserver([this](CommitPipeline::Steady::duration took, std::size_t commands,
                                       std::size_t events, bool ok) {
        metrics_->observeCommit(took, commands, events, ok);
    });
    journal_->addListener([this](const Events& events) { metrics_->onCommitted(events, journal_->engine()); },
                          ListenerTurn::afterReplies);
    // Before the replies: a ticket's answer shows its forecast. The rest are
    // told once the commands are answered (app/journal.hpp, ListenerTurn).
    analytics_ = std::make_unique<LiveAnalytics>(io_, *this);
    journal_->addListener([this](const Events& events) { analytics_->onCommitted(events); });
    journal_->addListener([this](const Events& events) { logEvents(events); }, ListenerTurn::afterReplies);
    journal_->addListener([this](const Events&) { giveBackAfterRush(); }, ListenerTurn::afterReplies);
    api_ = std::make_unique<http::Api>(io_, *this, *store_);
    journal_->addListener([this](const Events& events) { api_->onCommitted(events); }, ListenerTurn::afterReplies);
    if (auto st = api_->start(); !st) {
        // api.bind was checked with the config: a listen that fails here is
        // the machine's (port in use, address not on this host), exit 1.
        return makeError(ErrorCode::internal, st.error().message);
    }
    devices_ = std::make_unique<DeviceManager>(io_, *this);
    devices_->setHealthListener([this](const drivers::UnitHealth& h) { api_->onDeviceHealth(h); });
    journal_->addListener([this](const Events& events) { devices_->onCommitted(events); },
                          ListenerTurn::afterReplies);
    if (auto st = devices_->start(); !st) {
        return st;
    }
    if (config_->voice.enabled) {
        auto voice = startVoice(io_, *config_, [this](const voice::AnnouncementReady& a) { api_->onAnnouncement(a); });
        if (!voice) {
            return voice.error();
        }
        voice_ = std::move(*voice);
        journal_->addListener([this](const Events& events) { voice_->onCommitted(events); },
                              ListenerTurn::afterReplies);
        log_->info("voice on: device=\"{}\" template=\"{}\"", config_->voice.device, config_->voice.templateText);
    }
    upstream_ = std::make_unique<upstream::UpstreamService>(io_, *this);
    upstream_->setListener([this](const upstream::Json& h) {
        api_->publish(upstream::Json{{"type", "upstream"}, {"upstream", h}});
        if (h.is_object() && h.contains("backlog_events") && h["backlog_events"].is_number_integer()) {
            metrics_->setUpstreamBacklog(h["backlog_events"].get<std::int64_t>());
        }
    });
    journal_->addListener([this](const Events& events) { upstream_->onCommitted(events); },
                          ListenerTurn::afterReplies);
    if (auto st = upstream_->start(); !st) {
        return st;
    }
    if (config_->messages.enabled) {
        auto transport = makeMessageTransport(config_->messages,
                                              config_->upstream.officeId.empty() ? "qmsd" : config_->upstream.officeId,
                                              log_);
        if (!transport) {
            return transport.error();
        }
        messages_ = std::make_unique<OutboxSender>(
            io_, std::move(*transport),
            [this](const Command& c, CommandDone done) { submit(c, "system:messages", std::move(done)); },
            [this]() -> const QueueEngine& { return journal_->engine(); }, log_);
        journal_->addListener([this](const Events& events) { messages_->onCommitted(events); },
                              ListenerTurn::afterReplies);
    }
    erasePhones();
    printers_ = std::make_unique<PrinterManager>(io_, *config_);
    printers_->setStateListener([this](const PrinterView& v) { api_->onPrinterState(v); });
    if (auto st = printers_->start(); !st) {
        return st;
    }

    const auto& engine = journal_->engine();
    log_->info("office=\"{}\" day={} tz={} fields={} counters={} db={} last_seq={} tickets_today={}",
               config_->office.name, engine.day(), config_->office.timeZone,
               config_->fields.size(), config_->counters.size(), dbPath.string(),
               engine.lastSeq(), engine.tickets().size());
    waitForSignal();
    // Kiosk prints the daemon was waiting on when it stopped: the outcome is
    // lost and the citizen may well hold the paper, so they join their queues.
    for (TicketId id : engine.heldTickets()) {
        submit(ReleaseTicket{id, "restart"}, "system", [log = log_, id](const Result<Events>& r) {
            if (!r) {
                log->error("held ticket {} not released after the restart: {}", id, r.error().message);
            }
        });
    }
    analytics_->start();
    if (messages_) {
        messages_->start();
    }
    armDayTimer();
    armWatchdog();
    if (options_.simulate) {
        log_->info("simulate=on: simulated kiosks and counters are generating traffic");
        demo_ = std::make_unique<DemoTraffic>(io_, *this, std::random_device{}(), options_.simSpeed);
        journal_->addListener([this](const Events& events) { demo_->onCommitted(events); },
                              ListenerTurn::afterReplies);
        demo_->start();
    }
    sdNotify("READY=1\nSTATUS=serving " + config_->office.name);
    return Ok{};
}

void Daemon::submit(const Command& cmd, std::string actor, CommandDone done) {
    commits_->submit(Submission{cmd, CommandMeta{systemNow(), std::move(actor)}, std::move(done)});
}

void Daemon::whenCommitted(std::function<void()> fn) { commits_->whenCommitted(std::move(fn)); }

void Daemon::backup(std::function<void(Result<std::string>)> done) {
    std::filesystem::path db = databasePath();
    std::filesystem::path dir = db.parent_path() / "backup";
    std::string name = "qmsd-" + journal_->engine().clock().formatDateTime(systemNow()) + ".db";
    std::replace(name.begin(), name.end(), ' ', '-');
    std::replace(name.begin(), name.end(), ':', '-');
    std::string dest = (dir / name).string();
    bool queued = runBlocking(
        [db = db.string(), dir, dest]() -> Result<std::string> {
            std::error_code ec;
            std::filesystem::create_directories(dir, ec);
            StoreOptions ro;
            ro.readOnly = true;
            auto store = Store::open(db, ro); // its own connection: this is another thread
            if (!store) {
                return store.error();
            }
            if (auto st = (*store)->backupTo(dest); !st) {
                return st.error();
            }
            return dest;
        },
        [this, done](Result<std::string> r) {
            if (r) {
                log_->info("backup written path={}", *r);
            } else {
                log_->error("backup failed: {}", r.error().message);
            }
            done(std::move(r));
        });
    if (!queued) {
        done(makeError(ErrorCode::serverBusy, "the helper thread has " + std::to_string(kMaxBlockingJobs) +
                                                  " reports or backups to do; try again shortly"));
    }
}

void Daemon::waitForSignal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        onSignal(signo);
    });
}

void Daemon::onSignal(int signo) {
    if (signo == SIGINT || signo == SIGTERM) {
        log_->info("signal={} stopping", signo == SIGINT ? "SIGINT" : "SIGTERM");
        shutdown();
        return;
    }
    if (signo == SIGHUP) {
        commits_->whenIdle([this] { (void)reload(); }); // not under a commit planned with the old config
    } else if (signo == SIGUSR1) {
        logStatus();
    }
    waitForSignal();
}

Status Daemon::reload() {
    sdNotify("RELOADING=1");
    auto loaded = loadConfigFile(options_.configPath);
    if (!loaded) {
        log_->error("reload refused, keeping the running config: {}", loaded.error().message);
        sdNotify("READY=1");
        return loaded.error();
    }
    if (loaded->api.bind != config_->api.bind || loaded->api.port != config_->api.port) {
        log_->warn("api.bind/api.port changed: takes effect at the next restart");
        loaded->api.bind = config_->api.bind;
        loaded->api.port = config_->api.port;
    }
    auto next = std::make_shared<const OfficeConfig>(std::move(*loaded));
    if (auto st = journal_->reconfigure(next); !st) {
        log_->error("reload refused, keeping the running config: {}", st.error().message);
        sdNotify("READY=1");
        return st;
    }
    config_ = next;
    setLogOffice(config_->office.name);
    api_->configure(*config_);
    upstream_->onReload();
    setLogLevel(options_.logLevelOverride.empty() ? config_->daemon.logLevel
                                                  : options_.logLevelOverride);
    log_->info("reloaded config={} fields={} counters={} staff={}", options_.configPath,
               config_->fields.size(), config_->counters.size(), config_->staff.size());
    sdNotify("READY=1");
    return Ok{};
}

// The wait-time log in words, one line per committed change.
void Daemon::logEvents(const Events& events) {
    const auto& engine = journal_->engine();
    for (const auto& e : events) {
        const Ticket* t = e.ticketId != 0 ? engine.ticket(e.ticketId) : nullptr;
        std::string code = t != nullptr ? t->code.str() : e.code;
        eventLog_->info("{} seq={}{}{}{}{}{}{} actor={}", eventKindName(e.kind), e.seq,
                        code.empty() ? "" : " ticket=" + code,
                        e.field.empty() ? "" : " field=" + e.field,
                        e.toField.empty() ? "" : " to=" + e.toField,
                        e.counter == 0 ? "" : " counter=" + std::to_string(e.counter),
                        e.staff.empty() ? "" : " staff=" + e.staff,
                        e.reason.empty() ? "" : " reason=" + e.reason, e.actor);
    }
}

// Each waiting citizen costs queue, window and forecast entries, freed when
// they are called; a rush's worth, freed between the day's ticket blocks,
// stayed resident (a day of 53,000 tickets in two rushes of 26,000 kept 9 MB
// of free heap). When the waiting line has shrunk by kRushDrained since its
// peak, or emptied after one, the blocking lane's thread gives the pages back.
// An empty line also drops the cached wait forecast, which keeps its memory
// for the longest line it has seen until a later run finds a shorter one: the
// analytics' next run, up to flag_check_seconds later, so a day of 53,000
// tickets just served still held 2.1 MB of it.
void Daemon::giveBackAfterRush() {
    static constexpr std::size_t kRushDrained = 1000;
    static constexpr std::size_t kRushEmptied = 200;
    std::size_t waiting = 0;
    for (const auto& f : config_->fields) {
        waiting += journal_->engine().waiting(f.id);
    }
    if (waiting == 0 && waitingPeak_ > 0 && analytics_) {
        analytics_->forgetForecast(); // before the give-back below, which then returns its pages
    }
    waitingPeak_ = std::max(waitingPeak_, waiting);
    if (blocking_ && (waitingPeak_ >= waiting + kRushDrained || (waiting == 0 && waitingPeak_ >= kRushEmptied))) {
        waitingPeak_ = waiting;
        blocking_->giveBackMemory();
    } else if (waiting == 0) {
        waitingPeak_ = 0; // a short line emptied: its forecast is forgotten once, not at every commit after
    }
}

void Daemon::logStatus() {
    const auto& engine = journal_->engine();
    for (const auto& f : config_->fields) {
        log_->info("status field={} waiting={} issued={} last_number={}", f.id, engine.waiting(f.id),
                   engine.issuedToday(f.id), engine.lastNumber(f.id));
    }
    for (const auto& [number, c] : engine.counters()) {
        const Ticket* t = engine.ticket(c.activeTicket);
        log_->info("status counter={} state={} staff={} ticket={}", number,
                   counterStateName(engine.counterState(number)), c.staff,
                   t != nullptr ? t->code : "-");
    }
}

// Wakes at the next local midnight, and at least once a minute, so a clock
// change or a suspended machine still rolls the day over promptly.
void Daemon::armDayTimer() {
    TimePoint now = systemNow();
    TimePoint midnight = journal_->engine().clock().nextMidnight(now);
    TimePoint wake = std::min(midnight, now + std::chrono::minutes{1});
    dayTimer_.expires_at(std::chrono::system_clock::time_point{wake});
    dayTimer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        // Not while a commit is under way: the rollover rebuilds memory from the store.
        commits_->whenIdle([this] {
            std::string before = journal_->engine().day();
            if (auto st = journal_->rollOver(systemNow()); !st) {
                log_->error("day rollover failed, will retry: {}", st.error().message);
            } else if (journal_->engine().day() != before) {
                log_->info("day rollover from={} to={}", before, journal_->engine().day());
                erasePhones();
            }
            armDayTimer();
        });
    });
}

// Personal data: citizens' phone numbers are kept [messages]
// phone_retention_days, then erased from tickets, events and the outbox. Run
// at start-up and at each day's rollover, with no commit under way.
void Daemon::erasePhones() {
    const auto& clock = journal_->engine().clock();
    std::string cutoff = clock.localDay(systemNow() - std::chrono::hours{24} * config_->messages.retentionDays);
    auto erased = store_->erasePhonesBefore(cutoff);
    if (!erased) {
        log_->error("phone numbers before {} not erased: {}", cutoff, erased.error().message);
    } else if (*erased > 0) {
        log_->info("erased phone numbers of days before {} ({} rows, kept {} days)", cutoff, *erased,
                   config_->messages.retentionDays);
    }
}

void Daemon::armWatchdog() {
    auto interval = sdWatchdogInterval();
    if (!interval) {
        return;
    }
    watchdogTimer_.expires_after(*interval);
    watchdogTimer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        sdNotify("WATCHDOG=1");
        armWatchdog();
    });
}

void Daemon::shutdown() {
    if (stopping_) {
        return;
    }
    stopping_ = true;
    sdNotify("STOPPING=1");
    commits_->whenIdle([this] { finishShutdown(); }); // after the commit under way, if any
}

void Daemon::finishShutdown() {
    commits_->drain(); // what was submitted before the signal is committed (and answered) first
    demo_.reset();
    if (api_) {
        api_->stop();
    }
    if (devices_) {
        devices_->stop();
    }
    if (printers_) {
        printers_->stop();
    }
    if (upstream_) {
        upstream_->stop();
    }
    if (messages_) {
        messages_->stop();
    }
    signals_.cancel();
    dayTimer_.cancel();
    watchdogTimer_.cancel();
    if (analytics_) {
        analytics_->stop();
    }
    // Everything acknowledged is committed; open keep-alive connections and
    // stream clients must not keep the process alive.
    io_.stop();
}

} // namespace qmsd
