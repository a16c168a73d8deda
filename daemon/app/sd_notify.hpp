#pragma once
// systemd's notify protocol (READY=1, RELOADING=1, STOPPING=1, WATCHDOG=1):
// one datagram to $NOTIFY_SOCKET. A no-op when not started by systemd, so no
// libsystemd dependency is needed for four lines of protocol.
#include <chrono>
#include <optional>
#include <string_view>

namespace qmsd {

bool sdNotify(std::string_view state);
// Half the watchdog interval systemd asked for, if it asked.
std::optional<std::chrono::milliseconds> sdWatchdogInterval();

} // namespace qmsd
