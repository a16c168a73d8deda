#pragma once
// An office's announcement template, e.g.
//   "{chime} Mời công dân có số {code} đến quầy số {counter}"
// turned into the clip ids to join for one call, and the same words as text.
//
// Placeholders: {chime}; {code} the ticket code ("A012": letter names, then
// the number, or its digits); {counter} the counter number read as a number;
// {counter_name} the counter's configured name ("Quầy 3"). Literal text is
// spoken by phrase clips: each run of words between placeholders or numbers
// is one clip say_<ascii words joined by _>.wav ("say_moi_cong_dan_co_so"),
// or, if the folder has no such clip, one say_<word>.wav per word. Digits in
// literal text or a counter name are read as numbers.
#include "core/result.hpp"
#include "voice/vietnamese_numbers.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::voice {

// How a ticket code's number is read: "A012" as "a mười hai" (number: the
// zero padding is how it is printed, not what it is) or "a không một hai".
enum class CodeReading { number, digits };

struct SpeechStyle {
    NumberStyle numbers;
    CodeReading codeReading = CodeReading::number;
};

struct CallInfo {
    std::string code; // "A012", "1023"
    int counterNumber = 0;
    std::string counterName; // "Quầy 3"
};

struct Spoken {
    std::vector<std::string> clips; // ids, in order
    std::string text;               // "Mời công dân có số a mười hai đến quầy số ba"
};

inline constexpr std::string_view defaultTemplate =
    "{chime} Mời công dân có số {code} đến quầy số {counter}";

// The clip id of a run of words: "Mời công dân" → "say_moi_cong_dan". Tone
// marks are dropped so files can be named on any machine; two different
// phrases that collide are refused by AnnouncementTemplate::parse.
std::string phraseClip(std::string_view words);

// Clip ids for a ticket code; invalidArgument for a character it cannot read.
Result<std::vector<std::string>> codeClips(std::string_view code, const SpeechStyle& style);

class AnnouncementTemplate {
  public:
    // Unknown placeholders, an unclosed brace, nothing to say, or two
    // phrases sharing a clip name are refused.
    static Result<AnnouncementTemplate> parse(std::string_view text);

    using HasClip = std::function<bool(std::string_view id)>;
    // The clips for one call. A phrase (or, failing it, each of its words)
    // without a clip is an error naming the files that would fix it.
    Result<Spoken> render(const CallInfo& call, const SpeechStyle& style,
                          const HasClip& hasClip) const;

    // Phrase clips the template's literal text needs (for make_clips.sh and
    // for checking a clip folder at start-up), as {id, words}.
    std::vector<std::pair<std::string, std::string>> phrases() const;

  private:
    enum class Kind { phrase, number, chime, code, counter, counterName };
    struct Part {
        Kind kind = Kind::phrase;
        std::string text; // phrase words or number digits
    };
    std::vector<Part> parts_;
};

} // namespace qmsd::voice
