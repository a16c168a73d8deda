#include "voice/announcement.hpp"

#include "core/transliterate.hpp"

#include <algorithm>
#include <map>

namespace qmsd::voice {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isPunct(char c) { return std::string_view(",.;:!?\"'()-").find(c) != std::string_view::npos; }

char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

struct Token {
    bool number = false;
    std::string text;
};

// Words and digit runs of free text; punctuation is only a separator.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    std::string cur;
    const auto flush = [&out, &cur]() {
        if (!cur.empty()) {
            const bool number = std::all_of(cur.begin(), cur.end(), isDigit);
            out.push_back(Token{number, cur});
            cur.clear();
        }
    };
    for (char c : text) {
        if (isSpace(c) || isPunct(c)) {
            flush();
        } else {
            cur += c;
        }
    }
    flush();
    return out;
}

Result<std::vector<std::string>> readNumber(const std::string& digits, const SpeechStyle& style) {
    if (digits.size() > 6) {
        return makeError(ErrorCode::invalidArgument, "number too long to read: " + digits);
    }
    return numberClips(std::stoi(digits), style.numbers);
}

std::vector<std::string> splitWords(const std::string& words) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(words)) {
        out.push_back(t.text);
    }
    return out;
}

// A phrase by its own clip, else word by word.
Status sayPhrase(const std::string& words, const AnnouncementTemplate::HasClip& hasClip,
                 std::vector<std::string>& clips) {
    const std::string id = phraseClip(words);
    if (hasClip(id)) {
        clips.push_back(id);
        return Ok{};
    }
    std::vector<std::string> wordIds;
    std::string files;
    for (const std::string& w : splitWords(words)) {
        wordIds.push_back(phraseClip(w));
        files += (files.empty() ? "" : ", ") + wordIds.back() + ".wav";
    }
    if (std::all_of(wordIds.begin(), wordIds.end(), hasClip)) {
        clips.insert(clips.end(), wordIds.begin(), wordIds.end());
        return Ok{};
    }
    return makeError(ErrorCode::invalidArgument, "no clip says '" + words + "': add " + id +
                                                     ".wav (or one per word: " + files +
                                                     ") to the clip folder");
}

void appendText(std::string& text, std::string_view words) {
    if (words.empty()) {
        return;
    }
    if (!text.empty()) {
        text += ' ';
    }
    text += words;
}

// Free text (a counter name) the same way as template text.
Status sayText(std::string_view text, const SpeechStyle& style,
               const AnnouncementTemplate::HasClip& hasClip, Spoken& out) {
    std::string phrase;
    const auto flush = [&]() -> Status {
        if (phrase.empty()) {
            return Ok{};
        }
        Status st = sayPhrase(phrase, hasClip, out.clips);
        appendText(out.text, phrase);
        phrase.clear();
        return st;
    };
    for (const Token& t : tokenize(text)) {
        if (!t.number) {
            phrase += (phrase.empty() ? "" : " ") + t.text;
            continue;
        }
        if (Status st = flush(); !st) {
            return st;
        }
        Result<std::vector<std::string>> n = readNumber(t.text, style);
        if (!n) {
            return n.error();
        }
        out.clips.insert(out.clips.end(), n->begin(), n->end());
        appendText(out.text, clipsText(*n));
    }
    return flush();
}

} // namespace

std::string phraseClip(std::string_view words) {
    const std::string ascii = toAscii(words);
    std::string id = "say";
    bool gap = true;
    for (char c : ascii) {
        c = asciiLower(c);
        if ((c >= 'a' && c <= 'z') || isDigit(c)) {
            if (gap) {
                id += '_';
            }
            id += c;
            gap = false;
        } else {
            gap = true;
        }
    }
    return id;
}

Result<std::vector<std::string>> codeClips(std::string_view code, const SpeechStyle& style) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < code.size()) {
        const char c = code[i];
        if (isDigit(c)) {
            std::size_t j = i;
            while (j < code.size() && isDigit(code[j])) {
                ++j;
            }
            const std::string digits(code.substr(i, j - i));
            if (style.codeReading == CodeReading::digits) {
                const std::vector<std::string> d = digitClips(digits);
                out.insert(out.end(), d.begin(), d.end());
            } else {
                Result<std::vector<std::string>> n = readNumber(digits, style);
                if (!n) {
                    return n.error();
                }
                out.insert(out.end(), n->begin(), n->end());
            }
            i = j;
            continue;
        }
        if (isSpace(c) || c == '-' || c == '.') {
            ++i;
            continue;
        }
        // One UTF-8 character: its lead byte says how long it is.
        const auto lead = static_cast<unsigned char>(c);
        const std::size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        const std::string letter = letterClip(code.substr(i, len));
        if (letter.empty()) {
            return makeError(ErrorCode::invalidArgument,
                             "cannot read '" + std::string(code.substr(i, len)) + "' in " +
                                 std::string(code));
        }
        out.push_back(letter);
        i += len;
    }
    if (out.empty()) {
        return makeError(ErrorCode::invalidArgument, "empty ticket code");
    }
    return out;
}

Result<AnnouncementTemplate> AnnouncementTemplate::parse(std::string_view text) {
    AnnouncementTemplate t;
    const auto addLiteral = [&t](std::string_view literal) {
        for (const Token& tok : tokenize(literal)) {
            if (tok.number) {
                t.parts_.push_back(Part{Kind::number, tok.text});
            } else if (!t.parts_.empty() && t.parts_.back().kind == Kind::phrase) {
                t.parts_.back().text += " " + tok.text;
            } else {
                t.parts_.push_back(Part{Kind::phrase, tok.text});
            }
        }
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t open = text.find('{', i);
        addLiteral(text.substr(i, open == std::string_view::npos ? std::string_view::npos : open - i));
        if (open == std::string_view::npos) {
            break;
        }
        const std::size_t close = text.find('}', open);
        if (close == std::string_view::npos) {
            return makeError(ErrorCode::configInvalid, "unclosed '{' in announcement template");
        }
        const std::string_view name = text.substr(open + 1, close - open - 1);
        static const std::map<std::string_view, Kind> kinds{{"chime", Kind::chime},
                                                             {"code", Kind::code},
                                                             {"counter", Kind::counter},
                                                             {"counter_name", Kind::counterName}};
        auto kind = kinds.find(name);
        if (kind == kinds.end()) {
            return makeError(ErrorCode::configInvalid,
                             "unknown placeholder {" + std::string(name) +
                                 "} in announcement template (known: chime, code, counter, "
                                 "counter_name)");
        }
        t.parts_.push_back(Part{kind->second, {}});
        i = close + 1;
    }
    if (std::none_of(t.parts_.begin(), t.parts_.end(),
                     [](const Part& p) { return p.kind == Kind::code; })) {
        return makeError(ErrorCode::configInvalid, "announcement template never says {code}");
    }
    // Tone marks are not in clip names: "bà" and "ba" would share one file.
    std::map<std::string, std::string> seen;
    for (const auto& [id, words] : t.phrases()) {
        std::string lower;
        for (char c : words) {
            lower += asciiLower(c);
        }
        auto [it, fresh] = seen.emplace(id, lower);
        if (!fresh && it->second != lower) {
            return makeError(ErrorCode::configInvalid, "'" + it->second + "' and '" + words +
                                                           "' would share the clip " + id +
                                                           ".wav; reword one");
        }
    }
    return t;
}

std::vector<std::pair<std::string, std::string>> AnnouncementTemplate::phrases() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Part& p : parts_) {
        if (p.kind != Kind::phrase) {
            continue;
        }
        out.emplace_back(phraseClip(p.text), p.text);
        for (const std::string& w : splitWords(p.text)) {
            out.emplace_back(phraseClip(w), w);
        }
    }
    return out;
}

Result<Spoken> AnnouncementTemplate::render(const CallInfo& call, const SpeechStyle& style,
                                            const HasClip& hasClip) const {
    Spoken out;
    for (const Part& p : parts_) {
        switch (p.kind) {
        case Kind::chime:
            out.clips.emplace_back(chimeClip);
            break;
        case Kind::phrase:
            if (Status st = sayPhrase(p.text, hasClip, out.clips); !st) {
                return st.error();
            }
            appendText(out.text, p.text);
            break;
        case Kind::number:
        case Kind::code:
        case Kind::counter: {
            Result<std::vector<std::string>> ids =
                p.kind == Kind::code      ? codeClips(call.code, style)
                : p.kind == Kind::number ? readNumber(p.text, style)
                                         : numberClips(call.counterNumber, style.numbers);
            if (!ids) {
                return ids.error();
            }
            out.clips.insert(out.clips.end(), ids->begin(), ids->end());
            appendText(out.text, clipsText(*ids));
            break;
        }
        case Kind::counterName:
            if (Status st = sayText(call.counterName, style, hasClip, out); !st) {
                return st.error();
            }
            break;
        }
    }
    if (std::find_if_not(out.clips.begin(), out.clips.end(), hasClip) != out.clips.end()) {
        const std::string id = *std::find_if_not(out.clips.begin(), out.clips.end(), hasClip);
        return makeError(ErrorCode::invalidArgument, "no clip " + id + ".wav in the clip folder");
    }
    return out;
}

} // namespace qmsd::voice
