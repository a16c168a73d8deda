#include "escpos/printer.hpp"

#include <boost/asio/post.hpp>

namespace qmsd::escpos {
namespace {

PrinterFault faultOf(const LinkError& e) {
    return e.kind == LinkError::Kind::timeout ? PrinterFault::noReply : PrinterFault::disconnected;
}

} // namespace

Result<std::unique_ptr<Printer>> Printer::create(boost::asio::io_context& loop,
                                                 PrinterConfig config, OnState onState) {
    std::unique_ptr<FontRenderer> fonts;
    if (config.layout.textMode == TextMode::raster) {
        auto opened = FontRenderer::open(config.font, config.boldFont);
        if (!opened)
            return makeError(opened.error().code,
                             "printer " + config.id + ": " + opened.error().message);
        fonts = std::move(*opened);
    }
    return std::unique_ptr<Printer>(
        new Printer(loop, std::move(config), std::move(onState), std::move(fonts)));
}

Printer::Printer(boost::asio::io_context& loop, PrinterConfig config, OnState onState,
                 std::unique_ptr<FontRenderer> fonts)
    : loop_(loop), config_(std::move(config)), onState_(std::move(onState)),
      fonts_(std::move(fonts)), link_(config_.link) {
    state_.printer = config_.id;
}

Printer::~Printer() {
    stop();
}

void Printer::start() {
    if (thread_.joinable())
        return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
    checkStatus(); // so the dashboard knows the printer's state from the start
}

void Printer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
    link_.close();
}

void Printer::enqueue(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void Printer::print(TicketPrint ticket, Done done) {
    enqueue([this, ticket = std::move(ticket), done = std::move(done)] {
        finish(send(layoutTicket(ticket, config_.layout, fonts_.get())), done);
    });
}

void Printer::printBytes(Bytes bytes, Done done) {
    enqueue(
        [this, bytes = std::move(bytes), done = std::move(done)] { finish(send(bytes), done); });
}

void Printer::checkStatus(std::function<void(const PrinterState&)> done) {
    enqueue([this, done = std::move(done)] {
        if (config_.queryStatus) {
            state_.fault = readStatus(state_.status, state_.detail);
        } else if (!link_.isOpen()) {
            auto err = link_.open();
            state_.fault = err ? PrinterFault::disconnected : PrinterFault::none;
            state_.detail = err ? err->message : "";
        }
        publish();
        if (done)
            boost::asio::post(loop_, [done, s = state_] { done(s); });
    });
}

void Printer::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (jobs_.empty()) {
            const auto ready = [this] { return stopping_ || !jobs_.empty(); };
            if (config_.pollInterval.count() > 0) {
                if (!wake_.wait_for(lock, config_.pollInterval, ready) && config_.queryStatus) {
                    lock.unlock();
                    state_.fault = readStatus(state_.status, state_.detail);
                    publish();
                    lock.lock();
                }
            } else {
                wake_.wait(lock, ready);
            }
            continue;
        }
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
}

// Asks DLE EOT 1..4 in turn. A link that fails is closed, to be reopened by
// the next job (a printer switched off and on, a replugged cable).
PrinterFault Printer::readStatus(PrinterStatus& status, std::string& detail) {
    if (!link_.isOpen()) {
        if (auto err = link_.open()) {
            detail = err->message;
            return PrinterFault::disconnected;
        }
    }
    link_.discardInput();
    std::uint8_t reply[4] = {};
    for (int n = 1; n <= 4; ++n) {
        auto err = link_.write(cmd::statusRequest(n));
        if (!err)
            err = link_.readByte(reply[n - 1]);
        if (err) {
            link_.close();
            detail = "status " + std::to_string(n) + ": " + err->message;
            return faultOf(*err);
        }
    }
    auto parsed = parseStatus(reply[0], reply[1], reply[2], reply[3]);
    if (!parsed) {
        link_.close();
        detail = parsed.error().message;
        return PrinterFault::badReply;
    }
    status = *parsed;
    detail.clear();
    return status.fault();
}

PrintOutcome Printer::send(const Result<Bytes>& bytes) {
    if (!bytes)
        return {false, PrinterFault::error, false, "ticket layout: " + bytes.error().message};
    PrintOutcome out;
    if (config_.queryStatus) {
        state_.fault = readStatus(state_.status, state_.detail);
        if (state_.fault != PrinterFault::none)
            return {false, state_.fault, false,
                    state_.detail.empty() ? std::string(faultName(state_.fault)) : state_.detail};
    } else if (!link_.isOpen()) {
        if (auto err = link_.open()) {
            state_.fault = PrinterFault::disconnected;
            state_.detail = err->message;
            return {false, state_.fault, false, err->message};
        }
    }
    if (auto err = link_.write(*bytes)) {
        link_.close();
        state_.fault = faultOf(*err);
        state_.detail = "sending the ticket: " + err->message;
        return {false, state_.fault, true, state_.detail};
    }
    if (config_.queryStatus) {
        // DLE EOT is answered as it arrives, before the buffer is printed: this
        // catches a roll that ran out or a cover opened during the ticket.
        state_.fault = readStatus(state_.status, state_.detail);
        if (state_.fault != PrinterFault::none)
            return {false, state_.fault, true,
                    state_.detail.empty() ? std::string(faultName(state_.fault)) : state_.detail};
    }
    state_.fault = PrinterFault::none;
    out.printed = true;
    return out;
}

void Printer::finish(const PrintOutcome& outcome, const Done& done) {
    ++(outcome.printed ? state_.printed : state_.failed);
    publish();
    if (done)
        boost::asio::post(loop_, [done, outcome] { done(outcome); });
}

void Printer::publish() {
    if (publishedOnce_ && state_ == published_)
        return;
    published_ = state_;
    publishedOnce_ = true;
    if (onState_)
        boost::asio::post(loop_, [cb = onState_, s = state_] { cb(s); });
}

} // namespace qmsd::escpos
