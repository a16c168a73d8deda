#pragma once
// The daemon's side of shipping to the city's PostgreSQL: owns the shipper's
// thread and io_context, feeds it (new seqs, config changes, the office's live
// view) by posting, and keeps the shipper's last report for /health, the
// leader's dashboard ({"type":"upstream"} on the live stream) and the log.
//
// With [upstream] off it only keeps the config snapshots (so turning it on
// later ships the office's history with the names it had), and health() is
// null. Settings changed by a reload take effect at the next restart.
#include "engine/event.hpp"
#include "upstream/shipper.hpp"
#include "upstream/wire.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace qmsd {

class Daemon;

namespace upstream {

class UpstreamService {
  public:
    UpstreamService(boost::asio::io_context& io, Daemon& daemon);
    ~UpstreamService();
    UpstreamService(const UpstreamService&) = delete;
    UpstreamService& operator=(const UpstreamService&) = delete;

    // Records the config snapshot; when enabled, checks the connection string
    // and the password source (errors name the key) and starts the shipper.
    Status start();
    void stop();
    void onCommitted(const std::vector<Event>& events);
    void onReload();
    // The "upstream" object of /health and of the stream message; null when off.
    Json health(TimePoint now) const;
    // Called on the loop whenever health() changes (at most once a second).
    void setListener(std::function<void(const Json&)> listener) { listener_ = std::move(listener); }

    // What the centre shows for this office live: waiting and longest wait per
    // field, flags and their reasons, counters and which are open.
    Json liveView(TimePoint now) const;

  private:
    void onReport(const ShipperReport& r);
    void sendStatus();
    void armStatus(Millis delay);
    void publish();

    boost::asio::io_context& io_;
    Daemon& daemon_;
    std::shared_ptr<spdlog::logger> log_;
    UpstreamSettings settings_; // as started; a reload changes them at the next restart
    boost::asio::io_context shipperIo_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::unique_ptr<Shipper> shipper_;
    int wakeFd_ = -1;
    ShipperReport last_;
    std::int64_t localSeq_ = 0;
    boost::asio::steady_timer statusTimer_;
    bool statusArmed_ = false;
    std::chrono::steady_clock::time_point statusAt_{};
    boost::asio::steady_timer publishTimer_;
    bool publishArmed_ = false;
    std::chrono::steady_clock::time_point lastPublish_{};
    std::function<void(const Json&)> listener_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace upstream
} // namespace qmsd
