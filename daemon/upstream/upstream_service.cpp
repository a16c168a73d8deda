#include "upstream/upstream_service.hpp"

#include "app/daemon.hpp"
#include "app/live_analytics.hpp"
#include "app/logging.hpp"
#include "upstream/local_log.hpp"

#include <boost/asio/post.hpp>
#include <sys/eventfd.h>
#include <unistd.h>

namespace qmsd::upstream {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStatusDebounce = Millis{1000};
constexpr auto kPublishEvery = Millis{1000};

} // namespace

UpstreamService::UpstreamService(boost::asio::io_context& io, Daemon& daemon)
    : io_(io), daemon_(daemon), log_(moduleLogger("upstream")), statusTimer_(io), publishTimer_(io) {
    last_.state = UpstreamState::off;
}

UpstreamService::~UpstreamService() {
    *alive_ = false;
    stop();
    if (wakeFd_ >= 0) {
        ::close(wakeFd_);
    }
}

Status UpstreamService::start() {
    const OfficeConfig& cfg = daemon_.config();
    settings_ = cfg.upstream;
    auto& db = daemon_.store().database();
    const auto& engine = daemon_.journal().engine();
    localSeq_ = engine.lastSeq();
    if (auto added = recordConfigSnapshot(db, cfg, localSeq_, systemNow()); !added) {
        // Only the centre's naming suffers; the office goes on.
        log_->error("config snapshot not recorded: {}", added.error().message);
    }
    if (!settings_.enabled) {
        return Ok{};
    }
    if (auto st = pg::checkConninfo(settings_.conninfo); !st) {
        return makeError(ErrorCode::configInvalid, cfg.sourcePath + ": upstream.conninfo: " + st.error().message);
    }
    auto password = pg::readPassword(settings_.passwordFile, settings_.passwordEnv);
    if (!password) {
        return makeError(ErrorCode::configInvalid, cfg.sourcePath + ": upstream: " + password.error().message);
    }
    auto install = ensureInstallId(db);
    if (!install) {
        return install.error();
    }
    wakeFd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wakeFd_ < 0) {
        return makeError(ErrorCode::internal, "upstream: eventfd failed");
    }
    ShipperOptions options;
    options.settings = settings_;
    options.password = std::move(*password);
    options.dbPath = daemon_.databasePath();
    options.installId = *install;
    options.wakeFd = wakeFd_;
    shipper_ = std::make_unique<Shipper>(shipperIo_, std::move(options), [this, alive = alive_](const ShipperReport& r) {
        // On the shipper's thread: hand a copy to the loop.
        boost::asio::post(io_, [this, alive, r] {
            if (*alive) {
                onReport(r);
            }
        });
    });
    last_ = ShipperReport{};
    work_.emplace(shipperIo_.get_executor());
    thread_ = std::thread([this] { shipperIo_.run(); });
    boost::asio::post(shipperIo_, [s = shipper_.get(), cfg = daemon_.configPtr()] { s->start(cfg); });
    log_->info("upstream on: office_id={} batch_size={} status_seconds={} install={}", settings_.officeId,
               settings_.batchSize, settings_.statusSeconds, install->substr(0, 8));
    armStatus(Millis{0});
    return Ok{};
}

void UpstreamService::stop() {
    statusTimer_.cancel();
    publishTimer_.cancel();
    if (!thread_.joinable()) {
        return;
    }
    boost::asio::post(shipperIo_, [this] {
        shipper_->stop();
        shipperIo_.stop();
    });
    std::uint64_t one = 1;
    // A call in progress (a slow or dead server) ends at once.
    [[maybe_unused]] auto n = ::write(wakeFd_, &one, sizeof one);
    work_.reset();
    thread_.join();
    shipper_.reset();
}

void UpstreamService::onCommitted(const std::vector<Event>& events) {
    if (events.empty() || !shipper_) {
        return;
    }
    localSeq_ = events.back().seq;
    boost::asio::post(shipperIo_, [s = shipper_.get(), seq = localSeq_] { s->onCommitted(seq); });
    armStatus(kStatusDebounce);
    publish();
}

void UpstreamService::onReload() {
    const OfficeConfig& cfg = daemon_.config();
    auto added = recordConfigSnapshot(daemon_.store().database(), cfg, daemon_.journal().engine().lastSeq(),
                                      systemNow());
    if (!added) {
        log_->error("config snapshot not recorded: {}", added.error().message);
    }
    if (cfg.upstream != settings_) {
        log_->warn("[upstream] changed: takes effect at the next restart");
    }
    if (shipper_ && added && *added) {
        boost::asio::post(shipperIo_, [s = shipper_.get(), c = daemon_.configPtr()] { s->onConfig(c); });
    }
}

void UpstreamService::armStatus(Millis delay) {
    auto at = Clock::now() + delay;
    if (statusArmed_ && statusAt_ <= at) {
        return;
    }
    statusArmed_ = true;
    statusAt_ = at;
    statusTimer_.expires_at(at);
    statusTimer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        statusArmed_ = false;
        sendStatus();
        armStatus(Millis{settings_.statusSeconds * 1000});
    });
}

void UpstreamService::sendStatus() {
    if (!shipper_) {
        return;
    }
    std::string text = liveView(systemNow()).dump(-1, ' ', false, Json::error_handler_t::replace);
    boost::asio::post(shipperIo_, [s = shipper_.get(), text = std::move(text)]() mutable { s->onStatus(std::move(text)); });
}

Json UpstreamService::liveView(TimePoint now) const {
    const auto& engine = daemon_.journal().engine();
    const LiveAnalytics& live = daemon_.analytics();
    const FlagTracker& flags = live.flags();
    Json fields = Json::array();
    for (const auto& fig : live.figures(now)) {
        FlagText reason = flags.reason(fig.field);
        fields.push_back(Json{{"id", fig.field},
                              {"name", fig.name},
                              {"waiting", fig.waiting},
                              {"longest_wait_seconds", static_cast<std::int64_t>(fig.headWaitMinutes * 60 + 0.5)},
                              {"open_counters", fig.countersServing},
                              {"flag", flagLevelName(flags.level(fig.field))},
                              {"flag_reason_vi", reason.vi.empty() ? Json(nullptr) : Json(reason.vi)},
                              {"flag_reason_en", reason.en.empty() ? Json(nullptr) : Json(reason.en)}});
    }
    Json counters = Json::array();
    int open = 0;
    for (const auto& c : daemon_.config().counters) {
        CounterState s = engine.counterState(c.number);
        open += s != CounterState::closed ? 1 : 0;
        counters.push_back(Json{{"number", c.number}, {"name", c.name}, {"state", counterStateName(s)}});
    }
    Json counterFlags = Json::array();
    for (const auto& a : live.counterAlerts()) {
        if (flags.counterFlag(a.counter) == CounterAlertKind::none) {
            continue;
        }
        counterFlags.push_back(Json{{"counter", a.counter},
                                    {"kind", counterAlertName(a.kind)},
                                    {"field", a.field},
                                    {"reason_vi", a.reason.vi},
                                    {"reason_en", a.reason.en}});
    }
    return Json{{"at_ms", toMillis(now)},
                {"day", engine.day()},
                {"seq", engine.lastSeq()},
                {"fields", std::move(fields)},
                {"counters", std::move(counters)},
                {"counters_open", open},
                {"counter_flags", std::move(counterFlags)}};
}

void UpstreamService::onReport(const ShipperReport& r) {
    last_ = r;
    publish();
}

// At most one stream message a second: a catch-up reports every batch.
void UpstreamService::publish() {
    if (!listener_ || publishArmed_ || !shipper_) {
        return;
    }
    auto since = std::chrono::duration_cast<Millis>(Clock::now() - lastPublish_);
    publishArmed_ = true;
    publishTimer_.expires_after(std::max(Millis{0}, kPublishEvery - since));
    publishTimer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return;
        }
        publishArmed_ = false;
        lastPublish_ = Clock::now();
        listener_(health(systemNow()));
    });
}

Json UpstreamService::health(TimePoint now) const {
    if (!settings_.enabled) {
        return nullptr;
    }
    const OfficeClock& clock = daemon_.journal().engine().clock();
    auto iso = [&clock](std::optional<TimePoint> t) { return t ? Json(clock.formatIso(*t)) : Json(nullptr); };
    Json backlog = nullptr;
    if (last_.confirmedSeq) {
        backlog = std::max<std::int64_t>(0, localSeq_ - *last_.confirmedSeq);
    }
    std::optional<TimePoint> oldest;
    if (last_.oldestUnshippedMs && backlog.is_number() && backlog.get<std::int64_t>() > 0) {
        oldest = fromMillis(*last_.oldestUnshippedMs);
    }
    return Json{{"state", upstreamStateName(last_.state)},
                {"office_id", settings_.officeId},
                {"server", last_.server.empty() ? Json(nullptr) : Json(last_.server)},
                {"confirmed_seq", last_.confirmedSeq ? Json(*last_.confirmedSeq) : Json(nullptr)},
                {"local_seq", localSeq_},
                {"backlog_events", backlog},
                {"oldest_unshipped_at", iso(oldest)},
                {"oldest_age_seconds",
                 oldest ? Json(std::chrono::duration_cast<std::chrono::seconds>(now - *oldest).count()) : Json(nullptr)},
                {"last_contact", iso(last_.lastContact)},
                {"failing_since", iso(last_.failingSince)},
                {"detail", last_.detail.empty() ? Json(nullptr) : Json(last_.detail)}};
}

} // namespace qmsd::upstream
