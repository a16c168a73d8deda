#include "voice/wav_file.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

namespace qmsd::voice {
namespace {

std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
           static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}
std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}
bool tagIs(std::span<const std::uint8_t> b, std::size_t at, std::string_view tag) {
    return b.size() >= at + 4 && std::string_view(reinterpret_cast<const char*>(&b[at]), 4) == tag;
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
}
void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void putTag(std::vector<std::uint8_t>& out, std::string_view tag) {
    out.insert(out.end(), tag.begin(), tag.end());
}
Error bad(const std::string& name, const std::string& what) {
    return makeError(ErrorCode::invalidArgument, name + ": " + what);
}

} // namespace

Result<Pcm> parseWav(std::span<const std::uint8_t> b, const std::string& name) {
    if (!tagIs(b, 0, "RIFF") || !tagIs(b, 8, "WAVE")) {
        return bad(name, "not a RIFF/WAVE file");
    }
    bool haveFmt = false;
    Pcm pcm;
    std::size_t at = 12;
    while (at + 8 <= b.size()) {
        const std::uint32_t size = le32(b, at + 4);
        const std::size_t body = at + 8;
        const std::size_t avail = b.size() - body;
        if (tagIs(b, at, "fmt ")) {
            if (size < 16 || avail < 16) {
                return bad(name, "fmt chunk too short");
            }
            std::uint16_t format = le16(b, body);
            if (format == 0xFFFE && size >= 26 && avail >= 26) {
                format = le16(b, body + 24); // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with it
            }
            const std::uint16_t channels = le16(b, body + 2);
            const std::uint32_t rate = le32(b, body + 4);
            const std::uint16_t bits = le16(b, body + 14);
            if (format != 1 || bits != 16 || channels != 1) {
                return bad(name, "must be 16-bit mono PCM (found format " + std::to_string(format) +
                                     ", " + std::to_string(bits) + " bits, " +
                                     std::to_string(channels) + " channels)");
            }
            if (rate < 8000 || rate > 96000) {
                return bad(name, "sample rate " + std::to_string(rate) + " Hz out of range");
            }
            pcm.sampleRate = static_cast<int>(rate);
            haveFmt = true;
        } else if (tagIs(b, at, "data")) {
            if (!haveFmt) {
                return bad(name, "data chunk before fmt chunk");
            }
            // Streamed writers leave a placeholder size; take what is there.
            const std::size_t bytes = std::min<std::size_t>(size, avail) & ~std::size_t{1};
            pcm.samples.resize(bytes / 2);
            for (std::size_t i = 0; i < pcm.samples.size(); ++i) {
                pcm.samples[i] = static_cast<std::int16_t>(le16(b, body + 2 * i));
            }
            return pcm;
        }
        at = body + size + (size & 1U);
        if (size > avail) {
            break;
        }
    }
    return bad(name, haveFmt ? "no data chunk" : "no fmt chunk");
}

Result<Pcm> readWavFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::invalidArgument, path + ": cannot open");
    }
    std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>()};
    if (in.bad()) {
        return makeError(ErrorCode::invalidArgument, path + ": read error");
    }
    return parseWav(bytes, path);
}

std::vector<std::uint8_t> encodeWav(const Pcm& pcm) {
    const auto dataBytes = static_cast<std::uint32_t>(pcm.samples.size() * 2);
    std::vector<std::uint8_t> out;
    out.reserve(44 + dataBytes);
    putTag(out, "RIFF");
    put32(out, 36 + dataBytes);
    putTag(out, "WAVE");
    putTag(out, "fmt ");
    put32(out, 16);
    put16(out, 1); // PCM
    put16(out, 1); // mono
    put32(out, static_cast<std::uint32_t>(pcm.sampleRate));
    put32(out, static_cast<std::uint32_t>(pcm.sampleRate) * 2);
    put16(out, 2);
    put16(out, 16);
    putTag(out, "data");
    put32(out, dataBytes);
    for (std::int16_t s : pcm.samples) {
        put16(out, static_cast<std::uint16_t>(s));
    }
    return out;
}

Status writeWavFile(const std::string& path, const Pcm& pcm) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        const std::vector<std::uint8_t> bytes = encodeWav(pcm);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) {
            return makeError(ErrorCode::storageFailed, tmp + ": cannot write");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        return makeError(ErrorCode::storageFailed, path + ": " + ec.message());
    }
    return Ok{};
}

} // namespace qmsd::voice
