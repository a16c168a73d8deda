#pragma once
// The fixed clip vocabulary: one WAV file per id (<id>.wav) in the clip
// folder. Ids are ASCII so recorded replacements can be named on any machine;
// the table maps each to the Vietnamese word it must say.
#include <string>
#include <string_view>
#include <vector>

namespace qmsd::voice {

inline constexpr std::string_view chimeClip = "chime";

// The UTF-8 word a fixed-vocabulary id stands for ("muoi_tens" → "mươi");
// empty for ids outside it (template phrases) and for the chime.
std::string_view clipWord(std::string_view id);
// Every id of the fixed vocabulary (digits, number words, letters, chime).
std::vector<std::string> fixedVocabulary();
// The clip of one letter of a ticket prefix, "A" → "letter_a", "Đ" → "letter_dd";
// empty if it is not a letter.
std::string letterClip(std::string_view utf8Letter);

// "một nghìn không trăm hai mươi ba": the words of ids joined by spaces
// (phrase ids, which have no table word, appear as themselves).
std::string clipsText(const std::vector<std::string>& ids);

} // namespace qmsd::voice
