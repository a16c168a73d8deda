#pragma once
// Builds the daemon's voice from the office's [voice] section: the clip set
// (the office's recordings over the generated defaults), the template checked
// against it for every counter and field, and the service that speaks each
// committed call. An error names the missing clip or the bad setting.
#include "config/office_config.hpp"
#include "core/result.hpp"
#include "voice/voice_service.hpp"

#include <memory>

namespace qmsd {

voice::VoiceSettings voiceSettingsFrom(const VoiceConfig& config);

Result<std::unique_ptr<voice::VoiceService>> startVoice(boost::asio::io_context& io, const OfficeConfig& config,
                                                       voice::VoiceService::Publish publish);

} // namespace qmsd
