#pragma once
// One ticket printer: its own worker thread does the blocking I/O (layout,
// status, sending), one job at a time; outcomes and state changes are posted
// back onto the daemon's loop.
//
// A job: status (DLE EOT 1..4) → refuse if paper out / cover open / error /
// offline / no reply, without sending anything → send the ticket → status
// again → printed, or failed with the fault.
#include "core/result.hpp"
#include "escpos/printer_link.hpp"
#include "escpos/printer_status.hpp"
#include "escpos/ticket_layout.hpp"

#include <boost/asio/io_context.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace qmsd::escpos {

struct PrinterConfig {
    std::string id;
    std::string kiosk; // the kiosk client whose tickets it prints
    LinkConfig link;
    LayoutOptions layout;
    bool queryStatus = true; // false only for printers that never answer DLE EOT (prints blind)
    std::string font = kDefaultFont;
    std::string boldFont = kDefaultBoldFont;
    std::chrono::milliseconds pollInterval{
        15000}; // status while idle, for the dashboard; 0 = never
};

// What the kiosk and the dashboard show about the printer.
struct PrinterState {
    std::string printer;
    PrinterFault fault = PrinterFault::noReply; // none = ready
    PrinterStatus status;                       // last status read (paperNearEnd is a warning)
    std::string detail;                         // English detail of the last failure, for the log
    std::uint64_t printed = 0;
    std::uint64_t failed = 0;
    bool operator==(const PrinterState&) const = default;
};

struct PrintOutcome {
    bool printed = false;
    PrinterFault fault = PrinterFault::none;
    // The fault came after (part of) the ticket was sent: a torn or blank
    // ticket may be in the tray.
    bool partial = false;
    std::string message;
};

class Printer {
  public:
    using Done = std::function<void(const PrintOutcome&)>;
    using OnState = std::function<void(const PrinterState&)>;

    // Opens the fonts (raster text); a missing font is a start-up error.
    static Result<std::unique_ptr<Printer>> create(boost::asio::io_context& loop,
                                                   PrinterConfig config, OnState onState);
    ~Printer();
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;

    void start();
    void stop(); // joins the worker; waits at most for the I/O in flight (bounded by timeouts)

    // Lays out and prints one ticket; `done` runs on the loop.
    void print(TicketPrint ticket, Done done);
    // Prints bytes already laid out (a test page).
    void printBytes(Bytes bytes, Done done);
    // A status check now (the dashboard's "refresh"): changes arrive via
    // onState as always, and `done` (if given) gets the state either way.
    void checkStatus(std::function<void(const PrinterState&)> done = {});

    const PrinterConfig& config() const { return config_; }

  private:
    Printer(boost::asio::io_context& loop, PrinterConfig config, OnState onState,
            std::unique_ptr<FontRenderer> fonts);
    void enqueue(std::function<void()> job);
    void run();
    PrintOutcome send(const Result<Bytes>& bytes);
    PrinterFault readStatus(PrinterStatus& status, std::string& detail);
    void finish(const PrintOutcome& outcome, const Done& done);
    void publish();

    boost::asio::io_context& loop_;
    PrinterConfig config_;
    OnState onState_;

    // Worker thread only.
    std::unique_ptr<FontRenderer> fonts_;
    PrinterLink link_;
    PrinterState state_;
    PrinterState published_;
    bool publishedOnce_ = false;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace qmsd::escpos
