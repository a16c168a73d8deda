#pragma once
// RIFF/WAVE for 16-bit mono PCM, the only format clips come in (make_clips.sh
// writes it; recorded clips must be converted to it). Errors name the file.
#include "core/result.hpp"
#include "voice/pcm.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace qmsd::voice {

// `name` only labels error messages.
Result<Pcm> parseWav(std::span<const std::uint8_t> bytes, const std::string& name);
Result<Pcm> readWavFile(const std::string& path);

// A canonical 44-byte-header WAV: what the TV page is served.
std::vector<std::uint8_t> encodeWav(const Pcm& pcm);
// Written beside the target and renamed, so a reader never sees half a file.
Status writeWavFile(const std::string& path, const Pcm& pcm);

} // namespace qmsd::voice
