#include "app/sd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace qmsd {

bool sdNotify(std::string_view state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (path == nullptr || path[0] == '\0') {
        return false;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::size_t len = std::strlen(path);
    if (len >= sizeof(addr.sun_path)) {
        return false;
    }
    std::memcpy(addr.sun_path, path, len);
    if (addr.sun_path[0] == '@') {
        addr.sun_path[0] = '\0'; // abstract namespace
    }
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    auto addrLen = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len);
    bool ok = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                       reinterpret_cast<const sockaddr*>(&addr), addrLen) >= 0;
    ::close(fd);
    return ok;
}

std::optional<std::chrono::milliseconds> sdWatchdogInterval() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (usec == nullptr) {
        return std::nullopt;
    }
    long long us = std::atoll(usec);
    if (us <= 0) {
        return std::nullopt;
    }
    return std::chrono::milliseconds{us / 2000};
}

} // namespace qmsd
