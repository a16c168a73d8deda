// [rating] (when a counter's rating screen and box may rate, comment length)
// and [[rating_question]] (the office's optional questions along the SIPAS
// elements, answered on the same four levels as the rating).
#include "config/config_checks.hpp"
#include "config/config_section.hpp"

namespace qmsd::config_detail {
namespace {

constexpr Key<RatingSettings> ratingKeys[] = {
    {"counter_minutes", false, &readInto<&RatingSettings::counterMinutes>},
    {"comment_max_chars", false, &readInto<&RatingSettings::commentMaxChars>},
};

void checkRating(const OfficeConfig& config, Problems& problems) {
    checkRange("rating.counter_minutes", config.rating.counterMinutes, 1, 240,
               "how long after a finish the counter's screen and box may rate it; 10 suits most desks", problems);
    checkRange("rating.comment_max_chars", config.rating.commentMaxChars, 0, 2000, "0 turns comments off", problems);
}

// SIPAS (QĐ 2640/QĐ-BNV) measures these five elements.
constexpr std::string_view kElements[] = {"access", "procedure", "officer", "result", "feedback"};
constexpr std::size_t kMaxQuestions = 10;

constexpr Key<RatingQuestion> questionKeys[] = {
    {"id", true, &readInto<&RatingQuestion::id>},
    {"element", true, &readInto<&RatingQuestion::element>},
    {"text", true, &readInto<&RatingQuestion::text>},
    {"text_en", false, &readInto<&RatingQuestion::textEn>},
};

void completeQuestions(const toml::table&, OfficeConfig& config) {
    for (auto& q : config.ratingQuestions) {
        if (q.textEn.empty()) {
            q.textEn = q.text;
        }
    }
}

void checkQuestions(const OfficeConfig& config, Problems& problems) {
    for (std::size_t i = 0; i < config.ratingQuestions.size(); ++i) {
        const RatingQuestion& q = config.ratingQuestions[i];
        std::string path = indexPath("rating_question", i);
        checkId(path + ".id", q.id, problems);
        if (std::find(std::begin(kElements), std::end(kElements), q.element) == std::end(kElements)) {
            problems.add(path + ".element", "unknown SIPAS element " + quote(q.element) +
                                                " (access, procedure, officer, result, feedback)");
        }
        checkText(path + ".text", q.text, problems);
        if (!q.text.empty()) { // an empty text_en defaults to the text: its problem is already said
            checkText(path + ".text_en", q.textEn, problems);
        }
    }
    if (config.ratingQuestions.size() > kMaxQuestions) {
        problems.add(indexPath("rating_question", kMaxQuestions),
                     "at most " + std::to_string(kMaxQuestions) + " questions: a citizen answers them standing at the desk");
    }
    checkUnique(config.ratingQuestions, "rating_question", "id", [](const RatingQuestion& q) { return q.id; },
                problems);
}

} // namespace

extern const ConfigSection ratingSection{"rating", false, &readTable<&OfficeConfig::rating, ratingKeys>, nullptr,
                                         &checkRating};
extern const ConfigSection ratingQuestionSection{"rating_question", false,
                                                 &readTables<&OfficeConfig::ratingQuestions, questionKeys>,
                                                 &completeQuestions, &checkQuestions};

} // namespace qmsd::config_detail
