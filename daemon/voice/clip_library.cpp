#include "voice/clip_library.hpp"

#include "voice/wav_file.hpp"

#include <algorithm>
#include <filesystem>

namespace qmsd::voice {
namespace fs = std::filesystem;

namespace {

// Sorted so that errors and the reference rate do not depend on directory order.
Result<std::vector<fs::path>> wavFiles(const std::string& dir) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        return makeError(ErrorCode::invalidArgument, dir + ": cannot read clip folder: " + ec.message());
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : it) {
        std::error_code fec;
        if (e.is_regular_file(fec) && e.path().extension() == ".wav") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

Result<ClipLibrary> ClipLibrary::load(const std::string& defaultDir, const std::string& userDir) {
    ClipLibrary lib;
    int userRate = 0;
    const std::string* dirs[] = {&defaultDir, &userDir};
    for (const std::string* dirp : dirs) {
        const std::string& dir = *dirp;
        const bool user = dirp == &userDir;
        if (dir.empty()) {
            continue;
        }
        Result<std::vector<fs::path>> files = wavFiles(dir);
        if (!files) {
            return files.error();
        }
        for (const fs::path& path : *files) {
            Result<Pcm> pcm = readWavFile(path.string());
            if (!pcm) {
                return pcm.error();
            }
            if (user) {
                userRate = userRate == 0 ? pcm->sampleRate : userRate;
            }
            lib.clips_[path.stem().string()] = Clip{std::move(*pcm), path.string()};
        }
    }
    if (lib.clips_.empty()) {
        return makeError(ErrorCode::invalidArgument,
                         defaultDir + ": no .wav clips (run tools/voice/make_clips.sh)");
    }
    // Recorded clips set the rate: whatever default clip they did not replace must match.
    lib.sampleRate_ = userRate != 0 ? userRate : lib.clips_.begin()->second.pcm.sampleRate;
    for (const auto& [id, clip] : lib.clips_) {
        if (clip.pcm.sampleRate != lib.sampleRate_) {
            return makeError(ErrorCode::invalidArgument,
                             clip.source + ": " + std::to_string(clip.pcm.sampleRate) +
                                 " Hz, but the clip set is " + std::to_string(lib.sampleRate_) +
                                 " Hz; convert it (e.g. sox IN -r " +
                                 std::to_string(lib.sampleRate_) + " -b 16 -c 1 OUT)");
        }
    }
    return lib;
}

Result<ClipLibrary> ClipLibrary::fromClips(std::map<std::string, Pcm> clips) {
    ClipLibrary lib;
    for (auto& [id, pcm] : clips) {
        if (lib.sampleRate_ == 0) {
            lib.sampleRate_ = pcm.sampleRate;
        } else if (pcm.sampleRate != lib.sampleRate_) {
            return makeError(ErrorCode::invalidArgument, id + ": sample rate differs from the others");
        }
        lib.clips_[id] = Clip{std::move(pcm), ""};
    }
    return lib;
}

const Pcm* ClipLibrary::find(std::string_view id) const {
    auto it = clips_.find(id);
    return it == clips_.end() ? nullptr : &it->second.pcm;
}

std::string ClipLibrary::source(std::string_view id) const {
    auto it = clips_.find(id);
    return it == clips_.end() ? std::string() : it->second.source;
}

std::vector<std::string> ClipLibrary::missing(const std::vector<std::string>& ids) const {
    std::vector<std::string> out;
    for (const std::string& id : ids) {
        if (!has(id) && std::find(out.begin(), out.end(), id) == out.end()) {
            out.push_back(id);
        }
    }
    return out;
}

std::vector<std::string> ClipLibrary::ids() const {
    std::vector<std::string> out;
    out.reserve(clips_.size());
    for (const auto& entry : clips_) {
        out.push_back(entry.first);
    }
    return out;
}

} // namespace qmsd::voice
