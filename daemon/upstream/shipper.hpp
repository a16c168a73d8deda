#pragma once
// Ships the office's committed events to the centre's PostgreSQL, on a
// thread of its own (UpstreamService owns it) so a slow, stopped or full
// server never delays the office's loop. Everything here runs on that
// thread's io_context; the loop talks to it only by posting.
//
// Exactly once, by construction: the centre's qmsd_ingest() takes a batch
// only if it continues the high-water mark the centre holds (seq expected+1
// … without gaps) and moves the mark in the same transaction. After any
// failure, restart or SIGKILL the shipper asks the centre for its mark
// (qmsd_hello) and reads on from there; a repeated row changes nothing.
//
// A day's digest and per-field sums go with the batch that completes the day
// (the digest only once the day is over at the office); config snapshots and
// the office's live view go with the next batch, or with a heartbeat every
// status_seconds when there is nothing else to send.
#include "config/office_config.hpp"
#include "pg/pg_connection.hpp"
#include "upstream/local_log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

namespace spdlog {
class logger;
}

namespace qmsd::upstream {

enum class UpstreamState { off, connecting, shipping, caughtUp, down, refused };
std::string_view upstreamStateName(UpstreamState s); // "caught_up", …

// The shipper's view, reported after every attempt.
struct ShipperReport {
    UpstreamState state = UpstreamState::connecting;
    std::string detail;                            // the last failure or refusal, for people
    std::optional<std::int64_t> confirmedSeq;      // what the centre holds (or last known)
    std::optional<std::int64_t> oldestUnshippedMs; // the first event not at the centre
    std::optional<TimePoint> lastContact;
    std::optional<TimePoint> failingSince;
    std::string server; // user@host:port/db, never the password
    std::int64_t shippedThisRun = 0;
};

struct ShipperOptions {
    UpstreamSettings settings;
    std::string password;
    std::string dbPath;
    std::string installId;
    std::string version = QMSD_VERSION;
    Millis minInterval{1000};  // between batches once caught up: a burst goes as one
    Millis maxBackoff{60000};  // doubling from 1 s after a failure (retry_delay.hpp)
    Millis absentRetry{2000};  // while the server refuses connections or is starting up
    int wakeFd = -1;           // UpstreamService's eventfd: makes a call in progress end at stop
};

class Shipper {
  public:
    using ReportFn = std::function<void(const ShipperReport&)>; // on the shipper's thread

    Shipper(boost::asio::io_context& io, ShipperOptions options, ReportFn report);
    ~Shipper();

    // All on the shipper's io_context.
    void start(std::shared_ptr<const OfficeConfig> config);
    void stop();
    void onCommitted(std::int64_t lastSeq);
    void onConfig(std::shared_ptr<const OfficeConfig> config);
    void onStatus(std::string statusJson);

  private:
    void schedule(Millis delay);
    void step();
    bool ensureConnected();
    bool hello();
    bool shipOnce(bool& more);
    std::string dayPayloads(const EventBatch& batch, bool atHead, const std::string& today);
    void failed(const Error& e, Millis retry);
    void refused(const std::string& why);
    void report();
    void refreshOldest();
    std::int64_t backlog() const;

    boost::asio::io_context& io_;
    ShipperOptions options_;
    ReportFn reportFn_;
    std::shared_ptr<spdlog::logger> log_;
    std::shared_ptr<const OfficeConfig> config_;
    std::unique_ptr<LocalLog> local_;
    pg::Connection conn_;
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point timerAt_{};
    bool timerArmed_ = false;
    bool stopped_ = false;
    bool helloDone_ = false;
    bool backingOff_ = false;
    Millis backoff_{0};
    std::minstd_rand jitter_; // spreads the offices' retries (retry_delay.hpp)
    std::int64_t confirmed_ = 0;  // the centre's high-water mark (after hello)
    std::int64_t centreConfigId_ = 0;
    std::int64_t localSeq_ = 0;   // the newest seq the loop told us about
    std::string status_;          // the latest live view, sent when dirty
    bool statusDirty_ = false;
    std::chrono::steady_clock::time_point lastSent_{};
    std::chrono::steady_clock::time_point lastConfirmedSave_{};
    ShipperReport state_;
    // Rate-limited failure log: the first failure, then one line per 5 minutes.
    std::chrono::steady_clock::time_point lastFailureLog_{};
    int failuresSinceLog_ = 0;
};

} // namespace qmsd::upstream
