#include "upstream/shipper.hpp"

#include "app/logging.hpp"
#include "clock/office_clock.hpp"
#include "pg/centre_schema.hpp"
#include "upstream/retry_delay.hpp"
#include "upstream/wire.hpp"

#include <algorithm>
#include <random>

namespace qmsd::upstream {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kFailureLogEvery = std::chrono::minutes{5};
constexpr auto kRefusedRetry = Millis{300'000};
constexpr auto kConfirmedSaveEvery = std::chrono::seconds{10};

} // namespace

std::string_view upstreamStateName(UpstreamState s) {
    switch (s) {
    case UpstreamState::off:
        return "off";
    case UpstreamState::connecting:
        return "connecting";
    case UpstreamState::shipping:
        return "shipping";
    case UpstreamState::caughtUp:
        return "caught_up";
    case UpstreamState::down:
        return "down";
    case UpstreamState::refused:
        return "refused";
    }
    return "off";
}

Shipper::Shipper(boost::asio::io_context& io, ShipperOptions options, ReportFn report)
    : io_(io), options_(std::move(options)), reportFn_(std::move(report)), log_(moduleLogger("upstream")),
      timer_(io), jitter_(std::random_device{}()) {}

Shipper::~Shipper() = default;

void Shipper::start(std::shared_ptr<const OfficeConfig> config) {
    config_ = std::move(config);
    schedule(Millis{0});
}

void Shipper::stop() {
    stopped_ = true;
    timer_.cancel();
    if (local_ && state_.confirmedSeq) {
        local_->saveConfirmedSeq(*state_.confirmedSeq);
    }
    conn_ = pg::Connection{};
}

void Shipper::onCommitted(std::int64_t lastSeq) {
    localSeq_ = std::max(localSeq_, lastSeq);
    if (!backingOff_) {
        auto since = std::chrono::duration_cast<Millis>(Clock::now() - lastSent_);
        schedule(std::max(Millis{0}, options_.minInterval - since));
    }
}

void Shipper::onConfig(std::shared_ptr<const OfficeConfig> config) {
    config_ = std::move(config);
    onCommitted(localSeq_); // the new snapshot row goes with the next batch
}

void Shipper::onStatus(std::string statusJson) {
    status_ = std::move(statusJson);
    statusDirty_ = true;
    onCommitted(localSeq_);
}

void Shipper::schedule(Millis delay) {
    if (stopped_) {
        return;
    }
    auto at = Clock::now() + delay;
    if (timerArmed_ && timerAt_ <= at) {
        return; // an earlier wake-up is already set
    }
    timerArmed_ = true;
    timerAt_ = at;
    timer_.expires_at(at);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted) {
            return; // re-armed earlier, or stopped
        }
        timerArmed_ = false;
        step();
    });
}

void Shipper::step() {
    if (stopped_) {
        return;
    }
    if (!ensureConnected()) {
        return;
    }
    if (!helloDone_ && !hello()) {
        return;
    }
    bool more = false;
    if (!shipOnce(more)) {
        return;
    }
    backingOff_ = false;
    backoff_ = Millis{0};
    schedule(more ? Millis{0} : Millis{options_.settings.statusSeconds * 1000});
}

bool Shipper::ensureConnected() {
    if (!local_) {
        auto opened = LocalLog::open(options_.dbPath);
        if (!opened) {
            failed(opened.error(), Millis{0});
            return false;
        }
        local_ = std::move(*opened);
        // What the centre confirmed last time (nothing: 0), until it says again.
        if (auto hint = local_->confirmedSeq(); hint && *hint) {
            confirmed_ = **hint;
        }
        state_.confirmedSeq = confirmed_;
        if (auto last = local_->lastSeq(); last) {
            localSeq_ = std::max(localSeq_, *last);
        }
        refreshOldest();
    }
    if (conn_.ok()) {
        return true;
    }
    helloDone_ = false;
    if (state_.state != UpstreamState::down && state_.state != UpstreamState::refused) {
        state_.state = UpstreamState::connecting;
        report();
    }
    pg::ConnectParams params;
    params.conninfo = options_.settings.conninfo;
    params.password = options_.password;
    params.applicationName = "qmsd " + options_.settings.officeId;
    params.wakeFd = options_.wakeFd;
    params.queryTimeoutSeconds = 180; // statement_timeout (120 s) answers first on a live server
    auto c = pg::Connection::open(params);
    if (!c) {
        failed(c.error(), Millis{0});
        return false;
    }
    conn_ = std::move(*c);
    state_.server = conn_.describe();
    if (auto st = conn_.run("SET statement_timeout = '120s'; SET client_min_messages = warning"); !st) {
        failed(st.error(), Millis{0});
        return false;
    }
    auto version = pg::readCentreSchemaVersion(conn_);
    if (!version) {
        failed(version.error(), Millis{0});
        return false;
    }
    if (*version < pg::kShipperMinSchema) {
        failed(makeError(ErrorCode::storageFailed,
                         "the centre's database " + state_.server + " has no qmsd schema (version " +
                             std::to_string(*version) + "): run `qmsd-city migrate` there"),
               options_.maxBackoff);
        return false;
    }
    return true;
}

bool Shipper::hello() {
    auto r = conn_.exec("SELECT r_status, r_shipped_seq, r_last_at_ms, r_last_kind, r_config_id, r_detail "
                        "FROM qmsd_hello($1, $2, $3, $4, $5)",
                        {options_.settings.officeId, options_.installId, config_->office.name,
                         config_->office.timeZone, options_.version});
    if (!r) {
        failed(r.error(), Millis{0});
        return false;
    }
    if (r->text(0, 0) == "refused") {
        refused("the centre refused this office: " + std::string(r->text(0, 5)) +
                ". Give this office its own upstream.office_id.");
        return false;
    }
    std::int64_t shipped = r->int64(0, 1);
    auto localLast = local_->lastSeq();
    if (!localLast) {
        failed(localLast.error(), Millis{0});
        return false;
    }
    const std::string& id = options_.settings.officeId;
    if (shipped > *localLast) {
        refused("the centre holds events 1…" + std::to_string(shipped) + " of office \"" + id +
                "\" but this store ends at " + std::to_string(*localLast) +
                ": restored from an older backup, or another office's id? Nothing shipped.");
        return false;
    }
    if (shipped > 0 && !r->isNull(0, 2)) {
        auto mine = local_->eventAt(shipped);
        if (!mine) {
            failed(mine.error(), Millis{0});
            return false;
        }
        if (!*mine || (*mine)->first != r->int64(0, 2) || (*mine)->second != r->text(0, 3)) {
            refused("event " + std::to_string(shipped) + " at the centre (" + std::string(r->text(0, 3)) +
                    ") is not this store's: office id \"" + id + "\" holds another store's history. "
                    "Nothing shipped.");
            return false;
        }
    }
    bool wasFailing = state_.failingSince.has_value();
    confirmed_ = shipped;
    centreConfigId_ = r->int64(0, 4);
    helloDone_ = true;
    state_.confirmedSeq = confirmed_;
    state_.detail.clear();
    localSeq_ = std::max(localSeq_, *localLast);
    log_->info("connected server={} office={} centre_holds={} local_seq={} backlog={}{}", state_.server, id,
               confirmed_, localSeq_, backlog(), wasFailing ? " (back after a failure)" : "");
    return true;
}

bool Shipper::shipOnce(bool& more) {
    auto batch = local_->readAfter(confirmed_, options_.settings.batchSize);
    if (!batch) {
        failed(batch.error(), Millis{0});
        return false;
    }
    bool atHead = batch->count < options_.settings.batchSize;
    more = !atHead;
    auto snaps = local_->snapshotsAfter(centreConfigId_);
    if (!snaps) {
        failed(snaps.error(), Millis{0});
        return false;
    }
    bool heartbeat = Clock::now() - lastSent_ >= std::chrono::seconds{options_.settings.statusSeconds};
    if (batch->count == 0 && snaps->empty() && !statusDirty_ && !heartbeat) {
        state_.state = UpstreamState::caughtUp;
        report();
        return true;
    }
    auto today = OfficeClock::forZone(config_->office.timeZone);
    std::string days = today ? dayPayloads(*batch, atHead, today->localDay(systemNow())) : "";
    Json configs = Json::array();
    for (const auto& s : *snaps) {
        Json parsed = Json::parse(s.config, nullptr, false);
        if (parsed.is_discarded()) {
            continue; // our own row; never happens, but the events must still go
        }
        configs.push_back(Json{{"id", s.id}, {"taken_at_ms", s.takenAtMs}, {"after_seq", s.afterSeq},
                               {"hash", s.hash}, {"config", std::move(parsed)}});
    }
    std::int64_t next = batch->count > 0 ? batch->lastSeq + 1 : confirmed_ + 1;
    auto nextEvent = local_->eventAt(next);
    std::optional<std::int64_t> oldest;
    if (nextEvent && *nextEvent) {
        oldest = (*nextEvent)->first;
    }
    localSeq_ = std::max(localSeq_, batch->lastSeq);
    bool sentStatus = statusDirty_;
    auto r = conn_.exec("SELECT qmsd_ingest($1, $2, $3, $4::json, $5::json, $6::json, $7::json, $8, $9)",
                        {options_.settings.officeId, options_.installId, std::to_string(confirmed_),
                         batch->json, days.empty() ? std::nullopt : std::optional<std::string>(days),
                         configs.empty() ? std::nullopt : std::optional<std::string>(configs.dump()),
                         sentStatus ? std::optional<std::string>(status_) : std::nullopt,
                         std::to_string(localSeq_), oldest ? std::optional(std::to_string(*oldest)) : std::nullopt});
    if (!r) {
        std::string state = pg::sqlstateOf(r.error());
        if (state == "QM002") {
            refused(r.error().message);
        } else {
            failed(r.error(), state == "QM003" ? Millis{1000} : Millis{0});
        }
        return false;
    }
    confirmed_ = r->int64(0, 0);
    if (!snaps->empty()) {
        centreConfigId_ = snaps->back().id;
    }
    if (sentStatus) {
        statusDirty_ = false;
    }
    lastSent_ = Clock::now();
    if (state_.failingSince) {
        auto down = std::chrono::duration_cast<std::chrono::seconds>(systemNow() - *state_.failingSince);
        log_->info("back: the centre answers again after {} s ({} failed attempts); shipping the backlog of {} events",
                   down.count(), failuresSinceLog_, backlog() + batch->count);
        state_.failingSince.reset();
        failuresSinceLog_ = 0;
        lastFailureLog_ = {};
    }
    state_.state = more ? UpstreamState::shipping : UpstreamState::caughtUp;
    state_.detail.clear();
    state_.confirmedSeq = confirmed_;
    state_.oldestUnshippedMs = oldest;
    state_.lastContact = systemNow();
    state_.shippedThisRun += batch->count;
    if (atHead || Clock::now() - lastConfirmedSave_ >= kConfirmedSaveEvery) {
        local_->saveConfirmedSeq(confirmed_);
        lastConfirmedSave_ = Clock::now();
    }
    report();
    return true;
}

// The days this batch completes: every day but the last, and the last too
// when the batch reached the newest event. The digest itself only for days
// over at the office; today's per-field sums go each time, kept current.
std::string Shipper::dayPayloads(const EventBatch& batch, bool atHead, const std::string& today) {
    Json out = Json::array();
    for (std::size_t i = 0; i < batch.days.size(); ++i) {
        if (i + 1 == batch.days.size() && !atHead) {
            break;
        }
        const std::string& day = batch.days[i].first;
        bool closed = day < today;
        auto d = local_->digest(*config_, day, closed ? std::nullopt : std::optional<TimePoint>(systemNow()));
        if (!d) {
            // The events still go; the centre computes the day itself.
            log_->warn("day {} not summarised for the centre: {}", day, d.error().message);
            continue;
        }
        out.push_back(dayPayload(*d, *config_, closed));
    }
    return out.empty() ? std::string{} : out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void Shipper::failed(const Error& e, Millis retry) {
    conn_ = pg::Connection{};
    helloDone_ = false;
    if (stopped_ || e.message.find(": stopped") != std::string::npos) {
        return;
    }
    auto now = Clock::now();
    state_.state = UpstreamState::down;
    state_.detail = e.message;
    if (!state_.failingSince) {
        state_.failingSince = systemNow();
    }
    refreshOldest();
    if (lastFailureLog_ == Clock::time_point{}) {
        log_->warn("cannot ship to the centre: {}; events wait here (backlog={}) and go when it is back",
                   e.message, backlog());
        lastFailureLog_ = now;
    } else if (now - lastFailureLog_ >= kFailureLogEvery) {
        auto minutes = std::chrono::duration_cast<std::chrono::minutes>(systemNow() - *state_.failingSince);
        log_->warn("still cannot ship after {} min ({} attempts): {}; backlog={} events", minutes.count(),
                   failuresSinceLog_ + 1, e.message, backlog());
        lastFailureLog_ = now;
    }
    ++failuresSinceLog_;
    report();
    auto step = nextRetry(RetryPolicy{options_.absentRetry, options_.maxBackoff}, backoff_, e.message,
                          std::uniform_real_distribution<double>(0.0, 1.0)(jitter_));
    backoff_ = step.nominal;
    backingOff_ = true;
    schedule(retry > Millis{0} ? retry : step.wait);
}

void Shipper::refused(const std::string& why) {
    conn_ = pg::Connection{};
    helloDone_ = false;
    auto now = Clock::now();
    bool changed = state_.state != UpstreamState::refused || state_.detail != why;
    state_.state = UpstreamState::refused;
    state_.detail = why;
    if (!state_.failingSince) {
        state_.failingSince = systemNow();
    }
    refreshOldest();
    if (changed || now - lastFailureLog_ >= kFailureLogEvery) {
        log_->error("{} backlog={} events", why, backlog());
        lastFailureLog_ = now;
    }
    report();
    backingOff_ = true;
    schedule(std::min(kRefusedRetry, options_.maxBackoff * 5));
}

void Shipper::refreshOldest() {
    if (!local_) {
        return;
    }
    auto e = local_->eventAt(confirmed_ + 1);
    state_.oldestUnshippedMs.reset();
    if (e && *e) {
        state_.oldestUnshippedMs = (*e)->first;
    }
}

std::int64_t Shipper::backlog() const { return std::max<std::int64_t>(0, localSeq_ - confirmed_); }

void Shipper::report() {
    if (reportFn_) {
        reportFn_(state_);
    }
}

} // namespace qmsd::upstream
