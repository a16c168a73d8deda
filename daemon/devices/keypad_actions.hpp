#pragma once
// Which engine commands a hardware key means, per the device's `keys` table.
// The same commands the counter page sends; the engine's state checks apply.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "engine/command.hpp"
#include "engine/queue_engine.hpp"

#include <vector>

namespace qmsd {

// "12" and "0x0C" are the same key code.
std::optional<int> parseKeyCode(const std::string& text);

Result<std::vector<Command>> keypadCommands(const DeviceConfig& device, int keyCode,
                                            const QueueEngine& engine, const OfficeConfig& config);

} // namespace qmsd
