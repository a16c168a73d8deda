#pragma once
// The clips an office speaks with: every <id>.wav of the default set
// (generated at build time by tools/voice/make_clips.sh), each replaced by a
// file of the same name in the office's own folder of recorded clips, which
// may also add phrases. All must be 16-bit mono PCM of one sample rate.
#include "core/result.hpp"
#include "voice/pcm.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::voice {

class ClipLibrary {
  public:
    // userDir may be empty (no recorded clips). A missing or unreadable
    // folder, a bad file or a second sample rate is an error naming it.
    static Result<ClipLibrary> load(const std::string& defaultDir, const std::string& userDir);
    // From clips in memory (tests, generated sets); rates must agree.
    static Result<ClipLibrary> fromClips(std::map<std::string, Pcm> clips);

    const Pcm* find(std::string_view id) const;
    bool has(std::string_view id) const { return find(id) != nullptr; }
    // The file a clip came from ("" for clips given in memory).
    std::string source(std::string_view id) const;
    int sampleRate() const { return sampleRate_; }
    std::size_t size() const { return clips_.size(); }
    std::vector<std::string> missing(const std::vector<std::string>& ids) const;
    std::vector<std::string> ids() const;

  private:
    struct Clip {
        Pcm pcm;
        std::string source;
    };
    std::map<std::string, Clip, std::less<>> clips_;
    int sampleRate_ = 0;
};

} // namespace qmsd::voice
