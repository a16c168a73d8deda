#include "voice/vocabulary.hpp"

#include <array>
#include <utility>

namespace qmsd::voice {
namespace {

struct Word {
    std::string_view id;
    std::string_view text;
};

// Letter names as Vietnamese speakers spell them aloud (a, bê, xê, dê…);
// F, J, W, Z are not in the Vietnamese alphabet and get their usual loan names.
constexpr std::array kWords{
    Word{"num_0", "không"},   Word{"num_1", "một"},       Word{"num_2", "hai"},
    Word{"num_3", "ba"},      Word{"num_4", "bốn"},       Word{"num_5", "năm"},
    Word{"num_6", "sáu"},     Word{"num_7", "bảy"},       Word{"num_8", "tám"},
    Word{"num_9", "chín"},    Word{"muoi", "mười"},       Word{"muoi_tens", "mươi"},
    Word{"tram", "trăm"},     Word{"nghin", "nghìn"},     Word{"ngan", "ngàn"},
    Word{"linh", "linh"},     Word{"le", "lẻ"},           Word{"mot_tens", "mốt"},
    Word{"tu", "tư"},         Word{"lam", "lăm"},         Word{"letter_a", "a"},
    Word{"letter_b", "bê"},   Word{"letter_c", "xê"},     Word{"letter_d", "dê"},
    Word{"letter_dd", "đê"},  Word{"letter_e", "e"},      Word{"letter_f", "ép"},
    Word{"letter_g", "giê"},  Word{"letter_h", "hát"},    Word{"letter_i", "i"},
    Word{"letter_j", "gi"},   Word{"letter_k", "ca"},     Word{"letter_l", "e lờ"},
    Word{"letter_m", "em mờ"}, Word{"letter_n", "en nờ"}, Word{"letter_o", "o"},
    Word{"letter_p", "pê"},   Word{"letter_q", "quy"},    Word{"letter_r", "e rờ"},
    Word{"letter_s", "ét xì"}, Word{"letter_t", "tê"},    Word{"letter_u", "u"},
    Word{"letter_v", "vê"},   Word{"letter_w", "vê kép"}, Word{"letter_x", "ích xì"},
    Word{"letter_y", "i dài"}, Word{"letter_z", "dét"},
};

} // namespace

std::string_view clipWord(std::string_view id) {
    for (const Word& w : kWords) {
        if (w.id == id) {
            return w.text;
        }
    }
    return {};
}

std::vector<std::string> fixedVocabulary() {
    std::vector<std::string> ids;
    ids.reserve(kWords.size() + 1);
    for (const Word& w : kWords) {
        ids.emplace_back(w.id);
    }
    ids.emplace_back(chimeClip);
    return ids;
}

std::string letterClip(std::string_view utf8Letter) {
    if (utf8Letter == "Đ" || utf8Letter == "đ") {
        return "letter_dd";
    }
    if (utf8Letter.size() != 1) {
        return {};
    }
    char c = utf8Letter[0];
    if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
    }
    if (c < 'a' || c > 'z') {
        return {};
    }
    return std::string("letter_") + c;
}

std::string clipsText(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) {
        if (id == chimeClip) {
            continue;
        }
        std::string_view word = clipWord(id);
        if (!out.empty()) {
            out += ' ';
        }
        out += word.empty() ? std::string_view(id) : word;
    }
    return out;
}

} // namespace qmsd::voice
