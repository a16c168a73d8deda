#include "content/content_checks.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace qmsd {
namespace {

void normalize(std::string& s) {
    std::erase(s, '\r');
    auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\t'; };
    while (!s.empty() && blank(s.back())) {
        s.pop_back();
    }
    std::size_t first = 0;
    while (first < s.size() && blank(s[first])) {
        ++first;
    }
    s.erase(0, first);
}

Status checkText(const std::string& member, std::string& text, std::size_t maxChars, bool required,
                 bool multiline) {
    normalize(text);
    if (!isValidUtf8(text)) {
        return makeError(ErrorCode::invalidArgument, "'" + member + "' is not valid UTF-8");
    }
    if (hasControlCharacter(text, multiline)) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + member + "' contains a control character" +
                             (multiline ? " (only line breaks may be used)" : ""));
    }
    std::size_t chars = codePointCount(text);
    if (required && chars == 0) {
        return makeError(ErrorCode::invalidArgument, "'" + member + "' must not be empty");
    }
    if (chars > maxChars) {
        return makeError(ErrorCode::invalidArgument,
                         "'" + member + "' has " + std::to_string(chars) + " characters, at most " +
                             std::to_string(maxChars) + " are allowed");
    }
    return Ok{};
}

} // namespace

Status normalizeNotice(Notice& n) {
    using L = ContentLimits;
    if (auto st = checkText("title", n.title, L::titleChars, false, false); !st) {
        return st;
    }
    if (auto st = checkText("text", n.text, L::textChars, true, true); !st) {
        return st;
    }
    if (n.screens == 0 || (n.screens & ~kAllScreens) != 0) {
        return makeError(ErrorCode::invalidArgument,
                         "'screens' must name at least one of tv, board, kiosk");
    }
    if (n.order < -L::orderMagnitude || n.order > L::orderMagnitude) {
        return makeError(ErrorCode::invalidArgument, "'order' must be -1000 to 1000");
    }
    if (n.startsAt != TimePoint{} && n.endsAt != TimePoint{} && n.endsAt <= n.startsAt) {
        return makeError(ErrorCode::invalidArgument, "'ends_at' must be after 'starts_at'");
    }
    return Ok{};
}

Status normalizeProcedure(ProcedureSheet& p) {
    using L = ContentLimits;
    if (p.documents.size() > L::maxDocuments) {
        return makeError(ErrorCode::invalidArgument,
                         "'documents' has " + std::to_string(p.documents.size()) +
                             " items, at most " + std::to_string(L::maxDocuments) + " are allowed");
    }
    for (std::size_t i = 0; i < p.documents.size(); ++i) {
        if (auto st = checkText("documents[" + std::to_string(i) + "]", p.documents[i],
                                L::documentChars, true, false);
            !st) {
            return st;
        }
    }
    const std::tuple<const char*, std::string*, std::size_t> texts[] = {
        {"fees", &p.fees, L::feesChars},
        {"processing_time", &p.processingTime, L::processingTimeChars},
        {"legal_basis", &p.legalBasis, L::legalBasisChars},
        {"notes", &p.notes, L::notesChars},
    };
    for (const auto& [member, text, limit] : texts) {
        if (auto st = checkText(member, *text, limit, false, true); !st) {
            return st;
        }
    }
    if (p.documents.empty() && p.fees.empty() && p.processingTime.empty() && p.legalBasis.empty() &&
        p.notes.empty()) {
        return makeError(ErrorCode::invalidArgument,
                         "a procedure sheet needs at least one of documents, fees, "
                         "processing_time, legal_basis, notes");
    }
    return Ok{};
}

} // namespace qmsd
