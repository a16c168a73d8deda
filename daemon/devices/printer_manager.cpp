#include "devices/printer_manager.hpp"

#include "app/logging.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace qmsd {

escpos::PrinterConfig driverConfig(const PrinterConfig& p) {
    escpos::PrinterConfig c;
    c.id = p.id;
    c.kiosk = p.kiosk;
    c.link.transport = p.transport == PrinterTransport::usb      ? escpos::Transport::usb
                       : p.transport == PrinterTransport::serial ? escpos::Transport::serial
                                                                 : escpos::Transport::tcp;
    c.link.path = p.path;
    c.link.baud = p.baud;
    c.link.host = p.host;
    c.link.port = p.port;
    c.link.timeout = std::chrono::milliseconds{p.timeoutMs};
    c.layout.widthDots = p.widthDots;
    c.layout.textMode = p.textMode == PrinterTextMode::codepage ? escpos::TextMode::codepage
                        : p.textMode == PrinterTextMode::ascii  ? escpos::TextMode::ascii
                                                                : escpos::TextMode::raster;
    c.layout.codePage = p.codePage;
    c.layout.qrMode = p.qrMode == PrinterQrMode::raster ? escpos::QrMode::raster : escpos::QrMode::native;
    c.layout.qrModuleDots = p.qrModuleDots;
    c.layout.cut = p.cut == PrinterCut::full ? escpos::Cut::full : escpos::Cut::partial;
    c.queryStatus = p.queryStatus;
    c.pollInterval = std::chrono::milliseconds{p.statusPollMs};
    return c;
}

PrinterManager::PrinterManager(boost::asio::io_context& io, const OfficeConfig& config)
    : io_(io), log_(moduleLogger("printer")) {
    for (const auto& p : config.printers) {
        PrinterView v;
        v.config = p;
        v.state.printer = p.id;
        views_.push_back(std::move(v));
    }
}

PrinterManager::~PrinterManager() { stop(); }

Status PrinterManager::start() {
    for (const auto& v : views_) {
        auto made = escpos::Printer::create(io_, driverConfig(v.config),
                                            [this](const escpos::PrinterState& s) { onState(s); });
        if (!made) {
            return made.error();
        }
        (*made)->start();
        workers_[v.config.id] = std::move(*made);
        log_->info("printer={} kiosk={} started", v.config.id, v.config.kiosk);
    }
    return Ok{};
}

void PrinterManager::stop() {
    for (auto& [id, worker] : workers_) {
        worker->stop();
    }
    workers_.clear();
}

const PrinterView* PrinterManager::printerOfKiosk(const std::string& kiosk) const {
    for (const auto& v : views_) {
        if (v.config.kiosk == kiosk) {
            return &v;
        }
    }
    return nullptr;
}

const PrinterView* PrinterManager::printer(const std::string& id) const {
    for (const auto& v : views_) {
        if (v.config.id == id) {
            return &v;
        }
    }
    return nullptr;
}

PrinterView* PrinterManager::mutableView(const std::string& id) {
    return const_cast<PrinterView*>(printer(id));
}

void PrinterManager::checkStatus(const std::string& id,
                                 std::function<void(const escpos::PrinterState&)> done) {
    auto it = workers_.find(id);
    if (it == workers_.end()) {
        escpos::PrinterState s;
        s.printer = id;
        s.fault = escpos::PrinterFault::disconnected;
        s.detail = "printer not running";
        boost::asio::post(io_, [done = std::move(done), s] { done(s); });
        return;
    }
    it->second->checkStatus(std::move(done));
}

void PrinterManager::print(const std::string& id, escpos::TicketPrint ticket, escpos::Printer::Done done) {
    auto it = workers_.find(id);
    if (it == workers_.end()) {
        escpos::PrintOutcome out{false, escpos::PrinterFault::disconnected, false, "printer not running"};
        boost::asio::post(io_, [done = std::move(done), out] { done(out); });
        return;
    }
    it->second->print(std::move(ticket), std::move(done));
}

void PrinterManager::onState(const escpos::PrinterState& state) {
    PrinterView* v = mutableView(state.printer);
    if (v == nullptr) {
        return;
    }
    bool faultChanged = !v->seen || v->state.fault != state.fault;
    v->state = state;
    v->seen = true;
    if (state.fault == escpos::PrinterFault::none) {
        v->lastSeen = systemNow();
    }
    if (faultChanged) {
        if (state.fault == escpos::PrinterFault::none) {
            log_->info("printer={} ready{}", state.printer, state.status.paperNearEnd ? " paper_near_end" : "");
        } else {
            log_->error("printer={} fault={} detail=\"{}\"", state.printer, escpos::faultName(state.fault),
                        state.detail);
        }
    }
    if (listener_) {
        listener_(*v);
    }
}

void PrinterManager::rememberFailure(TicketId ticket, const std::string& printerId,
                                     const escpos::PrintOutcome& outcome) {
    failures_[ticket] = Failure{printerId, outcome};
}

const PrinterManager::Failure* PrinterManager::failureOf(TicketId ticket) const {
    auto it = failures_.find(ticket);
    return it == failures_.end() ? nullptr : &it->second;
}

} // namespace qmsd
