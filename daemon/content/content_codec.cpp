#include "content/content_codec.hpp"
#include "core/stored_time.hpp"

#include <nlohmann/json.hpp>

namespace qmsd {
namespace {

using Json = nlohmann::json;


// Typed reads that report a wrong type instead of throwing.
bool readString(const Json& j, const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        out.clear();
        return true;
    }
    if (!it->is_string()) {
        return false;
    }
    out = it->get_ref<const std::string&>();
    return true;
}

bool readInt(const Json& j, const char* key, std::int64_t& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        out = 0;
        return true;
    }
    if (!it->is_number_integer()) {
        return false;
    }
    out = it->get<std::int64_t>();
    return true;
}

Result<Json> parseObject(const std::string& payload, const char* what) {
    Json j = Json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return makeError(ErrorCode::storageFailed,
                         std::string("a stored ") + what + " is not a JSON object");
    }
    return j;
}

Error badMember(const char* what, const char* key) {
    return makeError(ErrorCode::storageFailed,
                     std::string("a stored ") + what + " has a bad '" + key + "'");
}

} // namespace

std::string encodeNotice(const Notice& n) {
    Json j{{"id", n.id},
           {"title", n.title},
           {"text", n.text},
           {"starts_ms", millisOrZero(n.startsAt)},
           {"ends_ms", millisOrZero(n.endsAt)},
           {"screens", screenNames(n.screens)},
           {"order", n.order},
           {"version", n.version},
           {"updated_ms", millisOrZero(n.updatedAt)},
           {"updated_by", n.updatedBy}};
    // Replacement, not an exception, for bytes that are not UTF-8 (the API
    // refuses them first; this only keeps a bad caller from stopping the loop).
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string encodeProcedure(const ProcedureSheet& p) {
    Json j{{"field", p.field},
           {"documents", p.documents},
           {"fees", p.fees},
           {"processing_time", p.processingTime},
           {"legal_basis", p.legalBasis},
           {"notes", p.notes},
           {"version", p.version},
           {"updated_ms", millisOrZero(p.updatedAt)},
           {"updated_by", p.updatedBy}};
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Notice> decodeNotice(const std::string& payload) {
    auto j = parseObject(payload, "notice");
    if (!j) {
        return j.error();
    }
    Notice n;
    std::int64_t starts = 0, ends = 0, order = 0, version = 0, updated = 0;
    for (auto [key, out] : {std::pair{"id", &n.id},
                            {"title", &n.title},
                            {"text", &n.text},
                            {"updated_by", &n.updatedBy}}) {
        if (!readString(*j, key, *out)) {
            return badMember("notice", key);
        }
    }
    for (auto [key, out] : {std::pair{"starts_ms", &starts},
                            {"ends_ms", &ends},
                            {"order", &order},
                            {"version", &version},
                            {"updated_ms", &updated}}) {
        if (!readInt(*j, key, *out)) {
            return badMember("notice", key);
        }
    }
    n.startsAt = timeOfMillis(starts);
    n.endsAt = timeOfMillis(ends);
    n.order = static_cast<int>(order);
    n.version = static_cast<int>(version);
    n.updatedAt = timeOfMillis(updated);
    n.screens = 0;
    auto screens = j->find("screens");
    if (screens == j->end() || !screens->is_array()) {
        return badMember("notice", "screens");
    }
    for (const auto& s : *screens) {
        Screen one{};
        if (!s.is_string() || !parseScreen(s.get_ref<const std::string&>(), one)) {
            return badMember("notice", "screens");
        }
        n.screens |= one;
    }
    if (n.id.empty()) {
        return badMember("notice", "id");
    }
    return n;
}

Result<ProcedureSheet> decodeProcedure(const std::string& payload) {
    auto j = parseObject(payload, "procedure sheet");
    if (!j) {
        return j.error();
    }
    ProcedureSheet p;
    std::int64_t version = 0, updated = 0;
    for (auto [key, out] : {std::pair{"field", &p.field},
                            {"fees", &p.fees},
                            {"processing_time", &p.processingTime},
                            {"legal_basis", &p.legalBasis},
                            {"notes", &p.notes},
                            {"updated_by", &p.updatedBy}}) {
        if (!readString(*j, key, *out)) {
            return badMember("procedure sheet", key);
        }
    }
    for (auto [key, out] : {std::pair{"version", &version}, {"updated_ms", &updated}}) {
        if (!readInt(*j, key, *out)) {
            return badMember("procedure sheet", key);
        }
    }
    p.version = static_cast<int>(version);
    p.updatedAt = timeOfMillis(updated);
    auto docs = j->find("documents");
    if (docs != j->end() && !docs->is_null()) {
        if (!docs->is_array()) {
            return badMember("procedure sheet", "documents");
        }
        for (const auto& d : *docs) {
            if (!d.is_string()) {
                return badMember("procedure sheet", "documents");
            }
            p.documents.push_back(d.get<std::string>());
        }
    }
    if (p.field.empty()) {
        return badMember("procedure sheet", "field");
    }
    return p;
}

} // namespace qmsd
