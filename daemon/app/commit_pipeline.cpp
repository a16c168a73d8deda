#include "app/commit_pipeline.hpp"

#include "app/commit_writer.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace qmsd {

namespace {

constexpr std::chrono::microseconds kMaxGather{1000};

} // namespace

CommitPipeline::CommitPipeline(boost::asio::io_context& io, Journal& journal, std::unique_ptr<CommitWriter> writer,
                               std::shared_ptr<spdlog::logger> log)
    : io_(io), journal_(journal), writer_(std::move(writer)), log_(log),
      failures_(std::move(log), "commit", std::chrono::seconds{10}), gatherTimer_(io) {}

CommitPipeline::~CommitPipeline() { writer_.reset(); }

void CommitPipeline::submit(Submission s) {
    queued_.push_back(std::move(s));
    ++arrived_;
    if (gathering_ && arrived_ >= answered_) {
        gathering_ = false; // everyone answered is back: no need to wait longer
        gatherTimer_.cancel();
        post();
        return;
    }
    schedule();
}

bool CommitPipeline::onDisk() const { return writer_ != nullptr && writer_->inFlight(); }

void CommitPipeline::schedule() {
    if (posted_ || inFlight_ || gathering_) {
        return; // a commit under way: onCommitted() plans the queue next
    }
    if (arrived_ < answered_ && Steady::now() < gatherUntil_) {
        gathering_ = true;
        gatherTimer_.expires_at(gatherUntil_);
        gatherTimer_.async_wait([this](const boost::system::error_code& ec) {
            if (ec == boost::asio::error::operation_aborted) {
                return;
            }
            gathering_ = false;
            post();
        });
        return;
    }
    post();
}

// Plans what reached the loop in this turn once the turn is over, so commands
// arriving together share a commit.
void CommitPipeline::post() {
    if (posted_) {
        return;
    }
    posted_ = true;
    boost::asio::post(io_, [this] {
        posted_ = false;
        flush();
    });
}

void CommitPipeline::flush() {
    if (inFlight_) {
        return;
    }
    runIdleWork();
    while (!queued_.empty() && !stopping_) {
        Journal::Batch batch = journal_.plan(queued_);
        if (batch.events->empty()) {
            journal_.complete(std::move(batch), Ok{}); // refused as planned: nothing to write
            continue;
        }
        auto events = batch.events;
        log_->debug("commit commands={} events={}", batch.commands.size(), events->size());
        inFlight_ = std::move(batch);
        sentAt_ = Steady::now();
        writer_->commit(std::move(events), [this](Status st) { onCommitted(std::move(st)); });
        return;
    }
    runWaiters();
}

void CommitPipeline::onCommitted(Status st) {
    auto took = Steady::now() - sentAt_;
    Journal::Batch batch = std::move(*inFlight_);
    inFlight_.reset();
    std::size_t requests = batch.commands.size();
    std::size_t events = batch.events->size();
    Status result = journal_.complete(std::move(batch), st);
    if (observer_) {
        observer_(took, requests, events, static_cast<bool>(result));
    }
    if (!result) {
        failures_.failed(result.error(), requests, systemNow());
    } else {
        failures_.succeeded(systemNow());
    }
    answered_ = requests;
    arrived_ = 0;
    gatherUntil_ = Steady::now() + std::min<Steady::duration>(took / 2, kMaxGather);
    // Memory is as the store is: reads waiting go now, before the commands
    // queued meanwhile are planned, so a steady stream of writes never
    // starves them.
    runWaiters();
    runIdleWork();
    if (!queued_.empty()) {
        schedule();
    }
}

void CommitPipeline::runIdleWork() {
    auto idle = std::move(idleWork_);
    idleWork_.clear();
    for (auto& fn : idle) {
        fn();
    }
}

void CommitPipeline::runWaiters() {
    if (inFlight_ || journal_.showsUncommitted()) {
        return;
    }
    auto waiters = std::move(waiters_);
    waiters_.clear();
    for (auto& w : waiters) {
        w();
    }
}

void CommitPipeline::whenCommitted(std::function<void()> fn) {
    if (inFlight_ || journal_.showsUncommitted()) {
        waiters_.push_back(std::move(fn));
        return;
    }
    fn();
}

void CommitPipeline::whenIdle(std::function<void()> fn) {
    if (!inFlight_) {
        fn();
        return;
    }
    idleWork_.push_back(std::move(fn));
}

void CommitPipeline::drain() {
    stopping_ = true;
    gatherTimer_.cancel();
    while (!queued_.empty()) {
        Journal::Batch batch = journal_.plan(queued_);
        Status st = batch.events->empty() ? Status{Ok{}} : writer_->commitNow(*batch.events);
        if (auto r = journal_.complete(std::move(batch), st); !r) {
            log_->error("final commit failed: {}", r.error().message);
        }
    }
}

} // namespace qmsd
