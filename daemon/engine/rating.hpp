#pragma once
// Citizens' satisfaction ratings (SIPAS): the four-level scale offices use,
// where a rating came from, the rating box's keys on that scale, and a
// rating's answers to the office's questions as the event log stores them.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace qmsd {

// Stored as 1..4 (a ticket_rated event's number, tickets.rating).
enum class RatingLevel { dissatisfied = 1, neutral = 2, satisfied = 3, verySatisfied = 4 };
constexpr int kRatingLevels = 4;

// "very_satisfied", "satisfied", "neutral", "dissatisfied" (stable, on the wire); "" out of range.
std::string_view ratingLevelName(int level);
// "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng".
std::string_view ratingLevelVi(int level);
std::string_view ratingLevelEn(int level);
std::optional<int> parseRatingLevel(std::string_view name);
// Rất hài lòng or Hài lòng: what "share satisfied" counts.
inline bool isSatisfied(int level) { return level >= 3 && level <= 4; }

enum class RatingChannel { phone, screen, box };
std::string_view ratingChannelName(RatingChannel channel); // "phone", "screen", "box"
std::optional<RatingChannel> parseRatingChannel(std::string_view name);

// A five-key rating box on the four levels: 5 → Rất hài lòng, 4 → Hài lòng,
// 3 → Bình thường, 2 and 1 → Không hài lòng. 0 for any other key.
int levelFromBoxKey(int key);

// The level of a ticket_rated event. Events carry the level (1..4) and their
// channel in `reason`; events written before the four-level scale carry the
// box's key (1..5) and no channel, and are read through levelFromBoxKey.
int ratingLevelOf(int number, std::string_view channel);

// Answers to the office's [[rating_question]]s: question id → level. Stored
// in the event as "access=4;officer=3" (ids are [a-z0-9_], sorted).
using RatingAnswers = std::map<std::string, int>;
std::string encodeAnswers(const RatingAnswers& answers);
// Parts that do not read as id=level (1..4) are skipped.
RatingAnswers decodeAnswers(std::string_view text);

} // namespace qmsd
