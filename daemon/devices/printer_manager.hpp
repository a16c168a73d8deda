#pragma once
// The kiosks' ticket printers ([[printer]]): one escpos::Printer each, with its
// own worker thread; outcomes and state changes arrive on the daemon's loop.
// Keeps each printer's last state for the API (/devices, the kiosk's
// GET /printer) and the print failures of today's tickets, so that a kiosk
// retrying the same request gets the same answer.
#include "config/office_config.hpp"
#include "core/time.hpp"
#include "engine/ticket.hpp"
#include "escpos/printer.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace qmsd {

struct PrinterView {
    PrinterConfig config;
    escpos::PrinterState state;
    bool seen = false;   // false until the first status came back
    TimePoint lastSeen{}; // last report with no fault
};

class PrinterManager {
  public:
    PrinterManager(boost::asio::io_context& io, const OfficeConfig& config);
    ~PrinterManager();

    // Opens the fonts and starts every printer's worker (a missing font is a
    // start-up error). Printers added by a reload wait for a restart.
    Status start();
    void stop();

    const PrinterView* printerOfKiosk(const std::string& kiosk) const;
    const PrinterView* printer(const std::string& id) const;
    const std::vector<PrinterView>& printers() const { return views_; }

    // Both run `done` on the loop. Unknown id: done with fault disconnected.
    void checkStatus(const std::string& id, std::function<void(const escpos::PrinterState&)> done);
    void print(const std::string& id, escpos::TicketPrint ticket, escpos::Printer::Done done);

    // Called on the loop whenever a printer's state changes.
    void setStateListener(std::function<void(const PrinterView&)> listener) {
        listener_ = std::move(listener);
    }

    // A kiosk ticket cancelled because its print failed (in memory: a retry
    // after a restart gets the cancelled ticket's plain state instead).
    void rememberFailure(TicketId ticket, const std::string& printerId, const escpos::PrintOutcome& outcome);
    struct Failure {
        std::string printer;
        escpos::PrintOutcome outcome;
    };
    const Failure* failureOf(TicketId ticket) const;

  private:
    void onState(const escpos::PrinterState& state);
    PrinterView* mutableView(const std::string& id);

    boost::asio::io_context& io_;
    std::shared_ptr<spdlog::logger> log_;
    std::vector<PrinterView> views_;
    std::map<std::string, std::unique_ptr<escpos::Printer>> workers_; // by printer id
    std::map<TicketId, Failure> failures_;
    std::function<void(const PrinterView&)> listener_;
};

// The driver's settings for one configured printer.
escpos::PrinterConfig driverConfig(const PrinterConfig& p);

} // namespace qmsd
