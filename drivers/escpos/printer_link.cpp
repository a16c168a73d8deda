#include "escpos/printer_link.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

namespace qmsd::escpos {
namespace {

LinkError ioError(const std::string& what) {
    return {LinkError::Kind::io, what + ": " + std::strerror(errno)};
}

// Waits for `events` on fd; false on timeout.
std::optional<LinkError> waitFor(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd p{fd, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return ioError("poll");
        if (n == 0)
            return LinkError{LinkError::Kind::timeout,
                             "no answer within " + std::to_string(timeout.count()) + " ms"};
        if ((p.revents & (POLLERR | POLLNVAL)) != 0 ||
            ((p.revents & POLLHUP) != 0 && (p.revents & events) == 0))
            return LinkError{LinkError::Kind::closed, "connection closed"};
        return std::nullopt;
    }
}

speed_t speedOf(int baud) {
    switch (baud) {
    case 9600:
        return B9600;
    case 19200:
        return B19200;
    case 38400:
        return B38400;
    case 57600:
        return B57600;
    case 115200:
        return B115200;
    default:
        return B0;
    }
}

} // namespace

std::optional<LinkError> PrinterLink::open() {
    close();
    return config_.transport == Transport::tcp ? openTcp() : openDevice();
}

void PrinterLink::close() {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

std::optional<LinkError> PrinterLink::openTcp() {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(config_.port));
    if (::inet_pton(AF_INET, config_.host.c_str(), &addr.sin_addr) != 1)
        return LinkError{LinkError::Kind::io, "not an IPv4 address: " + config_.host};
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0)
        return ioError("socket");
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // status requests go out at once
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 &&
        errno != EINPROGRESS) {
        auto err = ioError("connect " + config_.host);
        close();
        return err;
    }
    if (auto err = waitFor(fd_, POLLOUT, config_.timeout)) {
        close();
        return LinkError{err->kind, "connect " + config_.host + ": " + err->message};
    }
    int soError = 0;
    socklen_t len = sizeof soError;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &soError, &len);
    if (soError != 0) {
        close();
        return LinkError{LinkError::Kind::io,
                         "connect " + config_.host + ": " + std::strerror(soError)};
    }
    return std::nullopt;
}

std::optional<LinkError> PrinterLink::openDevice() {
    fd_ = ::open(config_.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0)
        return ioError("open " + config_.path);
    if (config_.transport == Transport::serial) {
        termios tio{};
        const speed_t speed = speedOf(config_.baud);
        if (speed == B0 || ::tcgetattr(fd_, &tio) != 0) {
            close();
            return LinkError{LinkError::Kind::io, "cannot set up serial port " + config_.path};
        }
        ::cfmakeraw(&tio);
        tio.c_cflag |= CLOCAL | CREAD | CRTSCTS; // printers hold CTS while their buffer is full
        ::cfsetispeed(&tio, speed);
        ::cfsetospeed(&tio, speed);
        ::tcsetattr(fd_, TCSANOW, &tio);
    }
    return std::nullopt;
}

std::optional<LinkError> PrinterLink::write(std::span<const std::uint8_t> bytes) {
    if (fd_ < 0)
        return LinkError{LinkError::Kind::closed, "not open"};
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK) {
            const ssize_t m = ::write(fd_, bytes.data() + done, bytes.size() - done);
            if (m > 0) {
                done += static_cast<std::size_t>(m);
                continue;
            }
            if (m < 0 && errno != EAGAIN && errno != EINTR)
                return ioError("write");
        } else if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return errno == EPIPE || errno == ECONNRESET
                       ? LinkError{LinkError::Kind::closed, "connection closed"}
                       : ioError("write");
        }
        if (auto err = waitFor(fd_, POLLOUT, config_.timeout))
            return err;
    }
    return std::nullopt;
}

std::optional<LinkError> PrinterLink::readByte(std::uint8_t& out) {
    if (fd_ < 0)
        return LinkError{LinkError::Kind::closed, "not open"};
    for (;;) {
        if (auto err = waitFor(fd_, POLLIN, config_.timeout))
            return err;
        const ssize_t n = ::read(fd_, &out, 1);
        if (n == 1)
            return std::nullopt;
        if (n == 0)
            return LinkError{LinkError::Kind::closed, "connection closed"};
        if (errno != EAGAIN && errno != EINTR)
            return ioError("read");
    }
}

void PrinterLink::discardInput() {
    if (fd_ < 0)
        return;
    std::uint8_t buf[64];
    while (::read(fd_, buf, sizeof buf) > 0) {
    }
}

} // namespace qmsd::escpos
