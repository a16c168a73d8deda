#pragma once
// The wire to one printer: a USB printer-class device (/dev/usb/lp0), a serial
// port, or a TCP socket (port 9100). Blocking calls with a timeout, made only
// from that printer's worker thread (printer.hpp).
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace qmsd::escpos {

enum class Transport { usb, serial, tcp };

struct LinkConfig {
    Transport transport = Transport::tcp;
    std::string path; // usb, serial: /dev/usb/lp0, /dev/serial/by-id/...
    int baud = 19200; // serial: 8N1, RTS/CTS
    std::string host; // tcp: an address (no DNS on the worker)
    int port = 9100;
    std::chrono::milliseconds timeout{2000}; // per connect, write or status reply
};

struct LinkError {
    enum class Kind { timeout, closed, io } kind = Kind::io;
    std::string message;
};

class PrinterLink {
  public:
    explicit PrinterLink(LinkConfig config) : config_(std::move(config)) {}
    ~PrinterLink() { close(); }
    PrinterLink(const PrinterLink&) = delete;
    PrinterLink& operator=(const PrinterLink&) = delete;

    std::optional<LinkError> open();
    void close();
    bool isOpen() const { return fd_ >= 0; }
    // All of `bytes` within the timeout (a printer out of paper may stop
    // taking data; then this times out rather than hangs).
    std::optional<LinkError> write(std::span<const std::uint8_t> bytes);
    // One byte within the timeout.
    std::optional<LinkError> readByte(std::uint8_t& out);
    // Drops bytes already waiting (a late reply to an earlier request).
    void discardInput();

  private:
    std::optional<LinkError> openTcp();
    std::optional<LinkError> openDevice();

    LinkConfig config_;
    int fd_ = -1;
};

} // namespace qmsd::escpos
