#include "engine/rating.hpp"

#include <array>
#include <charconv>

namespace qmsd {
namespace {

struct LevelInfo {
    std::string_view name, vi, en;
};
constexpr std::array<LevelInfo, kRatingLevels> kLevels{{
    {"dissatisfied", "Không hài lòng", "Dissatisfied"},
    {"neutral", "Bình thường", "Neutral"},
    {"satisfied", "Hài lòng", "Satisfied"},
    {"very_satisfied", "Rất hài lòng", "Very satisfied"},
}};

const LevelInfo* levelInfo(int level) {
    return level >= 1 && level <= kRatingLevels ? &kLevels[static_cast<std::size_t>(level - 1)] : nullptr;
}

} // namespace

std::string_view ratingLevelName(int level) {
    const LevelInfo* l = levelInfo(level);
    return l != nullptr ? l->name : std::string_view{};
}

std::string_view ratingLevelVi(int level) {
    const LevelInfo* l = levelInfo(level);
    return l != nullptr ? l->vi : std::string_view{};
}

std::string_view ratingLevelEn(int level) {
    const LevelInfo* l = levelInfo(level);
    return l != nullptr ? l->en : std::string_view{};
}

std::optional<int> parseRatingLevel(std::string_view name) {
    for (int level = 1; level <= kRatingLevels; ++level) {
        if (kLevels[static_cast<std::size_t>(level - 1)].name == name) {
            return level;
        }
    }
    return std::nullopt;
}

std::string_view ratingChannelName(RatingChannel channel) {
    switch (channel) {
    case RatingChannel::phone:
        return "phone";
    case RatingChannel::screen:
        return "screen";
    case RatingChannel::box:
        return "box";
    }
    return "unknown";
}

std::optional<RatingChannel> parseRatingChannel(std::string_view name) {
    for (auto c : {RatingChannel::phone, RatingChannel::screen, RatingChannel::box}) {
        if (ratingChannelName(c) == name) {
            return c;
        }
    }
    return std::nullopt;
}

int levelFromBoxKey(int key) {
    switch (key) {
    case 5:
        return 4;
    case 4:
        return 3;
    case 3:
        return 2;
    case 2:
    case 1:
        return 1;
    default:
        return 0;
    }
}

int ratingLevelOf(int number, std::string_view channel) {
    if (channel.empty()) {
        return levelFromBoxKey(number);
    }
    return number >= 1 && number <= kRatingLevels ? number : 0;
}

std::string encodeAnswers(const RatingAnswers& answers) {
    std::string out;
    for (const auto& [id, level] : answers) {
        if (!out.empty()) {
            out += ';';
        }
        out += id;
        out += '=';
        out += std::to_string(level);
    }
    return out;
}

RatingAnswers decodeAnswers(std::string_view text) {
    RatingAnswers out;
    while (!text.empty()) {
        std::size_t end = text.find(';');
        std::string_view part = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        std::size_t eq = part.find('=');
        if (eq == 0 || eq == std::string_view::npos) {
            continue;
        }
        int level = 0;
        std::string_view digits = part.substr(eq + 1);
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), level);
        if (ec == std::errc{} && ptr == digits.data() + digits.size() && level >= 1 && level <= kRatingLevels) {
            out[std::string(part.substr(0, eq))] = level;
        }
    }
    return out;
}

} // namespace qmsd
